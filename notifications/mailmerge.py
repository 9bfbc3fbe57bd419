"""Mail merge: the emails of one publish differ only in the person — their name and their signed
link. So the templates are rendered once per document, version, deadline and kind of notice,
with stand-ins for the two, and the MIME message is built and encoded once; each person's
letter is the stand-ins replaced (their address, a new Message-ID and Date too). Rendering
three templates and encoding a message took longer per email than the SMTP conversation
(bench/README.md, delivery-email).

What is merged is checked: the group's first letter is also built in full, the usual way, and
compared text by text and byte by byte (the same Date, Message-ID and MIME boundary). A template
that uses anything else of the person than their name and link renders differently for the
stand-ins, fails the check, and its group is built in full, letter by letter, as before."""

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME
from django.utils.functional import cached_property
from django.utils.html import escape

from .links import acknowledgement_linker

# What sanitize_address leaves as it is (it parses every address: a fifth of a letter's time).
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
# A merged letter's name, link or address longer than this is built in full: a stand-in's line
# must not grow past what the full build would have wrapped or encoded.
LONGEST_VALUE = 200


@dataclass
class Letter:
    """One notice's email: `raw`, the message encoded, goes straight to an SMTP connection; any
    other mail backend (the tests' locmem outbox) is given the message object, made when asked."""

    make: Callable[[], EmailMultiAlternatives]
    raw: bytes | None = None
    sender: str = ""
    recipient: str = ""

    @cached_property
    def message(self) -> EmailMultiAlternatives:
        return self.make()

    def send(self, connection):
        smtp = connection.connection if isinstance(connection, SmtpBackend) else None
        if self.raw is not None and smtp is not None:
            smtp.sendmail(self.sender, [self.recipient], self.raw)
        else:
            self.message.connection = connection
            self.message.send()


def group_key(notice):
    """Notices whose letters differ only in the person; None: built on its own. An escalation
    names the late person (the acknowledgement's, not the recipient's): never merged."""
    ack = notice.acknowledgement
    if ack is None or notice.kind == "escalation":
        return None
    return (notice.kind, ack.content_type_id, ack.object_id, ack.version, ack.deadline)


def letters(notices, channel) -> list[tuple]:
    """(notice, Letter) for each notice, in order; `channel` renders (notifications.channels)."""
    merges, out = {}, []
    for notice in notices:
        key = group_key(notice)
        if key is not None and key not in merges:
            merges[key] = _Merge(channel, notice)
        merge = merges.get(key)
        if merge is not None and merge.ok:
            out.append((notice, merge.letter(notice)))
        else:
            built = channel.build(notice)  # now: in the language the caller chose
            out.append((notice, Letter(lambda built=built: built)))
    return out


class _Stand:
    """The recipient, as the templates see it: a name only."""

    def __init__(self, full_name):
        self.full_name = full_name


class _Merge:
    def __init__(self, channel, first):
        self.channel = channel
        self.link_of = acknowledgement_linker()
        token = secrets.token_hex(8)
        self.marks = {
            name: f"hrflowmerge{token}{name}"
            for name in ("nametext", "linktext", "namehtml", "linkhtml", "to", "date", "id")
        }
        self.to_mark = self.marks["to"] + "@merge.invalid"
        marks = self.marks
        subject, text, _ = channel.render(
            channel.context(first, _Stand(marks["nametext"]), marks["linktext"])
        )
        _, _, html = channel.render(
            channel.context(first, _Stand(marks["namehtml"]), marks["linkhtml"])
        )
        self.subject, self.text, self.html = subject, text, html
        template = channel.compose(subject, text, html, self.to_mark, headers={
            "Date": marks["date"], "Message-ID": marks["id"]})  # fmt: skip
        mime = template.message()
        self.raw = mime.as_bytes(linesep="\r\n")
        self.boundary = mime.get_boundary() or ""
        self.encoding = template.encoding or settings.DEFAULT_CHARSET
        self.sender = sanitize_address(template.from_email, self.encoding)
        self.ok = all(mark not in subject for mark in marks.values()) and self._checks(first)

    def letter(self, notice, date=None, message_id=None) -> Letter:
        recipient = notice.recipient
        name, link = recipient.full_name, self.link_of(notice.acknowledgement)
        email = recipient.user.email
        values = {"nametext": name, "linktext": link, "namehtml": escape(name),
                  "linkhtml": escape(link)}  # fmt: skip
        letter = Letter(lambda: self.channel.compose(
            self.subject, self._merged(self.text, values), self._merged(self.html, values), email
        ))  # fmt: skip
        try:
            to = email if PLAIN_ADDRESS.fullmatch(email) else sanitize_address(email, self.encoding)
            encoded = {key: value.encode("utf-8") for key, value in values.items()}
            encoded.update(to=to.encode("ascii"), date=(date or formatdate(
                localtime=settings.EMAIL_USE_LOCALTIME)).encode("ascii"),
                id=(message_id or make_msgid(domain=DNS_NAME)).encode("ascii"))  # fmt: skip
        except (ValueError, UnicodeError):  # an address the full build encodes its own way
            return letter
        if email and all(
            len(value) <= LONGEST_VALUE and self.boundary.encode("ascii") not in value
            for value in encoded.values()
        ):
            raw = self.raw.replace(self.to_mark.encode("ascii"), encoded["to"])
            for key, value in encoded.items():
                raw = raw.replace(self.marks[key].encode("ascii"), value)
            letter.raw, letter.sender, letter.recipient = raw, self.sender, to
        return letter

    def _merged(self, text, values):
        for key, value in values.items():
            text = text.replace(self.marks[key], value)
        return text

    def _checks(self, notice) -> bool:
        """The first letter, merged, is what building it in full gives."""
        date, message_id = formatdate(), make_msgid(domain=DNS_NAME)
        merged = self.letter(notice, date=date, message_id=message_id)
        full = self.channel.build(notice)
        same_text = (merged.message.subject, merged.message.body, merged.message.alternatives) == (
            full.subject, full.body, full.alternatives)  # fmt: skip
        if not same_text or merged.raw is None:
            return False
        full.extra_headers.update({"Date": date, "Message-ID": message_id})
        mime = full.message()
        if self.boundary:
            mime.set_boundary(self.boundary)
        return mime.as_bytes(linesep="\r\n") == merged.raw
