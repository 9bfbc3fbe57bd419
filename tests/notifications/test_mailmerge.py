"""The mail merge (notifications/mailmerge.py): a publish's letters, merged from one rendering of
its templates, are each the letter built in full for that person — subject, text, HTML and the
very bytes an SMTP server is given — and a template that uses more of the person is built in
full, person by person. The marks of sent emails sent ahead (postgres.SentMarks) let other
queries through and raise what failed."""

import email
import time

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import sanitize_address
from django.db import DatabaseError, transaction
from django.utils import timezone, translation

from notifications import mailmerge
from notifications.channels import EmailChannel
from notifications.links import read_token
from notifications.models import Notice
from notifications.services import postgres

pytestmark = pytest.mark.django_db

# Names an HTML page must escape, a long one, and Thai.
NAMES = ['<b>"ฟ้า" & ฝน</b>', "สมหญิง ใจดีมากมายเหลือเกินจริงๆ" * 3, "O'Brien <o@x>"]


class RecordingSmtp:
    """What smtplib.SMTP.sendmail is given: the envelope and the message's bytes."""

    def __init__(self):
        self.sent = []

    def sendmail(self, sender, recipients, raw):
        self.sent.append((sender, recipients, raw))


@pytest.fixture(autouse=True)
def one_second_for_signed_links(monkeypatch):
    """A merged letter and the one built in full are made moments apart, and a signed link
    carries the second it was signed in: each test signs in one second (taken when it starts),
    so the two are compared on what they say, not on when the clock ticked between them."""
    second = signing.b62_encode(int(time.time()))
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: second)


@pytest.fixture
def announced(org, publish, settings):
    settings.HRFLOW_NOTICE_CHANNELS = ["email"]
    people = [org.clerk, org.employee, org.executive, org.head]
    for person, name in zip(people, NAMES, strict=False):
        person.title, person.first_name, person.last_name = "", name, ""
        person.save()
    publish()
    return list(
        Notice.objects.filter(kind=Notice.Kind.ANNOUNCE, channel=Notice.Channel.EMAIL)
        .select_related("recipient__user", "acknowledgement__content_type")
        .order_by("pk")
    )


def merged(notices, channel):
    with translation.override(django_settings.LANGUAGE_CODE):
        return mailmerge.letters(notices, channel)


def full(channel, notice, raw=None):
    """The letter built the usual way; with `raw`, encoded with its Date, Message-ID and MIME
    boundary, so the two can be compared byte for byte."""
    with translation.override(django_settings.LANGUAGE_CODE):
        message = channel.build(notice)
    if raw is None:
        return message
    received = email.message_from_bytes(raw)
    message.extra_headers.update(Date=received["Date"], **{"Message-ID": received["Message-ID"]})
    mime = message.message()
    mime.set_boundary(received.get_boundary())
    return mime.as_bytes(linesep="\r\n")


def test_each_merged_letter_is_the_letter_built_in_full_for_its_person(announced):
    channel = EmailChannel()
    letters = merged(announced, channel)

    assert len(letters) == len(announced) > 3
    # Merged, encoded once: all but the name too long to stand in a line (encoded in full).
    assert [n.recipient.first_name for n, x in letters if x.raw is None] == [NAMES[1]]
    for notice, letter in letters:
        built = full(channel, notice)
        assert (letter.message.subject, letter.message.body, letter.message.to) == (
            built.subject, built.body, built.to)  # fmt: skip
        assert letter.message.alternatives == built.alternatives
        if letter.raw is not None:
            assert letter.raw == full(channel, notice, letter.raw)
    # Each person's own name (escaped in the HTML) and own signed link.
    notice, letter = next((n, x) for n, x in letters if n.recipient.first_name == NAMES[0])
    [(html, _)] = letter.message.alternatives
    assert NAMES[0] in letter.message.body
    assert "&lt;b&gt;&quot;ฟ้า&quot; &amp; ฝน&lt;/b&gt;" in html and NAMES[0] not in html
    tokens = {x.message.body.split("/a/")[1].split("/")[0] for _, x in letters}
    assert {read_token(t)["e"] for t in tokens} == {n.recipient_id for n in announced}
    ids = {email.message_from_bytes(x.raw)["Message-ID"] for _, x in letters if x.raw}
    assert len(ids) == len(letters) - 1


def test_a_merged_letter_goes_to_an_smtp_connection_as_its_bytes(announced):
    letters = merged(announced, EmailChannel())
    backend = EmailBackend(host="127.0.0.1", port=1)
    backend.connection = RecordingSmtp()

    for _, letter in letters:
        letter.send(backend)

    sent = backend.connection.sent
    assert [to for _, to, _ in sent] == [[n.recipient.user.email] for n, _ in letters]
    assert [raw for (_, _, raw), (_, x) in zip(sent, letters, strict=True) if x.raw] == [
        x.raw for _, x in letters if x.raw
    ]
    # The one built in full went through Django's own SMTP path, encoded there.
    [(_, _, raw)] = [s for s, (_, x) in zip(sent, letters, strict=True) if x.raw is None]
    assert b"Content-Type: multipart/alternative" in raw
    senders = {sender for sender, _, _ in backend.connection.sent}
    assert senders == {sanitize_address(django_settings.DEFAULT_FROM_EMAIL, "utf-8")}


class ShoutingChannel(EmailChannel):
    """A template that uses the person's name otherwise than as it is (upper-cased)."""

    def render(self, context):
        subject, text, html = super().render(context)
        return subject, text + context["recipient"].full_name.upper(), html


def test_a_template_that_uses_more_of_the_person_is_built_in_full_for_each(announced):
    channel = ShoutingChannel()
    letters = merged(announced, channel)

    assert all(letter.raw is None for _, letter in letters)
    for notice, letter in letters:
        built = full(channel, notice)
        assert (letter.message.body, letter.message.alternatives) == (
            built.body, built.alternatives)  # fmt: skip
        assert letter.message.body.endswith(notice.recipient.full_name.upper())


@pytest.mark.postgres
def test_marks_sent_ahead_let_other_queries_through_and_raise_what_failed(announced):
    [first, second, *_] = announced
    with postgres.SentMarks() as marks:
        marks.mark(first.pk, timezone.now())
        # Another query on the connection while the mark's answer waits: it is read first.
        assert Notice.objects.get(pk=first.pk).status == Notice.Status.SENT
        marks.mark(second.pk, timezone.now())
    assert Notice.objects.get(pk=second.pk).status == Notice.Status.SENT

    with pytest.raises(DatabaseError, match="marking a sent notice failed"):
        with transaction.atomic(), postgres.SentMarks() as marks:
            marks.mark("not a number", timezone.now())
    assert Notice.objects.filter(status=Notice.Status.SENT).count() == 2
