"""The verification in ranges checked side by side (hrflow.audit.ranges): each range on its own
connection in one exported snapshot. Whatever range a tampered event falls in — its first row,
its middle, its last, the chain's first and last — the parallel path names the same event and
reason as the walk on one connection, at both levels (a column changed behind the trigger, a
text changed, an event deleted)."""

import pytest
from django.db import connection

from hrflow import audit
from hrflow.audit import ranges
from hrflow.models import AuditEvent, AuditText

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EVENTS, WORKERS = 30, 3  # ranges 1–10, 11–20, 21–30


@pytest.fixture
def trail():
    return [audit.record(audit.Kind.COMMENT, summary=f"เหตุการณ์ที่ {n}", data={"n": n, "t": "ก\"\\"})
            for n in range(1, EVENTS + 1)]  # fmt: skip


def both_ways():
    parallel = audit.verify(workers=WORKERS)
    assert audit.verify(workers=1) == parallel  # one connection finds the same
    return parallel


def test_the_ranges_run_side_by_side_and_an_intact_chain_verifies(trail):
    last, count, parts = ranges.check(columns=True, workers=WORKERS)
    assert (last, count, len(parts)) == (EVENTS, EVENTS, WORKERS)
    assert [part.count for part in parts] == [10, 10, 10]
    verdict = both_ways()
    assert (verdict.ok, verdict.count, verdict.head_hash) == (True, EVENTS, trail[-1].hash)


@pytest.mark.parametrize("seq", [1, 10, 11, 15, 21, 30])
def test_the_parallel_path_names_a_tampered_event_in_any_range(trail, tamper, seq):
    event = AuditEvent.objects.get(seq=seq)
    text = AuditText.objects.get(seq=seq)

    # Level 2: a column changed behind the trigger, the text left alone.
    with tamper():
        AuditEvent.objects.filter(seq=seq).update(summary="แก้ไขภายหลัง")
    verdict = both_ways()
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (False, seq, "content changed")
    with tamper():
        AuditEvent.objects.filter(seq=seq).update(summary=event.summary)
    assert both_ways().ok

    # Only the data, changed to an equal-looking value of another type.
    with tamper():
        AuditEvent.objects.filter(seq=seq).update(data={**event.data, "n": str(seq)})
    assert both_ways().first_bad_seq == seq
    with tamper():
        AuditEvent.objects.filter(seq=seq).update(data=event.data)

    # Level 1: the text changed (its hash no longer holds).
    with tamper():
        AuditText.objects.filter(seq=seq).update(canonical=text.canonical.replace("ที่", "ที"))
    verdict = both_ways()
    assert (verdict.first_bad_seq, verdict.reason) == (seq, "content changed")
    with tamper():
        AuditText.objects.filter(seq=seq).update(canonical=text.canonical)

    # An event and its text deleted: missing, whichever range it was in.
    with tamper():
        AuditText.objects.filter(seq=seq).delete()
        AuditEvent.objects.filter(seq=seq).delete()
    verdict = both_ways()
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (False, seq, "missing")


def test_a_text_that_is_not_json_is_named_by_the_walk_instead(trail, tamper):
    with tamper(), connection.cursor() as cursor:
        cursor.execute("UPDATE hrflow_audittext SET canonical = '{\"data\":' WHERE seq = 12")
    verdict = audit.verify(workers=WORKERS)
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (False, 12, "content changed")
