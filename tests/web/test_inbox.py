import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import documents
from notifications import services as notices
from notifications.links import SALT, acknowledgement_token
from notifications.models import Acknowledgement, Notice
from workflows import services

from .conftest import new_draft, walk

INBOX = reverse("notifications:inbox")


def ack_url(ack):
    return reverse("notifications:acknowledgement", args=[ack.pk])


def deliver_all():
    """What the worker does, called directly: the delivery itself is tested elsewhere."""
    notices.deliver(list(Notice.objects.values_list("pk", flat=True)))


def test_the_inbox_lists_what_waits_with_its_deadline_and_an_acknowledge_button(
    org, published, employee_ack, as_
):
    page = as_(org.employee).get(INBOX).content.decode()
    assert published.title in page
    assert published.number_display in page
    assert f'action="{ack_url(employee_ack)}"' in page
    assert 'data-action="acknowledge"' in page
    assert "overdue" not in page.split("Waiting for your acknowledgement")[1].split("Notices")[0]


def test_an_overdue_request_is_marked_and_comes_first(org, as_):
    late = walk(
        new_draft(org, "ประกาศที่เลยกำหนด", deadline=timezone.localdate() - dt.timedelta(days=2)),
        org, "submit", "approve", "publish",
    )  # fmt: skip
    later = walk(
        new_draft(org, "ประกาศที่ยังไม่ถึงกำหนด", deadline=timezone.localdate() + dt.timedelta(days=30)),
        org, "submit", "approve", "publish",
    )  # fmt: skip
    page = as_(org.employee).get(INBOX).content.decode()
    assert page.index(late.title) < page.index(later.title)
    assert 'class="card inbox-item is-overdue"' in page


def test_acknowledging_from_the_inbox_records_time_ip_and_browser(org, employee_ack, as_):
    client = as_(org.employee)
    response = client.post(
        ack_url(employee_ack), {"next": INBOX}, HTTP_USER_AGENT="Mozilla/5.0 (iPhone)"
    )
    assert response.status_code == 302
    assert response["Location"] == INBOX
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at is not None
    assert employee_ack.acknowledged_ip == "127.0.0.1"
    assert employee_ack.user_agent == "Mozilla/5.0 (iPhone)"
    page = client.get(INBOX).content.decode()
    assert "Acknowledged at" in page
    assert 'data-action="acknowledge"' not in page


def test_a_second_acknowledgement_changes_nothing_and_says_when_the_first_was(
    org, employee_ack, as_
):
    client = as_(org.employee)
    client.post(ack_url(employee_ack))
    employee_ack.refresh_from_db()
    first = employee_ack.acknowledged_at
    response = client.post(ack_url(employee_ack), follow=True)
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at == first
    page = response.content.decode()
    assert "Already acknowledged at" in page
    assert str(timezone.localtime(first).year + 543) in page


def test_somebody_elses_acknowledgement_is_a_404_and_stays_pending(org, employee_ack, as_):
    client = as_(org.clerk)
    assert client.get(ack_url(employee_ack)).status_code == 404
    assert client.post(ack_url(employee_ack)).status_code == 404
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at is None


def test_an_acknowledgement_number_no_row_can_have_is_a_404(org, employee_ack, as_):
    client = as_(org.employee)
    for pk in (0, 10**20):  # past the database's integers: still "no such request", not a 500
        url = reverse("notifications:acknowledgement", args=[pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_a_withdrawn_document_cannot_be_acknowledged_any_more(org, published, employee_ack, as_):
    services.apply_transition(published, "withdraw", by=org.executive.user, note="ยกเลิก")
    client = as_(org.employee)
    response = client.post(ack_url(employee_ack))
    assert response.status_code == 409
    assert "no longer published" in response.content.decode()
    assert client.get(ack_url(employee_ack)).status_code == 409
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at is None
    assert published.title not in client.get(INBOX).content.decode()


def test_the_confirmation_page_shows_the_document_and_a_confirm_button(
    org, published, employee_ack, as_
):
    page = as_(org.employee).get(ack_url(employee_ack)).content.decode()
    assert published.title in page
    assert published.number_display in page
    assert "ร่างเนื้อหา" in page  # the body
    assert str(published.deadline.year + 543) in page
    assert f'<form method="post" action="{ack_url(employee_ack)}"' in page


@pytest.fixture
def fields_shown_with():
    """fields_shown_with(resolver): the hook an app that defines kinds calls; reset afterwards."""
    yield documents.show_fields_with
    documents.show_fields_with(None)


def test_the_app_that_defines_a_kind_tells_the_confirmation_page_how_to_show_it(
    org, published, employee_ack, as_, fields_shown_with
):
    asked = []
    fields_shown_with(lambda document: asked.append(document.pk) or "public/kinds/generic.html")
    page = as_(org.employee).get(ack_url(employee_ack)).content.decode()
    assert asked == [published.pk]
    assert published.title in page
    assert "ร่างเนื้อหา" not in page  # the generic partial shows no body


def test_the_email_link_opens_the_confirmation_page_without_acknowledging(org, employee_ack, as_):
    link = reverse("notifications:confirm-link", args=[acknowledgement_token(employee_ack)])
    response = as_(org.employee).get(link)
    assert response.status_code == 200
    assert f'action="{ack_url(employee_ack)}"' in response.content.decode()
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at is None
    assert as_(org.employee).post(link).status_code == 405


def test_a_tampered_or_expired_email_link_is_a_400(org, employee_ack, as_, settings):
    token = acknowledgement_token(employee_ack)
    client = as_(org.employee)
    tampered = client.get(reverse("notifications:confirm-link", args=[token[:-2] + "xx"]))
    assert tampered.status_code == 400
    assert "not valid or has expired" in tampered.content.decode()
    settings.HRFLOW_ACK_LINK_MAX_AGE = -1
    expired = client.get(reverse("notifications:confirm-link", args=[token]))
    assert expired.status_code == 400


def test_an_email_link_of_another_employee_is_a_403_with_a_clear_message(org, employee_ack, as_):
    link = reverse("notifications:confirm-link", args=[acknowledgement_token(employee_ack)])
    response = as_(org.clerk).get(link)
    assert response.status_code == 403
    assert "This link was sent to someone else" in response.content.decode()
    assert org.clerk.full_name in response.content.decode()


def test_a_link_signed_with_another_salt_is_refused(org, employee_ack, as_):
    from django.core import signing

    forged = signing.TimestampSigner(salt=SALT + "x").sign_object({"a": employee_ack.pk, "e": 1})
    response = as_(org.employee).get(reverse("notifications:confirm-link", args=[forged]))
    assert response.status_code == 400


def test_delivered_in_app_notices_show_and_can_be_marked_read(org, published, as_):
    deliver_all()
    client = as_(org.employee)
    page = client.get(INBOX).content.decode()
    notice = Notice.objects.get(recipient=org.employee, channel="inapp")
    assert f'data-notice="{notice.pk}"' in page
    assert 'class="notice unread' in page
    others = Notice.objects.get(recipient=org.clerk, channel="inapp")
    client.post(reverse("notifications:notices-read"), {"notice": [notice.pk, others.pk]})
    notice.refresh_from_db()
    others.refresh_from_db()
    assert notice.read_at is not None
    assert others.read_at is None  # someone else's notice is not touched


def test_undelivered_and_email_notices_are_not_in_the_inbox(org, published, as_):
    page = as_(org.employee).get(INBOX).content.decode()
    assert "data-notice=" not in page  # the worker has not delivered yet
    deliver_all()
    page = as_(org.employee).get(INBOX).content.decode()
    assert page.count("data-notice=") == 1  # in-app only, not the email copy


def test_opening_the_confirmation_page_changes_nothing_and_acknowledging_reads_its_notices(
    org, employee_ack, as_
):
    deliver_all()
    unread = Notice.objects.filter(recipient=org.employee, channel="inapp", read_at__isnull=True)
    client = as_(org.employee)
    client.get(ack_url(employee_ack))  # GET never writes: a mail scanner opens links too
    assert unread.exists()
    client.post(ack_url(employee_ack))
    assert not unread.exists()


def test_an_escalation_shows_the_head_who_is_late_as_information(org, as_):
    late = walk(
        new_draft(org, "ประกาศค้างรับทราบ", deadline=timezone.localdate() - dt.timedelta(days=10)),
        org, "submit", "approve", "publish",
    )  # fmt: skip
    notices.remind_and_escalate()
    deliver_all()
    escalation = Notice.objects.filter(kind=Notice.Kind.ESCALATION, channel="inapp").first()
    assert escalation is not None and escalation.recipient == org.head
    page = as_(org.head).get(INBOX).content.decode()
    item = page.split(f'data-notice="{escalation.pk}"')[1].split("</li>")[0]
    assert escalation.acknowledgement.employee.full_name in item
    assert late.title in item
    assert "data-action=" not in item
    assert ack_url(escalation.acknowledgement) not in item


def test_a_user_without_an_employee_record_gets_an_empty_inbox(db, client):
    from tests.factories import UserFactory

    user = UserFactory(username="system")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get(INBOX)
    assert response.status_code == 200
    assert "not linked to an employee record" in response.content.decode()
    assert Acknowledgement.objects.count() == 0


@pytest.mark.postgres
def test_the_acknowledgement_post_stays_a_handful_of_statements(org, employee_ack, as_):
    """make bench's acknowledging target: session, user with roles, the acknowledgement, then
    one statement that writes it, its notices read and its audit event (bench/README.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hrflow.models import AuditEvent

    deliver_all()
    client = as_(org.employee)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(ack_url(employee_ack))
    assert response.status_code == 302
    assert len(queries) <= 4, [q["sql"][:80] for q in queries]
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at is not None
    assert AuditEvent.objects.filter(kind="acknowledgement").count() == 1
    unread = Notice.objects.filter(acknowledgement=employee_ack, channel="inapp", read_at=None)
    assert not unread.exists()  # reading the document read its notices, in the same statement
