"""Target audit-verify (issue 19): verifying the audit trail of 1,000,000 events at both levels,
as verify_audit and the daily check run it (hrflow.audit.verify: the chain — every hash the
SHA-256 of its text, each text naming the hash before it, no number missing — and the columns —
every event's columns exactly what its text says), against hashing the same canonical bytes of
every event in a bare Python loop on one core (the bytes already in memory). Ratio = events per
second verified / events per second hashed. The verification may use every core (its ranges
run side by side, hrflow.audit.ranges); the chain alone is timed too, beside the ratio."""

import hashlib

from django.db import transaction
from django.utils import timezone

from hrflow import audit
from hrflow.audit import ranges
from hrflow.models import AuditEvent, AuditHead, AuditText

from .measure import Result, median, stopwatch

RUNS = 3


def append_events(count):
    """`count` more events on the chain, as record() would write them, in bulk."""
    head = AuditHead.objects.get(pk=1)
    seq, previous = head.seq, head.hash
    now = timezone.now()
    batch, texts = [], []
    with transaction.atomic():
        AuditHead.objects.select_for_update().get(pk=1)
        for n in range(count):
            seq += 1
            values = {
                "seq": seq, "at": now, "kind": audit.Kind.ACKNOWLEDGEMENT, "actor_id": None,
                "actor_name": f"พนักงาน{n} ทดสอบ", "ip": "10.0.0.1",
                "subject_type": "circulars.circular", "subject_id": 1 + n % 50, "version": 1,
                "employee_id": n, "unit_id": n % 20,
                "summary": f"พนักงาน{n} ทดสอบ · หนังสือเวียนที่ {n % 50}",
                "data": {"acknowledgement": n, "content_hash": "ab" * 32, "reason": ""},
                "prev_hash": previous,
            }  # fmt: skip
            text = audit.canonical(values)
            before, previous = previous, hashlib.sha256(text).hexdigest()
            batch.append(AuditEvent(**values, hash=previous))
            texts.append(AuditText(seq=seq, prev_hash=before, hash=previous,
                                   canonical=text.decode()))  # fmt: skip
            if len(batch) == 5000:
                AuditEvent.objects.bulk_create(batch)
                AuditText.objects.bulk_create(texts)
                batch, texts = [], []
        AuditEvent.objects.bulk_create(batch)
        AuditText.objects.bulk_create(texts)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=previous)


def run(count):
    append_events(count)
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does to a trail that has existed a while (statistics, visibility
        # map): rows bulk-loaded a moment ago have neither.
        cursor.execute("VACUUM ANALYZE hrflow_auditevent")
        cursor.execute("VACUUM ANALYZE hrflow_audittext")
    stored = AuditText.objects.order_by("seq").values_list("canonical", flat=True)
    texts = [text.encode() for text in stored]
    verifies, chains, loops, verdict, chain = [], [], [], None, None
    for _ in range(RUNS):
        with stopwatch() as took:
            verdict = audit.verify()  # both levels
        verifies.append(took["s"])
        with stopwatch() as took:
            for text in texts:
                hashlib.sha256(text).hexdigest()
        loops.append(took["s"])
        with stopwatch() as took:
            chain = audit.verify(columns=False)
        chains.append(took["s"])
    verify_s, loop_s, chain_s = median(verifies), median(loops), median(chains)
    n = len(texts)
    workers = ranges.workers_default()
    return Result(
        "audit-verify",
        loop_s / verify_s,
        1,
        ">=",
        details={
            "events": n,
            "workers": workers,
            "verify_seconds": [round(s, 3) for s in verifies],
            "loop_seconds": [round(s, 3) for s in loops],
            "chain_only_seconds": [round(s, 3) for s in chains],
            "ok": verdict.ok,
            "chain_only_ok": chain.ok,
        },
        extra_ok=verdict.ok and verdict.count == n and chain.ok,
        why=f"both levels over {n:,} events in {verify_s:.2f} s ({n / verify_s:,.0f}/s, "
        f"{workers} ranges side by side, {'OK' if verdict.ok else 'FAILED'}) vs bare sha256 "
        f"loop on one core {loop_s:.2f} s ({n / loop_s:,.0f}/s); the chain alone "
        f"{chain_s:.2f} s ({loop_s / chain_s:.2f}×)",
    )
