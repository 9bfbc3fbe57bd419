"""The outbox and the acknowledgements: announce, deliver, claim, sweep, acknowledge, remind."""

import datetime as dt
import re
import socket

import pytest
from celery.signals import before_task_publish
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from hrflow.celery import app
from hrflow.thai import format_date
from notifications import services
from notifications.links import read_token
from notifications.models import Acknowledgement, Notice
from notifications.services import AcknowledgementError
from workflows import services as workflow

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def ack_of(circular, person):
    return Acknowledgement.objects.for_document(circular).get(employee=person)


def notices(**filters):
    return Notice.objects.filter(**filters)


@pytest.fixture
def queued():
    """The delivery messages handed to the broker during the test, as lists of notice ids.

    They really go to the configured broker; the queue is purged afterwards so no later
    worker acts on rows this test's rollback removed."""
    sent = []

    def record(sender=None, body=None, **kwargs):
        if sender == "notifications.tasks.deliver_notices":
            sent.append(sorted(body[0][0]))

    before_task_publish.connect(record, weak=False)
    yield sent
    before_task_publish.disconnect(record)
    app.control.purge()


# --- announce ---------------------------------------------------------------------------------


def test_publishing_asks_each_recipient_once_and_queues_a_notice_per_channel(org, publish):
    org.employee.user.email = ""
    org.employee.user.save()
    circular = publish()

    audience = {org.head.pk, org.clerk.pk, org.executive.pk, org.employee.pk}
    asked = Acknowledgement.objects.for_document(circular)
    assert sorted(asked.values_list("employee_id", flat=True)) == sorted(audience)
    assert set(asked.values_list("version", "content_hash", "deadline")) == {
        (circular.version, circular.content_hash, circular.deadline)
    }
    assert all(a.acknowledged_at is None for a in asked)
    assert sorted(notices(channel="inapp").values_list("recipient_id", flat=True)) == sorted(
        audience
    )
    assert set(notices(channel="email").values_list("recipient_id", flat=True)) == audience - {
        org.employee.pk
    }
    assert set(Notice.objects.values_list("kind", "status", "attempts")) == {
        (Notice.Kind.ANNOUNCE, Notice.Status.PENDING, 0)
    }


def test_without_the_email_channel_only_in_app_notices_are_made(org, publish, settings):
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp"]
    publish()
    assert Notice.objects.count() == notices(channel="inapp").count() == 4


def test_delivery_is_handed_to_the_broker_only_once_the_publish_commits(
    org, publish, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish()
    assert queued == []
    for callback in callbacks:
        callback()
    # The last batch is the publish's (the one before it told the approvers of the submit).
    assert queued[-1] == sorted(Notice.objects.values_list("pk", flat=True))


# --- deliver ----------------------------------------------------------------------------------


def test_delivery_marks_in_app_notices_sent_and_mails_thai_html_and_text(
    org, publish, mailoutbox, settings
):
    circular = publish(audience=[{"kind": "person", "id": org.employee.pk}])
    ids = list(Notice.objects.values_list("pk", flat=True))

    assert services.deliver(ids) == {"claimed": 2, "sent": 2, "failed": 0}

    assert set(Notice.objects.values_list("status", "attempts", "last_error")) == {
        (Notice.Status.SENT, 1, "")
    }
    assert all(n.sent_at is not None for n in Notice.objects.all())
    [message] = mailoutbox
    with translation.override("th"):
        subject = f"{gettext('Please acknowledge')}: {circular.title}"
    assert message.subject == subject
    assert message.to == [org.employee.user.email]
    deadline = format_date(circular.deadline, lang="th")
    assert deadline.endswith(str(circular.deadline.year + 543))
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    for text in (message.body, html):
        assert circular.title in text
        assert circular.number_display in text
        assert deadline in text

    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(settings.HRFLOW_SITE_URL + "/")
    assert f'href="{link}"' in html
    token = link.rstrip("/").rsplit("/", 1)[-1]
    ack = ack_of(circular, org.employee)
    assert read_token(token) == {"a": ack.pk, "e": org.employee.pk}
    assert read_token(token[:-2] + "xx") is None


HOSTILE_TITLE = """คู่มือ (Dos & Don'ts) "ฉบับย่อ" <ใช้ภายใน>"""


def test_mail_subjects_and_text_bodies_carry_a_title_as_written_not_html_escaped(
    org, publish, mailoutbox
):
    publish(audience=[{"kind": "person", "id": org.employee.pk}], title=HOSTILE_TITLE)
    services.notify([org.clerk.pk], subject=HOSTILE_TITLE, text="A & B <C>", key="escape")
    services.deliver(list(Notice.objects.values_list("pk", flat=True)))

    announce, message = sorted(mailoutbox, key=lambda m: m.to != [org.employee.user.email])
    assert announce.subject.endswith(": " + HOSTILE_TITLE)
    assert HOSTILE_TITLE in announce.body
    assert message.subject == HOSTILE_TITLE
    assert HOSTILE_TITLE in message.body and "A & B <C>" in message.body
    for text in (announce.subject, announce.body, message.subject, message.body):
        assert "&amp;" not in text and "&#x27;" not in text and "&lt;" not in text
    # The HTML part is HTML: there the title is escaped, as it must be.
    [(html, _)] = announce.alternatives
    assert "(Dos &amp; Don&#x27;ts) &quot;ฉบับย่อ&quot; &lt;ใช้ภายใน&gt;" in html


def test_delivering_the_same_notices_again_sends_nothing_twice(org, publish, mailoutbox):
    publish()
    ids = list(Notice.objects.values_list("pk", flat=True))
    services.deliver(ids)
    sent_at = dict(Notice.objects.values_list("pk", "sent_at"))
    assert len(mailoutbox) == 4

    assert services.deliver(ids) == {"claimed": 0, "sent": 0, "failed": 0}
    assert dict(Notice.objects.values_list("pk", "sent_at")) == sent_at
    assert len(mailoutbox) == 4


# --- claim and lease --------------------------------------------------------------------------


def test_a_notice_claimed_by_one_worker_is_not_claimed_by_another(org, publish):
    publish()
    ids = list(Notice.objects.values_list("pk", flat=True))
    first = services.claim(ids)
    assert sorted(n.pk for n in first) == sorted(ids)
    assert services.claim(ids) == []
    assert set(Notice.objects.values_list("status", "attempts")) == {(Notice.Status.SENDING, 1)}
    assert len(set(Notice.objects.values_list("lease_token", flat=True))) == 1


def test_a_notice_whose_lease_ran_out_is_claimed_again(org, publish):
    publish()
    ids = list(Notice.objects.values_list("pk", flat=True))
    first_token = services.claim(ids)[0].lease_token
    expired, live = ids[0], ids[1]
    notices(pk=expired).update(lease_until=timezone.now() - dt.timedelta(seconds=1))

    again = services.claim(ids)
    assert [n.pk for n in again] == [expired]
    assert again[0].attempts == 2 and again[0].lease_token != first_token
    assert notices(pk=live).get().lease_token == first_token


def test_a_notice_that_used_its_attempts_is_not_claimed(org, publish, settings):
    publish()
    notices().update(attempts=settings.HRFLOW_NOTICE_MAX_ATTEMPTS)
    assert services.claim(list(Notice.objects.values_list("pk", flat=True))) == []


# --- sweep ------------------------------------------------------------------------------------


def test_the_sweep_requeues_waiting_rows_and_gives_up_on_spent_ones(org, publish, settings, queued):
    publish()
    waiting, expired, leased, sent, spent, *_ = Notice.objects.order_by("pk")
    now = timezone.now()
    notices(pk=expired.pk).update(
        status=Notice.Status.SENDING, attempts=1, lease_until=now - dt.timedelta(minutes=1)
    )
    notices(pk=leased.pk).update(
        status=Notice.Status.SENDING, attempts=1, lease_until=now + dt.timedelta(minutes=4)
    )
    notices(pk=sent.pk).update(status=Notice.Status.SENT, attempts=1, sent_at=now)
    notices(pk=spent.pk).update(attempts=settings.HRFLOW_NOTICE_MAX_ATTEMPTS)
    others = sorted(set(Notice.objects.values_list("pk", flat=True)) - {leased.pk, sent.pk})
    others.remove(spent.pk)

    assert services.sweep() == len(others)

    assert queued == [others]
    assert waiting.pk in others and expired.pk in others
    spent.refresh_from_db()
    assert spent.status == Notice.Status.FAILED and spent.last_error
    assert notices(pk=leased.pk, status=Notice.Status.SENDING).exists()
    assert notices(pk=sent.pk, status=Notice.Status.SENT).exists()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_channel_that_always_fails_gives_up_after_the_allowed_attempts(
    org, publish, settings, mailoutbox
):
    settings.HRFLOW_NOTICE_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    publish()
    ids = list(Notice.objects.values_list("pk", flat=True))

    for attempt in range(1, 4):
        outcome = services.deliver(ids)
        assert outcome["failed"] == 4
        status = Notice.Status.FAILED if attempt == 3 else Notice.Status.PENDING
        assert set(notices(channel="email").values_list("status", "attempts")) == {
            (status, attempt)
        }
        assert set(notices(channel="inapp").values_list("status", flat=True)) == {"sent"}

    assert services.deliver(ids) == {"claimed": 0, "sent": 0, "failed": 0}
    assert all(
        e.startswith("mail server")
        for e in notices(channel="email").values_list("last_error", flat=True)
    )
    assert set(notices(channel="inapp").values_list("attempts", flat=True)) == {1}
    assert mailoutbox == []


# --- acknowledge ------------------------------------------------------------------------------


def test_an_employee_acknowledges_only_their_own_request(org, publish):
    circular = publish()
    clerks = ack_of(circular, org.clerk)
    for someone_else in (org.employee.user, org.auditor.user, org.head.user):
        with pytest.raises(AcknowledgementError) as refused:
            services.acknowledge(clerks, user=someone_else)
        assert refused.value.status == 403
    assert Acknowledgement.objects.acknowledged().count() == 0


def test_acknowledging_twice_changes_nothing_and_keeps_the_first_time(org, publish):
    circular = publish()
    stale = ack_of(circular, org.employee)
    first, created = services.acknowledge(
        ack_of(circular, org.employee), user=org.employee.user, ip="10.0.0.5", user_agent="Phone"
    )
    assert created and first.acknowledged_at is not None

    for again in (stale, ack_of(circular, org.employee)):
        second, created = services.acknowledge(again, user=org.employee.user, ip="10.9.9.9")
        assert not created
        assert second.acknowledged_at == first.acknowledged_at
    stored = ack_of(circular, org.employee)
    assert (stored.acknowledged_at, stored.acknowledged_ip, stored.user_agent) == (
        first.acknowledged_at,
        "10.0.0.5",
        "Phone",
    )


def test_a_withdrawn_document_can_no_longer_be_acknowledged(org, publish):
    circular = publish()
    workflow.apply_transition(circular, "withdraw", by=org.executive.user, note="ออกผิดฉบับ")
    with pytest.raises(AcknowledgementError) as refused:
        services.acknowledge(ack_of(circular, org.employee), user=org.employee.user)
    assert refused.value.status == 409
    assert ack_of(circular, org.employee).acknowledged_at is None


# --- remind and escalate ----------------------------------------------------------------------


def confirm_path():
    """The start of every signed acknowledgement link."""
    return reverse("notifications:confirm-link", args=["TOKEN"]).replace("TOKEN/", "")


def reminders(**filters):
    return notices(kind=Notice.Kind.REMINDER, **filters)


@pytest.mark.parametrize(
    ("days_left", "reminded"),
    [(8, False), (7, True), (6, False), (2, False), (1, True), (0, True), (-1, True), (-9, True)],
)
def test_reminders_go_out_a_week_and_a_day_before_on_and_after_the_deadline(
    org, publish, days_left, reminded
):
    circular = publish(audience=[{"kind": "person", "id": org.employee.pk}])
    today = circular.deadline - dt.timedelta(days=days_left)
    services.remind_and_escalate(today=today)
    expected = {(org.employee.pk, "inapp"), (org.employee.pk, "email")} if reminded else set()
    assert set(reminders().values_list("recipient_id", "channel")) == expected


def test_at_most_one_reminder_a_day(org, publish):
    circular = publish(audience=[{"kind": "person", "id": org.employee.pk}])
    day = circular.deadline + dt.timedelta(days=1)
    services.remind_and_escalate(today=day)
    services.remind_and_escalate(today=day)
    assert reminders(channel="inapp").count() == 1
    services.remind_and_escalate(today=day + dt.timedelta(days=1))
    assert reminders(channel="inapp").count() == 2


def test_no_reminder_for_what_is_acknowledged_or_withdrawn(org, publish):
    kept = publish(audience=[{"kind": "person", "id": org.employee.pk}])
    withdrawn = publish(audience=[{"kind": "person", "id": org.clerk.pk}])
    services.acknowledge(ack_of(kept, org.employee), user=org.employee.user)
    workflow.apply_transition(withdrawn, "withdraw", by=org.executive.user, note="ยกเลิก")
    services.remind_and_escalate(today=kept.deadline)
    assert not reminders().exists()


def test_the_head_of_unit_hears_once_after_the_allowed_days_overdue(org, publish, settings):
    settings.HRFLOW_ESCALATE_AFTER_DAYS = 3
    circular = publish(audience=[{"kind": "person", "id": org.clerk.pk}])
    escalations = notices(kind=Notice.Kind.ESCALATION)

    services.remind_and_escalate(today=circular.deadline + dt.timedelta(days=3))
    assert not escalations.exists()
    assert ack_of(circular, org.clerk).escalated_at is None

    result = services.remind_and_escalate(today=circular.deadline + dt.timedelta(days=4))
    assert result["escalated"] == 1
    assert set(escalations.values_list("recipient_id", "channel")) == {
        (org.head.pk, "inapp"),
        (org.head.pk, "email"),
    }
    assert ack_of(circular, org.clerk).escalated_at is not None

    later = services.remind_and_escalate(today=circular.deadline + dt.timedelta(days=5))
    assert later["escalated"] == 0
    assert escalations.count() == 2
    assert reminders(recipient=org.clerk, channel="inapp").count() == 3


def test_a_head_is_not_escalated_to_about_themselves(org, publish, settings):
    circular = publish(audience=[{"kind": "person", "id": org.head.pk}])
    day = circular.deadline + dt.timedelta(days=settings.HRFLOW_ESCALATE_AFTER_DAYS + 1)
    assert services.remind_and_escalate(today=day)["escalated"] == 0
    assert not notices(kind=Notice.Kind.ESCALATION).exists()


def test_reminding_the_outstanding_reaches_only_those_still_pending(org, publish):
    circular = publish()
    for person in (org.clerk, org.head):
        services.acknowledge(ack_of(circular, person), user=person.user)
    services.remind_outstanding(circular)
    assert set(reminders(channel="inapp").values_list("recipient_id", flat=True)) == {
        org.employee.pk,
        org.executive.pk,
    }


def test_reminding_the_outstanding_of_a_withdrawn_document_reminds_nobody(org, publish):
    circular = publish()
    workflow.apply_transition(circular, "withdraw", by=org.executive.user, note="ยกเลิก")
    assert services.remind_outstanding(circular) == 0
    assert not reminders().exists()


def test_the_head_is_told_who_is_overdue_without_a_link_that_acknowledges_for_them(
    org, publish, mailoutbox, settings
):
    circular = publish(audience=[{"kind": "person", "id": org.clerk.pk}])
    overdue = circular.deadline + dt.timedelta(days=settings.HRFLOW_ESCALATE_AFTER_DAYS + 1)
    services.remind_and_escalate(today=overdue)
    services.deliver(list(notices(kind=Notice.Kind.ESCALATION).values_list("pk", flat=True)))

    [message] = mailoutbox
    assert message.to == [org.head.user.email]
    with translation.override("th"):
        assert message.subject == (
            f"{gettext('Overdue acknowledgement in your unit')}: {circular.title}"
        )
    [(html, _)] = message.alternatives
    for text in (message.body, html):
        assert org.clerk.full_name in text
        assert confirm_path() not in text


def test_a_reminder_mail_says_it_is_a_reminder(org, publish, mailoutbox):
    circular = publish(audience=[{"kind": "person", "id": org.employee.pk}])
    services.remind_and_escalate(today=circular.deadline)
    services.deliver(list(reminders().values_list("pk", flat=True)))
    [message] = mailoutbox
    with translation.override("th"):
        assert message.subject == f"{gettext('Reminder: please acknowledge')}: {circular.title}"
    token = re.search(re.escape(confirm_path()) + r"([^/\s]+)/", message.body).group(1)
    assert read_token(token) == {
        "a": ack_of(circular, org.employee).pk,
        "e": org.employee.pk,
    }


def test_pressing_remind_twice_in_a_day_sends_one_reminder(org, publish):
    circular = publish()
    services.remind_outstanding(circular)
    services.remind_outstanding(circular)
    assert reminders(channel="inapp").count() == 4


def test_a_section_without_a_head_escalates_to_the_head_of_the_office_above(org, publish, settings):
    settings.HRFLOW_ESCALATE_AFTER_DAYS = 3
    assert org.section.head is None
    circular = publish(audience=[{"kind": "person", "id": org.employee.pk}])
    result = services.remind_and_escalate(today=circular.deadline + dt.timedelta(days=4))
    assert result["escalated"] == 1
    assert set(notices(kind=Notice.Kind.ESCALATION).values_list("recipient_id", flat=True)) == {
        org.head.pk
    }


def test_a_second_press_of_remind_on_the_same_day_counts_nobody(org, publish):
    circular = publish()
    assert services.remind_outstanding(circular) == 4
    assert services.remind_outstanding(circular) == 0


@pytest.mark.parametrize("persona", ["employee", "auditor", "outsider"])
def test_only_authors_and_executives_record_an_acknowledgement_by_proxy(org, publish, persona):
    circular = publish()
    ack = ack_of(circular, org.head)
    with pytest.raises(services.AcknowledgementError) as refused:
        services.acknowledge_by_proxy(ack, by=getattr(org, persona).user, reason="ลงนามแล้ว")
    assert refused.value.status == 403
    assert ack_of(circular, org.head).acknowledged_at is None


def test_a_proxy_acknowledgement_of_a_withdrawn_document_is_a_409(org, publish):
    circular = publish()
    workflow.apply_transition(circular, "withdraw", by=org.executive.user, note="ยกเลิก")
    with pytest.raises(services.AcknowledgementError) as refused:
        services.acknowledge_by_proxy(
            ack_of(circular, org.employee), by=org.clerk.user, reason="ลงนามแล้ว"
        )
    assert refused.value.status == 409
    assert ack_of(circular, org.employee).acknowledged_at is None
