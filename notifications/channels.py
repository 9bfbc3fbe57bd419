"""Delivery channels. Each takes a batch of claimed notices and says which were sent and
which failed (with why). A new channel (LINE) is one class and one entry in CHANNELS."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import translation

from . import mailmerge
from .line import LineChannel
from .links import acknowledgement_link


@dataclass
class Outcome:
    sent: list = field(default_factory=list)
    failed: dict = field(default_factory=dict)  # notice pk → error text
    # Failed notices that no retry would help (LINE refused the message): failed now.
    permanent: set = field(default_factory=set)
    # Not tried or rate limited, through no fault of their own: pk → (why, seconds to wait).
    deferred: dict = field(default_factory=dict)


class InAppChannel:
    """The inbox reads the notice rows themselves: delivery is marking them visible (all at
    once by the caller: nothing outside HRFlow has seen them, so nothing can be doubled)."""

    def send(self, notices, on_sent=None) -> Outcome:
        return Outcome(sent=list(notices))


class EmailChannel:
    def send(self, notices, on_sent=None) -> Outcome:
        """on_sent(notice) is called as soon as the mail server accepted the notice's message."""
        outcome = Outcome()
        # A batch is mostly one publish: each document is read once, not once per message, and
        # its letters are rendered once, then merged with each person (notifications.mailmerge).
        prefetch_related_objects([n.acknowledgement for n in notices if n.acknowledgement_id],
                                 "document")  # fmt: skip
        with translation.override(settings.LANGUAGE_CODE):
            letters = mailmerge.letters(notices, self)
        try:
            connection = mail.get_connection()
            connection.open()
        except Exception as error:  # the SMTP server is down: every row is retried later
            outcome.failed = {notice.pk: f"mail server: {error}" for notice, _ in letters}
            return outcome
        try:
            for notice, letter in letters:
                try:
                    letter.send(connection)
                except Exception as error:
                    outcome.failed[notice.pk] = str(error)
                    continue
                outcome.sent.append(notice)
                if on_sent is not None:
                    on_sent(notice)
        finally:
            connection.close()
        return outcome

    def build(self, notice):
        ack = notice.acknowledgement
        if ack is None:
            return self.build_message(notice)
        subject, text, html = self.render(self.context(notice, notice.recipient, self.link(notice)))
        return self.compose(subject, text, html, notice.recipient.user.email)

    def link(self, notice):
        return acknowledgement_link(notice.acknowledgement)

    def context(self, notice, recipient, link) -> dict:
        """What the templates see. Of the person, only `recipient.full_name` and `link` (the
        mail merge stands in for those two and checks that nothing else differs)."""
        ack = notice.acknowledgement
        return {
            "notice": notice,
            "ack": ack,
            "document": ack.document,
            "recipient": recipient,
            "link": link,
            "site_url": settings.HRFLOW_SITE_URL,
        }

    def render(self, context) -> tuple[str, str, str]:
        subject = render_to_string("notifications/email/subject.txt", context, using="text")
        text = render_to_string("notifications/email/body.txt", context, using="text")
        html = render_to_string("notifications/email/body.html", context)
        return subject, text, html

    def compose(self, subject, text, html, to, headers=None):
        message = mail.EmailMultiAlternatives(
            subject=" ".join(subject.split()), body=text, to=[to], headers=headers
        )
        message.attach_alternative(html, "text/html")
        return message

    def build_message(self, notice):
        context = {
            "notice": notice,
            "recipient": notice.recipient,
            "link": settings.HRFLOW_SITE_URL + notice.link if notice.link else "",
        }
        return mail.EmailMessage(
            subject=" ".join(notice.subject.split()),
            body=render_to_string("notifications/email/message.txt", context, using="text"),
            to=[notice.recipient.user.email],
        )


CHANNELS = {"inapp": InAppChannel(), "email": EmailChannel(), "line": LineChannel()}


def get(name):
    return CHANNELS[name]
