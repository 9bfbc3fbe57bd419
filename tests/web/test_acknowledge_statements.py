"""Issue 19, acknowledge: the inbox's รับทราบ POST on PostgreSQL writes the acknowledgement, its
notices read and its audit event in one statement that commits by itself, reading the
document's state and title in it (it used to read the whole document first, then take the
audit head and write the event in a transaction around it), and still refuses a document that
is no longer published, writing nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.models import AuditEvent
from notifications.models import Notice
from workflows import services

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def post(client, ack):
    return client.post(reverse("notifications:acknowledgement", args=[ack.pk]))


def test_acknowledging_runs_four_statements_and_does_not_read_the_document_first(
    org, employee_ack, published, as_
):
    client = as_(org.employee)
    events = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = post(client, employee_ack)

    assert response.status_code == 302
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at is not None
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.subject_type == published._meta.label_lower
    assert event.subject_id == published.pk and published.title in event.summary
    assert not Notice.objects.filter(
        acknowledgement=employee_ack, channel="inapp", status="sent", read_at=None
    ).exists()
    sql = [q["sql"] for q in queries.captured_queries]
    table = published._meta.db_table
    assert not any(s.lstrip().startswith("SELECT") and f'FROM "{table}"' in s for s in sql), sql
    # session, login, acknowledgement; the statement that writes, no transaction around it (it
    # was 8: the document read, BEGIN, the acknowledgement, the audit event, COMMIT)
    assert len(sql) == 4, sql
    assert not any(s.split()[0].upper() in ("BEGIN", "SAVEPOINT", "COMMIT") for s in sql), sql


def test_a_withdrawn_document_is_refused_and_nothing_is_written(org, employee_ack, published, as_):
    services.apply_transition(published, "withdraw", by=org.executive.user, note="ผิดพลาด")
    events = AuditEvent.objects.count()

    response = post(as_(org.employee), employee_ack)

    assert response.status_code == 409
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at is None
    assert AuditEvent.objects.count() == events
    assert Notice.objects.filter(acknowledgement=employee_ack, read_at__isnull=False).count() == 0
