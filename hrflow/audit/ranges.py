"""Verifying the chain on PostgreSQL, in ranges of sequence numbers checked side by side.

Each range is one query on a connection of its own (every connection sees the same snapshot,
exported by the first), so the ranges run on as many cores as there are connections. A range
reads the texts in order with their events beside them and checks, row by row in the database:
the number follows the one before (a gap is a missing event), the text names the hash of the one
before (the range's first row against the last hash of the range before it), its hash is the
SHA-256 of its bytes, and — the second level — the event's columns are exactly what the text
says: the text is rebuilt from the columns (JSON as chain.canonical writes it) around the
`data` value, which is compared as JSON. The first position failing each check comes back."""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction

from .chain import GENESIS

# Below this many events one range on the caller's connection is quicker than starting others.
PARALLEL_FROM = 20_000

# The text as chain.canonical writes it, up to and including `"data":`, and from the key after
# `data` to the end: sorted keys, compact JSON; strings escaped by to_json exactly as Python's
# json.dumps(ensure_ascii=False) escapes them; the time in UTC, microseconds unless zero.
_HEAD = """'{"actor_id":' || coalesce(e.actor_id::text, 'null')
    || ',"actor_name":' || to_json(e.actor_name)::text
    || ',"at":"' || replace(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                            '.000000', '') || '+00:00","data":'"""
_TAIL = """',"employee_id":' || coalesce(e.employee_id::text, 'null')
    || ',"ip":' || to_json(e.ip)::text || ',"kind":' || to_json(e.kind)::text
    || ',"prev_hash":' || to_json(e.prev_hash)::text || ',"seq":' || e.seq
    || ',"subject_id":' || coalesce(e.subject_id::text, 'null')
    || ',"subject_type":' || to_json(e.subject_type)::text
    || ',"summary":' || to_json(e.summary)::text
    || ',"unit_id":' || coalesce(e.unit_id::text, 'null')
    || ',"version":' || coalesce(e.version::text, 'null') || '}'"""

_RANGE_SQL = """
WITH row AS (
    SELECT t.seq, t.prev_hash, t.hash, {bytes} AS bytes,
           lag(t.seq) OVER (ORDER BY t.seq) AS before_seq,
           lag(t.hash) OVER (ORDER BY t.seq) AS before_hash{event_columns}
    FROM hrflow_audittext AS t{join}
    WHERE t.seq BETWEEN %(low)s AND %(high)s
)
SELECT
    count(*), min(seq), max(seq),
    min(before_seq + 1) FILTER (WHERE seq <> before_seq + 1),
    min(seq) FILTER (WHERE CASE WHEN before_seq IS NULL
        THEN seq = %(low)s AND prev_hash <> (CASE WHEN %(low)s = 1 THEN %(genesis)s ELSE
             (SELECT hash FROM hrflow_audittext WHERE seq = %(low)s - 1) END)
        ELSE before_seq = seq - 1 AND prev_hash <> before_hash END),
    min(seq) FILTER (WHERE hash <> encode(sha256(bytes), 'hex')){level_two}
FROM row
"""
# The second level's part of it: the text's bytes must begin with the head and end with the
# tail built from the event's columns, and what lies between must be the event's `data`.
_EVENT_COLUMNS = """,
           e.seq AS event_seq, e.hash <> t.hash OR e.prev_hash <> t.prev_hash AS relinked,
           e.data, {head} AS head, {tail} AS tail"""
_JOIN = """
    LEFT JOIN hrflow_auditevent AS e ON e.seq = t.seq"""
_LEVEL_TWO = """,
    min(seq) FILTER (WHERE event_seq IS NULL),
    min(seq) FILTER (WHERE event_seq IS NOT NULL AND CASE
        WHEN relinked OR octet_length(bytes) < octet_length(head) + octet_length(tail)
             OR substr(bytes, 1, octet_length(head)) <> head
             OR substr(bytes, octet_length(bytes) - octet_length(tail) + 1) <> tail
        THEN true
        ELSE convert_from(substr(bytes, octet_length(head) + 1,
                                 octet_length(bytes) - octet_length(head) - octet_length(tail)),
                          'UTF8')::jsonb IS DISTINCT FROM data
    END)"""

# Events without a text (the second level): reported as changed content at their number.
_TEXTLESS_SQL = """
SELECT min(e.seq) FROM hrflow_auditevent AS e
WHERE e.seq BETWEEN %(low)s AND %(high)s
  AND NOT EXISTS (SELECT 1 FROM hrflow_audittext AS t WHERE t.seq = e.seq)
"""


@dataclass
class Range:
    """What one range found: its texts and the first position failing each check."""

    count: int
    missing: int | None
    unlinked: int | None
    changed: int | None


def workers_default() -> int:
    return getattr(settings, "HRFLOW_AUDIT_VERIFY_WORKERS", None) or os.cpu_count() or 1


def check(columns, workers=None) -> tuple[int, int, list[Range]] | None:
    """(the last number, how many texts, each range's findings); None when a text is not JSON
    where the check expects it (the caller walks the chain the slow way and names it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(seq), 0) FROM hrflow_audittext")
        last = cursor.fetchone()[0]
        if columns:
            cursor.execute("SELECT coalesce(max(seq), 0) FROM hrflow_auditevent")
            last = max(last, cursor.fetchone()[0])
    count = workers or workers_default()
    if connection.in_atomic_block or (workers is None and last < PARALLEL_FROM):
        count = 1  # rows this transaction wrote are seen by this connection alone
    count = max(1, min(count, last))
    step = -(-max(last, 1) // count)
    bounds = [(low, min(low + step - 1, last)) for low in range(1, last + 1, step)] or [(1, 0)]
    try:
        if len(bounds) == 1:
            with transaction.atomic():  # a failed statement leaves the caller's transaction
                found = [_range(connection, *bounds[0], columns)]
        else:
            found = _side_by_side(bounds, columns)
    except DatabaseError:
        return None
    return last, sum(f.count for f in found), found


def _side_by_side(bounds, columns) -> list[Range]:
    """Each range on its own connection, all in the snapshot this connection exports."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]

        def one(low_high):
            other = connections.create_connection(connection.alias)
            try:
                other.set_autocommit(False)
                with other.cursor() as theirs:
                    theirs.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    theirs.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
                return _range(other, *low_high, columns)
            finally:
                other.close()

        with ThreadPoolExecutor(max_workers=len(bounds)) as pool:
            return list(pool.map(one, bounds))


def _range(conn, low, high, columns) -> Range:
    params = {"low": low, "high": high, "genesis": GENESIS}
    with conn.cursor() as cursor:
        # The text's UTF-8 bytes: in a UTF8 database textsend() gives them without a conversion.
        cursor.execute("SHOW server_encoding")
        utf8 = cursor.fetchone()[0].upper() in {"UTF8", "UTF-8"}
        to_bytes = "textsend({})" if utf8 else "convert_to({}, 'UTF8')"
        parts = {"event_columns": "", "join": "", "level_two": ""}
        if columns:
            head, tail = to_bytes.format(_HEAD), to_bytes.format(_TAIL)
            parts = {"event_columns": _EVENT_COLUMNS.format(head=head, tail=tail),
                     "join": _JOIN, "level_two": _LEVEL_TWO}  # fmt: skip
        statement = _RANGE_SQL.format(bytes=to_bytes.format("t.canonical"), **parts)
        cursor.execute(statement, params)
        total, first, final, gap, unlinked, rehashed, *level_two = cursor.fetchone()
        no_event, wrong = level_two or (None, None)
        textless = None
        if columns:
            cursor.execute(_TEXTLESS_SQL, params)
            textless = cursor.fetchone()[0]
    if low <= high and (first is None or first > low):
        gap = low  # the range does not start where it should
    elif low <= high and final < high:
        gap = first_of((gap, final + 1))  # nor end where it should
    missing = first_of((gap, no_event))
    changed = first_of((rehashed, wrong, textless))
    return Range(total, missing, unlinked, changed)


def first_of(positions):
    return min((n for n in positions if n is not None), default=None)
