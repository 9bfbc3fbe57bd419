"""The PostgreSQL statements against the ORM path, both on PostgreSQL, for the same inputs.

notifications/services/postgres.py (the fan-out's INSERT … SELECTs, the one-statement
acknowledgement) and the audit chain's own one-statement append each stand for an ORM path that
SQLite takes. HRFLOW_POSTGRES_STATEMENTS (asked by hrflow.sql_paths alone) sends PostgreSQL the
ORM way too, so each test runs one action both ways — each inside a savepoint rolled back
afterwards, so both start from the same rows — and compares every column of every row written.
Only what differs by nature is normalised: ids (each run draws new ones from the sequences) and
the times a row was written (present or absent, never dropped)."""

import datetime as dt
import json

import pytest
from django.db import transaction
from django.utils import timezone

from hrflow import audit, sql_paths
from hrflow.models import AuditEvent, AuditHead, AuditText
from notifications.models import Acknowledgement, LineLink, Notice
from notifications.services import acknowledgements, delivery, outbox

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Set by the database or the clock at the moment of writing: compared as present or absent.
WRITTEN_AT = {"requested_at", "created_at", "acknowledged_at", "delivered_at", "read_at",
              "sent_at", "lease_until", "at"}  # fmt: skip


def columns(row) -> dict:
    """Every concrete column of the row, as stored (so a column one path leaves out shows)."""
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def normalised(rows, ack_position) -> list[dict]:
    """Columns of `rows` (in the order written), with ids replaced by what they stand for."""
    out = []
    for row in rows:
        values = columns(row)
        values.pop("id")
        for name in WRITTEN_AT & values.keys():
            values[name] = "set" if values[name] is not None else None
        if values.get("acknowledgement_id") is not None:
            ack_id = values["acknowledgement_id"]
            values["acknowledgement_id"] = ack_position[ack_id]
            if values.get("dedupe_key", "").startswith(f"{ack_id}:"):
                values["dedupe_key"] = (
                    f"ack#{ack_position[ack_id]}" + values["dedupe_key"][len(str(ack_id)) :]
                )
        out.append(values)
    return out


def both_ways(settings, action, capture):
    """{False: what the ORM path wrote, True: what the statements wrote}; each run in its own
    savepoint, rolled back, so the second starts where the first did."""
    results = {}
    for statements in (False, True):
        settings.HRFLOW_POSTGRES_STATEMENTS = statements
        assert sql_paths.in_database() is statements
        with transaction.atomic():
            returned = action()
            results[statements] = (returned, capture())
            transaction.set_rollback(True)
    return results


def audit_since(seq) -> dict:
    """The events appended after `seq`: their columns, their texts' content and the head."""
    events = list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))
    texts = list(AuditText.objects.filter(seq__gt=seq).order_by("seq"))
    head = AuditHead.objects.get(pk=1)
    assert [t.hash for t in texts] == [e.hash for e in events]
    assert head.seq == events[-1].seq and head.hash == events[-1].hash
    contents = []
    for text in texts:
        content = json.loads(text.canonical)
        assert content.pop("at")
        contents.append(content)
    rows = []
    for event in events:
        values = columns(event)
        values.pop("id")
        values.pop("hash")  # the hash covers the time: it differs, the content must not
        values["at"] = "set" if values["at"] else None
        rows.append(values)
    verdict = audit.verify()
    return {"events": rows, "texts": contents, "verified": (verdict.ok, verdict.count)}


def head_seq() -> int:
    return AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0


@pytest.fixture
def recipients(org, settings):
    """Every channel on; the employee has no email address, the executive and the head linked
    a LINE account (the head's link is still waiting for its code: not reachable)."""
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp", "email", "line"]
    org.employee.user.email = ""
    org.employee.user.save()
    LineLink.objects.create(employee=org.executive, line_user_id="U" + "a" * 32)
    LineLink.objects.create(employee=org.head, code="123456")
    return [org.clerk, org.employee, org.executive, org.head, org.outsider, org.auditor]


def test_the_fan_out_statements_write_the_rows_the_orm_path_writes(
    org, publish, recipients, settings
):
    circular = publish(audience=[{"kind": "person", "id": org.admin.pk}])
    ids = [person.pk for person in recipients]
    deadline = timezone.localdate() + dt.timedelta(days=10)

    def capture():
        acks = list(Acknowledgement.objects.filter(employee_id__in=ids).order_by("pk"))
        position = {ack.pk: index for index, ack in enumerate(acks)}
        notices = Notice.objects.filter(acknowledgement_id__in=position).order_by("pk")
        return normalised(acks, position), normalised(notices, position)

    results = both_ways(
        settings, lambda: outbox.announce(circular, ids, deadline=deadline), capture
    )

    (orm_count, (orm_acks, orm_notices)), (sql_count, (sql_acks, sql_notices)) = (
        results[False], results[True])  # fmt: skip
    assert orm_count == sql_count == len(ids)
    assert sql_acks == orm_acks
    assert sql_notices == orm_notices
    # What is compared is there: each person asked once, channels only where reachable.
    assert [a["employee_id"] for a in orm_acks] == ids
    assert {a["unit_id"] for a in orm_acks} == {p.unit_id for p in recipients}
    assert {(n["recipient_id"], n["channel"]) for n in orm_notices} == (
        {(pk, "inapp") for pk in ids}
        | {(pk, "email") for pk in ids if pk != org.employee.pk}
        | {(org.executive.pk, "line")}
    )


@pytest.fixture
def delivered(org, publish, settings, mailoutbox):
    """A circular published to the office, its notices delivered, and a second in-app notice
    about the employee's acknowledgement (a reminder, delivered too)."""
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp", "email"]
    circular = publish()
    ack = Acknowledgement.objects.for_document(circular).get(employee=org.employee)
    outbox.create_notices([ack], Notice.Kind.REMINDER, "remind:parity", {})
    delivery.deliver(list(Notice.objects.values_list("pk", flat=True)))
    assert (
        Notice.objects.filter(recipient=org.employee, channel="inapp", status="sent").count() == 2
    )
    return circular, ack


def capture_acknowledgement(document):
    def capture():
        acks = list(Acknowledgement.objects.for_document(document).order_by("pk"))
        position = {ack.pk: index for index, ack in enumerate(acks)}
        notices = Notice.objects.filter(acknowledgement_id__in=position).order_by("pk")
        return normalised(acks, position), normalised(notices, position)

    return capture


def leased_rows(rows):
    """`rows`, a capture, with each notice's lease token reduced to whether it has one (each
    claim draws its own)."""

    def capture():
        acks, notices = rows()
        return acks, [{**n, "lease_token": bool(n["lease_token"])} for n in notices]

    return capture


def test_the_acknowledgement_statement_writes_what_the_orm_path_writes_and_the_same_event(
    org, delivered, settings
):
    circular, ack = delivered
    before = head_seq()
    rows = capture_acknowledgement(circular)

    def act():
        fresh = Acknowledgement.objects.get(pk=ack.pk)
        acknowledged, created = acknowledgements.acknowledge(
            fresh, user=org.employee.user, ip="10.1.2.3", user_agent="Mozilla/5.0 (ทดสอบ)"
        )
        return created, acknowledged.acknowledged_ip, acknowledged.user_agent

    results = both_ways(settings, act, lambda: (rows(), audit_since(before)))

    (orm_returned, (orm_rows, orm_audit)), (sql_returned, (sql_rows, sql_audit)) = (
        results[False], results[True])  # fmt: skip
    assert orm_returned == sql_returned == (True, "10.1.2.3", "Mozilla/5.0 (ทดสอบ)")
    assert sql_rows == orm_rows
    assert sql_audit == orm_audit
    # The action did what is compared: acknowledged, both in-app notices read, one event.
    orm_acks, orm_notices = orm_rows
    [mine] = [a for a in orm_acks if a["employee_id"] == org.employee.pk]
    assert (mine["acknowledged_at"], mine["acknowledged_ip"]) == ("set", "10.1.2.3")
    read = [n for n in orm_notices if n["read_at"]]
    assert {(n["recipient_id"], n["channel"]) for n in read} == {(org.employee.pk, "inapp")}
    assert len(read) == 2
    [event] = orm_audit["events"]
    assert (event["kind"], event["employee_id"], event["actor_id"]) == (
        audit.Kind.ACKNOWLEDGEMENT, org.employee.pk, org.employee.user.pk)  # fmt: skip
    assert orm_audit["verified"] == (True, before + 1)


def test_a_proxy_acknowledgement_writes_the_same_rows_and_event_either_way(
    org, delivered, settings
):
    circular, ack = delivered
    before = head_seq()
    rows = capture_acknowledgement(circular)

    def act():
        fresh = Acknowledgement.objects.get(pk=ack.pk)
        _, created = acknowledgements.acknowledge_by_proxy(
            fresh, by=org.clerk.user, reason="ลงนามในสำเนาหนังสือแล้ว", ip="10.4.5.6"
        )
        return created

    results = both_ways(settings, act, lambda: (rows(), audit_since(before)))

    assert results[False][0] is results[True][0] is True
    assert results[True][1] == results[False][1]
    [event] = results[False][1][1]["events"]
    assert event["kind"] == audit.Kind.PROXY_ACKNOWLEDGEMENT
    assert event["data"]["reason"] == "ลงนามในสำเนาหนังสือแล้ว"


def test_marking_each_email_sent_writes_what_the_orm_path_writes(
    org, publish, settings, mailoutbox
):
    """Each email accepted by the server marks its row at once: one statement on PostgreSQL,
    a transaction of two UPDATEs the ORM way; the same rows either way (the lease token is
    each claim's own)."""
    settings.HRFLOW_NOTICE_CHANNELS = ["email"]
    circular = publish()
    ids = list(Notice.objects.filter(channel="email").values_list("pk", flat=True))
    capture = leased_rows(capture_acknowledgement(circular))
    results = both_ways(settings, lambda: delivery.deliver(ids), capture)

    (orm_counts, orm_rows), (sql_counts, sql_rows) = results[False], results[True]
    assert orm_counts == sql_counts == {"claimed": len(ids), "sent": len(ids), "failed": 0}
    assert sql_rows == orm_rows
    acks, notices = orm_rows
    assert len(notices) == len(ids) > 1
    assert {(n["status"], n["sent_at"], n["lease_until"]) for n in notices} == {
        ("sent", "set", None)
    }
    emailed = {n["acknowledgement_id"] for n in notices}
    assert all(a["delivered_at"] == "set" for i, a in enumerate(acks) if i in emailed)
    assert len(mailoutbox) == 2 * len(ids)  # each way sent every message once


def test_claiming_and_delivering_in_app_notices_writes_what_the_orm_path_writes(
    org, publish, settings, mailoutbox
):
    """The claim and the in-app delivery: one statement on PostgreSQL, a claim then two UPDATEs
    the ORM way; the same rows either way — in-app rows sent (a reminder's too, but only the
    announcement delivers its acknowledgement), email rows sent one by one — and an in-app row
    already sent, or out of attempts, is left alone."""
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp", "email"]
    circular = publish()
    ack = Acknowledgement.objects.for_document(circular).get(employee=org.employee)
    outbox.create_notices([ack], Notice.Kind.REMINDER, "remind:parity", {})
    inapp = Notice.objects.filter(channel="inapp", kind="announce").order_by("pk")
    done, spent = inapp[0], inapp[1]
    Notice.objects.filter(pk=done.pk).update(status="sent", attempts=1)
    Notice.objects.filter(pk=spent.pk).update(attempts=settings.HRFLOW_NOTICE_MAX_ATTEMPTS)
    ids = list(Notice.objects.values_list("pk", flat=True))
    capture = leased_rows(capture_acknowledgement(circular))
    results = both_ways(settings, lambda: delivery.deliver(ids), capture)

    (orm_counts, orm_rows), (sql_counts, sql_rows) = results[False], results[True]
    claimed = len(ids) - 2
    assert orm_counts == sql_counts == {"claimed": claimed, "sent": claimed, "failed": 0}
    assert sql_rows == orm_rows
    acks, notices = orm_rows
    assert {n["channel"] for n in notices} == {"inapp", "email"}
    assert [n["status"] for n in notices].count("sent") == claimed + 1
    assert {a["delivered_at"] for a in acks} == {"set"}
    assert [(n["status"], n["attempts"]) for n in notices if n["lease_token"] is False] == [
        ("sent", 1), ("pending", settings.HRFLOW_NOTICE_MAX_ATTEMPTS)]  # fmt: skip
    reminder = [n for n in notices if n["kind"] == "reminder"]
    assert [(n["status"], n["sent_at"]) for n in reminder] == [("sent", "set")] * len(reminder)
