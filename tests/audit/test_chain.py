"""The chain: verify_audit says OK with the count and the head hash, and names the exact event
where content was changed, an event deleted or two events swapped; on PostgreSQL the
application's role cannot UPDATE, DELETE or TRUNCATE the trail at all."""

import itertools
import json
import threading
import uuid
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from hrflow import audit
from hrflow.audit_alerts import verify_and_alert
from hrflow.models import AuditEvent, AuditText

pytestmark = pytest.mark.django_db


def make_events(n=6):
    return [audit.record("test", summary=f"เหตุการณ์ที่ {i}", data={"i": i}) for i in range(1, n + 1)]


def verify_output():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def failure_of_verify() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", stdout=StringIO())
    return str(failure.value)


def test_an_intact_chain_verifies_with_its_count_and_head_hash():
    events = make_events()
    output = verify_output()
    assert output.startswith("OK 6 events")
    assert events[-1].hash in output
    assert [e.seq for e in AuditEvent.objects.all()] == [1, 2, 3, 4, 5, 6]
    assert all(e.prev_hash == p.hash for p, e in itertools.pairwise(events))
    head = StringIO()
    call_command("verify_audit", "--head", stdout=head)
    assert head.getvalue().strip() == events[-1].hash


def test_an_empty_trail_verifies():
    assert verify_output().startswith("OK 0 events")


def test_changing_an_events_content_is_reported_at_its_sequence_number(tamper):
    make_events()
    with tamper():
        AuditEvent.objects.filter(seq=3).update(summary="แก้ไขภายหลัง")
    assert "FAILED at event 3 (content changed)" in failure_of_verify()


def test_changing_only_an_events_data_is_reported_too(tamper):
    make_events()
    with tamper():
        AuditEvent.objects.filter(seq=5).update(data={"i": 50})
    assert "FAILED at event 5" in failure_of_verify()


def test_deleting_an_event_is_reported_at_its_sequence_number(tamper):
    make_events()
    with tamper():
        AuditEvent.objects.filter(seq=3).delete()
    assert "FAILED at event 3 (missing)" in failure_of_verify()


def test_deleting_the_last_events_is_reported_against_the_head(tamper):
    make_events()
    with tamper():
        AuditEvent.objects.filter(seq__gte=5).delete()
    assert "FAILED at event 5 (missing)" in failure_of_verify()


def test_swapping_two_events_is_reported_at_the_first_of_them(tamper):
    make_events()
    with tamper():
        AuditEvent.objects.filter(seq=3).update(seq=1000)
        AuditEvent.objects.filter(seq=4).update(seq=3)
        AuditEvent.objects.filter(seq=1000).update(seq=4)
    assert "FAILED at event 3" in failure_of_verify()


def test_a_rehashed_event_still_breaks_the_link_to_the_next(tamper):
    """A forger who recomputes the changed event's text and hash is caught by the next event."""
    make_events()
    with tamper():
        event = AuditEvent.objects.get(seq=2)
        values = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
        values["summary"] = "ปลอม"
        AuditEvent.objects.filter(seq=2).update(summary="ปลอม", hash=audit.digest(values))
        AuditText.objects.filter(seq=2).update(
            hash=audit.digest(values), canonical=audit.canonical(values).decode()
        )
    assert "FAILED at event 3 (out of order)" in failure_of_verify()


def test_each_event_keeps_the_text_its_hash_is_of():
    events = make_events(2)
    for event in events:
        event.refresh_from_db()
        values = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
        text = AuditText.objects.get(seq=event.seq)
        assert text.canonical.encode() == audit.canonical(values)
        assert audit.digest(values) == event.hash == text.hash
        assert text.prev_hash == event.prev_hash


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "forged"},
        {"actor_name": "คนอื่น"},
        {"ip": "10.9.9.9"},
        {"subject_type": "workflows.circular"},
        {"subject_id": 77},
        {"version": 9},
        {"employee_id": 42},
        {"unit_id": 42},
        {"data": {"i": 4, "extra": True}},
        {"at": "2020-01-01T00:00:00+00:00"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_changing_any_column_is_reported_as_changed_content(tamper, change):
    make_events()
    with tamper():
        AuditEvent.objects.filter(seq=4).update(**change)
    assert "FAILED at event 4 (content changed)" in failure_of_verify()


def test_changing_only_the_stored_text_is_reported(tamper):
    """The text and the columns must agree: a text rewritten (even with a matching hash) to
    say something else than the columns is caught."""
    make_events()
    with tamper():
        event = AuditEvent.objects.get(seq=4)
        values = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
        values["summary"] = "ไม่ใช่ที่เก็บไว้"
        AuditText.objects.filter(seq=4).update(canonical=audit.canonical(values).decode())
    assert "FAILED at event 4 (content changed)" in failure_of_verify()
    with tamper():
        AuditText.objects.filter(seq=4).update(hash=audit.digest(values))
    assert "FAILED at event 4" in failure_of_verify()


def test_deleting_a_text_is_reported_as_missing(tamper):
    make_events()
    with tamper():
        AuditText.objects.filter(seq=2).delete()
    assert "FAILED at event 2 (missing)" in failure_of_verify()


@pytest.mark.postgres
def test_the_texts_are_append_only_too():
    make_events(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditText.objects.filter(seq=1).update(canonical="{}")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditText.objects.filter(seq=2).delete()


def test_the_daily_check_mails_the_admins_when_the_chain_breaks(tamper, org, settings):
    org.admin.user.email = "hr-admin@example.go.th"
    org.admin.user.save()
    make_events()
    assert verify_and_alert() is True and mail.outbox == []
    with tamper():
        AuditEvent.objects.filter(seq=2).update(summary="x")
    assert verify_and_alert() is False
    assert mail.outbox[0].to == ["hr-admin@example.go.th"]
    assert "number 2" in mail.outbox[0].body


def test_the_daily_check_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "hrflow.tasks.verify_audit" in tasks


# --- PostgreSQL: the application's role cannot rewrite the trail --------------------------------


@pytest.fixture
def app_role():
    """A role made like production's application role: `grant_app_role` privileges only."""
    name = f"hrflow_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" NOLOGIN')
    call_command("grant_app_role", name, stdout=StringIO())
    yield name
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(f'DROP OWNED BY "{name}"')
        cursor.execute(f'DROP ROLE "{name}"')


def as_role(role, statement):
    """Run one statement as `role`; the error PostgreSQL gives, or None if it was allowed."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'SET LOCAL ROLE "{role}"')
            cursor.execute(statement)
            cursor.execute("RESET ROLE")
    except DatabaseError as error:
        return str(error)
    return None


@pytest.mark.postgres
def test_the_application_role_cannot_update_delete_or_truncate_the_trail(app_role):
    make_events(3)
    assert "permission denied" in as_role(app_role, "UPDATE hrflow_auditevent SET summary = 'x'")
    assert "permission denied" in as_role(app_role, "DELETE FROM hrflow_auditevent WHERE seq = 2")
    assert "permission denied" in as_role(app_role, "TRUNCATE hrflow_auditevent")
    assert "permission denied" in as_role(app_role, "UPDATE hrflow_audittext SET hash = 'x'")
    assert "permission denied" in as_role(app_role, "TRUNCATE hrflow_audittext")
    # … but it reads and appends as the product needs.
    assert as_role(app_role, "SELECT count(*) FROM hrflow_auditevent") is None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app_role}"')
        audit.record("test", summary="appended by the application")
        cursor.execute("RESET ROLE")
    assert list(AuditEvent.objects.values_list("summary", flat=True)) == [
        "เหตุการณ์ที่ 1",
        "เหตุการณ์ที่ 2",
        "เหตุการณ์ที่ 3",
        "appended by the application",
    ]
    assert verify_output().startswith("OK 4 events")


@pytest.mark.postgres
def test_even_the_owner_cannot_update_or_delete_an_event_while_the_trigger_stands():
    make_events(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(summary="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=2).delete()
    assert AuditEvent.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_number_the_chain_without_gaps_or_forks():
    errors = []

    def append(worker):
        try:
            for i in range(5):
                with transaction.atomic():
                    audit.record("test", summary=f"{worker}-{i}")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 41))
    assert verify_output().startswith("OK 40 events")


def test_texts_with_quotes_backslashes_and_newlines_verify():
    audit.record("test", summary='ประกาศ "ด่วน" \\ ฉบับที่ 1\nบรรทัดสอง', data={"path": "C:\\temp"})
    assert verify_output().startswith("OK 1 events")


# --- an event appended by a caller's own statement (audit.append_sql) ---------------------------

AWKWARD = ["plain", 'ไทย "quoted" \\ back', "tab\tnew\nline\r\x01\x1f", "ๆ" * 600, "\u2028 é ✓"]


@pytest.mark.parametrize("summary", AWKWARD)
def test_the_pieces_of_a_text_with_its_holes_filled_are_the_text(summary):
    values = {
        "seq": 41, "at": timezone.now(), "kind": "test", "actor_id": 3,
        "actor_name": 'นาย "ก"', "ip": "10.0.0.1", "subject_type": "circulars.circular",
        "subject_id": 7, "version": 2, "employee_id": None, "unit_id": 5, "summary": summary,
        "data": {"z": [1, "ข"], "a": {"q": '"'}}, "prev_hash": "ab" * 32,
    }  # fmt: skip
    holes = ("prev_hash", "seq", "summary")
    pieces = audit.canonical_pieces(values, holes)
    filled = pieces[0] + "".join(
        json.dumps(values[name], ensure_ascii=False) + piece
        for name, piece in zip(holes, pieces[1:], strict=True)
    )
    assert filled.encode() == audit.canonical(values)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("summary", AWKWARD)
def test_an_event_appended_by_its_own_statement_is_the_one_record_writes(summary):
    first = audit.record("test", summary="ก่อน")
    append, params = audit.append_sql(
        "test", condition="TRUE", summary="%(summary)s", data={"k": summary}, ip="10.1.2.3"
    )
    with connection.cursor() as cursor:
        statement = f"WITH {append} SELECT id FROM event"  # noqa: S608 (append_sql's own SQL)
        cursor.execute(statement, {**params, "summary": summary})
        [(pk,)] = cursor.fetchall()
    event = AuditEvent.objects.get(pk=pk)
    text = AuditText.objects.get(seq=event.seq)

    assert (event.seq, event.prev_hash, event.summary) == (first.seq + 1, first.hash, summary[:500])
    fields = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
    assert text.canonical.encode() == audit.canonical(fields)
    assert event.hash == text.hash == audit.digest(fields)
    assert audit.verify().ok
