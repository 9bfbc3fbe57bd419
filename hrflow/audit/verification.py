"""Checking the chain: `verify()` walks it from the first event and names the first one that
does not hold."""

import hashlib
from dataclasses import dataclass

from hrflow import sql_paths
from hrflow.models import AuditEvent, AuditHead, AuditText

from . import ranges
from .chain import GENESIS, HASHED_FIELDS, canonical


@dataclass
class Verdict:
    ok: bool
    count: int
    head_hash: str
    first_bad_seq: int | None = None
    reason: str = ""


def verify(chunk_size=5000, *, columns=True, workers=None) -> Verdict:
    """Walk the chain from the first event, in two levels.

    1. The chain (the proof): each event carries the next sequence number, the hash of the
       event before it, and a hash that is the SHA-256 of its stored canonical text.
    2. The columns (`columns=True`, the default): each event's columns — what pages, searches
       and exports show — say exactly what its canonical text says.

    On PostgreSQL the database checks both in one pass over the texts and their events, in
    ranges of numbers side by side on connections of their own (`workers`, default one per CPU;
    hrflow.audit.ranges); elsewhere the rows are streamed and checked here. The first event that
    fails either level is named."""
    # The head first: an append committed while we read must not look like a missing event.
    head = AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first()
    if sql_paths.in_database():
        verdict = _verify_in_database(columns, workers, chunk_size)
    else:
        verdict = _verify_streamed(chunk_size)
    if verdict.ok and head is not None and head > verdict.count:
        return Verdict(False, verdict.count, verdict.head_hash, verdict.count + 1, "missing")
    return verdict


def _hash_at(seq) -> str:
    if seq < 1:
        return GENESIS
    return AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first() or GENESIS


def _verify_in_database(columns, workers, chunk_size) -> Verdict:
    found = ranges.check(columns, workers)
    if found is None:  # a text the statement could not read as JSON: walk it here, and name it
        return _verify_streamed(chunk_size)
    last, total, parts = found
    missing = ranges.first_of(part.missing for part in parts)
    unlinked = ranges.first_of(part.unlinked for part in parts)
    changed = ranges.first_of(part.changed for part in parts)
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
