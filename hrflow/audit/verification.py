"""Checking the chain: `verify()` walks it from the first event and names the first one that
does not hold."""

import hashlib
from dataclasses import dataclass

from django.db import connection

from hrflow import sql_paths
from hrflow.models import AuditEvent, AuditHead, AuditText

from .chain import GENESIS, HASHED_FIELDS, canonical


@dataclass
class Verdict:
    ok: bool
    count: int
    head_hash: str
    first_bad_seq: int | None = None
    reason: str = ""


def verify(chunk_size=5000, *, columns=True) -> Verdict:
    """Walk the chain from the first event, in two levels.

    1. The chain (the proof): each event carries the next sequence number, the hash of the
       event before it, and a hash that is the SHA-256 of its stored canonical text.
    2. The columns (`columns=True`, the default): each event's columns — what pages, searches
       and exports show — say exactly what its canonical text says.

    On PostgreSQL each level is one query (level 1 runs in parallel workers: sha256() and a
    join of each event to the one before it); elsewhere the rows are streamed and checked here.
    The first event that fails either level is named."""
    # The head first: an append committed while we read must not look like a missing event.
    head = AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first()
    if sql_paths.in_database():
        verdict = _verify_in_database(columns)
    else:
        verdict = _verify_streamed(chunk_size)
    if verdict.ok and head is not None and head > verdict.count:
        return Verdict(False, verdict.count, verdict.head_hash, verdict.count + 1, "missing")
    return verdict


# Level 1: every text joined to the one numbered before it. Gaps are found from the count.
_CHAIN_SQL = """
SELECT
    count(*),
    coalesce(min(text.seq), 1),
    coalesce(max(text.seq), 0),
    min(text.seq) FILTER (
        WHERE text.prev_hash <> coalesce(previous.hash, %(genesis)s)
        AND (previous.seq IS NOT NULL OR text.seq = 1)
    ),
    min(text.seq) FILTER (WHERE text.hash <> encode(sha256({text_bytes}), 'hex'))
FROM hrflow_audittext AS text
LEFT JOIN hrflow_audittext AS previous ON previous.seq = text.seq - 1
"""

# The first number missing (only asked when the count says one is).
_FIRST_GAP_SQL = """
SELECT CASE WHEN min(seq) > 1 THEN 1 ELSE (
    SELECT min(text.seq) + 1 FROM hrflow_audittext AS text
    WHERE NOT EXISTS (SELECT 1 FROM hrflow_audittext AS next WHERE next.seq = text.seq + 1)
) END
FROM hrflow_audittext
"""

# Level 2: every event against its text (read as jsonb): an event missing, or columns that do
# not say what the text says.
_COLUMNS_SQL = """
SELECT
    min(text.seq) FILTER (WHERE event.seq IS NULL),
    min(coalesce(event.seq, text.seq)) FILTER (
        WHERE event.seq IS NOT NULL AND (
            text.seq IS NULL
            OR event.hash <> text.hash
            OR event.prev_hash <> text.prev_hash
            OR text.canonical::jsonb - 'at' IS DISTINCT FROM jsonb_build_object(
                'seq', event.seq, 'kind', event.kind, 'actor_id', event.actor_id,
                'actor_name', event.actor_name, 'ip', event.ip,
                'subject_type', event.subject_type, 'subject_id', event.subject_id,
                'version', event.version, 'employee_id', event.employee_id,
                'unit_id', event.unit_id, 'summary', event.summary, 'data', event.data,
                'prev_hash', text.prev_hash
            )
            OR (text.canonical::jsonb ->> 'at')::timestamptz IS DISTINCT FROM event.at
        )
    )
FROM hrflow_auditevent AS event
FULL JOIN hrflow_audittext AS text ON text.seq = event.seq
"""


def _hash_at(seq) -> str:
    if seq < 1:
        return GENESIS
    return AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first() or GENESIS


def _verify_in_database(columns) -> Verdict:
    with connection.cursor() as cursor:
        # The text's UTF-8 bytes: in a UTF8 database textsend() gives them without a conversion.
        cursor.execute("SHOW server_encoding")
        utf8 = cursor.fetchone()[0].upper() in {"UTF8", "UTF-8"}
        text_bytes = "textsend(text.canonical)" if utf8 else "convert_to(text.canonical, 'UTF8')"
        cursor.execute(_CHAIN_SQL.format(text_bytes=text_bytes), {"genesis": GENESIS})
        total, first, last, unlinked, rehashed = cursor.fetchone()
        missing = None
        if total != last or first != 1:
            cursor.execute(_FIRST_GAP_SQL)
            missing = cursor.fetchone()[0]
        changed = rehashed
        if columns:
            cursor.execute(_COLUMNS_SQL)
            no_event, wrong = cursor.fetchone()
            missing = min((n for n in (missing, no_event) if n is not None), default=None)
            changed = min((n for n in (rehashed, wrong) if n is not None), default=None)
        # The first position that fails; at one position "missing" is said before "out of
        # order" before "content changed", as a walk from the first event would find them.
        failures = [(n, order, reason) for n, order, reason in (
            (missing, 0, "missing"), (unlinked, 1, "out of order"), (changed, 2, "content changed")
        ) if n is not None]  # fmt: skip
        if failures:
            position, _order, reason = min(failures)
            return Verdict(False, position - 1, _hash_at(position - 1), position, reason)
        return Verdict(True, total, _hash_at(last))


def _verify_streamed(chunk_size) -> Verdict:
    fields = (*HASHED_FIELDS, "hash")
    texts = AuditText.objects.order_by("seq").values_list("seq", "prev_hash", "hash", "canonical")
    events = {
        row[0]: dict(zip(fields, row, strict=True))
        for row in AuditEvent.objects.order_by("seq").values_list(*fields).iterator(chunk_size)
    }
    expected_seq, previous = 1, GENESIS
    count = 0
    for seq, prev_hash, hash_, text in texts.iterator(chunk_size=chunk_size):
        if seq != expected_seq or seq not in events:
            return Verdict(False, count, previous, expected_seq, "missing")
        if prev_hash != previous:
            return Verdict(False, count, previous, seq, "out of order")
        values = events.pop(seq)
        raw = text.encode()
        if (
            hashlib.sha256(raw).hexdigest() != hash_
            or canonical(values) != raw
            or (values["hash"], values["prev_hash"]) != (hash_, prev_hash)
        ):
            return Verdict(False, count, previous, seq, "content changed")
        previous, expected_seq, count = hash_, seq + 1, count + 1
    if events:  # events without a text
        return Verdict(False, count, previous, min(events), "content changed")
    return Verdict(True, count, previous)
