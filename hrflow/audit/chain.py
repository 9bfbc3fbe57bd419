"""The chain itself: how an event is hashed and appended, and who may take the head.

`record()` is called by the service that makes the change, inside its transaction, so an event
exists exactly when the change does. A caller whose own statement makes the change and must
append its event in that statement (nothing between taking the head and committing) builds it
from `append_sql()`, never from the tables' names."""

import datetime as dt
import hashlib
import json

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hrflow import sql_paths
from hrflow.models import AuditEvent, AuditHead, AuditText, display_name

from .labels import subject_of

GENESIS = "0" * 64


def _hashed(values: dict) -> dict:
    """The fields an event's hash is of, its time as UTC ISO text."""
    content = {name: values[name] for name in HASHED_FIELDS}
    if isinstance(content["at"], dt.datetime):
        content["at"] = content["at"].astimezone(dt.UTC).isoformat()
    return content


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical(values: dict) -> bytes:
    """The bytes an event's hash is taken of: its fields as sorted, compact JSON."""
    return _json(_hashed(values)).encode()


HASHED_FIELDS = (
    "seq", "at", "kind", "actor_id", "actor_name", "ip", "subject_type", "subject_id",
    "version", "employee_id", "unit_id", "summary", "data", "prev_hash",
)  # fmt: skip


def digest(values: dict) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


_HEAD_CLAIM = "UPDATE {table} SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"


def _values(kind, *, actor, ip, subject, version, employee, summary, data) -> dict:
    """An event's fields but its number and the hash before it, as they are hashed."""
    subject_type, subject_id = subject_of(subject)
    return {
        "at": timezone.now(),
        "kind": kind,
        "actor_id": getattr(actor, "pk", None),
        "actor_name": display_name(actor) if actor is not None else "",
        "ip": ip or "",
        "subject_type": subject_type,
        "subject_id": subject_id,
        "version": version,
        "employee_id": getattr(employee, "pk", None),
        "unit_id": getattr(employee, "unit_id", None),
        "summary": str(summary)[:500],
        "data": json.loads(json.dumps(data or {}, default=str)),
    }


def record(kind, *, actor=None, ip=None, subject=None, version=None, employee=None, summary="",
           data=None) -> AuditEvent:  # fmt: skip
    """Append one event. Call it inside the transaction of the change it records."""
    values = _values(kind, actor=actor, ip=ip, subject=subject, version=version,
                     employee=employee, summary=summary, data=data)  # fmt: skip
    # Inside the change's transaction no savepoint is needed: a failure here fails the change.
    with transaction.atomic(savepoint=False):
        head = _lock_head()
        values.update(seq=head.seq, prev_hash=head.hash or GENESIS)
        text = canonical(values)
        event = AuditEvent(**values, hash=hashlib.sha256(text).hexdigest())
        if sql_paths.in_database():
            _insert_and_move_head(event, text.decode())
        else:
            event.save(force_insert=True)
            AuditText.objects.create(
                seq=event.seq, prev_hash=event.prev_hash, hash=event.hash, canonical=text.decode()
            )
            AuditHead.objects.filter(pk=1).update(prev_hash=event.prev_hash, hash=event.hash)
    return event


def canonical_pieces(values: dict, holes: tuple[str, ...]) -> list[str]:
    """canonical(values) as text, cut where the values of the fields `holes` go: one piece more
    than holes, the holes in the text's (sorted) order. The JSON of each hole's value put
    between the pieces gives back canonical(values) exactly."""
    content = _hashed({**dict.fromkeys(holes), **values})
    pieces, piece = [], "{"
    for n, name in enumerate(sorted(content)):
        piece += ("," if n else "") + _json(name) + ":"
        if name in holes:
            pieces.append(piece)
            piece = ""
        else:
            piece += _json(content[name])
    return [*pieces, piece + "}"]


# An event appended by a caller's own statement (PostgreSQL), so that nothing runs between
# taking the head and committing: one UPDATE takes the next number and writes the new hash (its
# SET sees the head as it was, so `hash` there is the hash before), and the event and its text
# are inserted from what it returns. The text is chain.canonical's, cut at the number, the hash
# before and the summary (canonical_pieces), with those three put in by the database as
# to_json writes them (as hrflow.audit.ranges rebuilds texts to verify them).
_APPEND = """head AS (
    UPDATE {heads} SET seq = seq + 1, prev_hash = {before},
        hash = encode(sha256(convert_to({text_set}, 'UTF8')), 'hex')
    WHERE id = 1 AND ({condition})
    RETURNING seq, prev_hash, hash, {text_returned} AS canonical
), event AS (
    INSERT INTO {events} (seq, at, kind, actor_id, actor_name, ip, subject_type, subject_id,
                          version, employee_id, unit_id, summary, data, prev_hash, hash)
    SELECT seq, %(audit_at)s, %(audit_kind)s, %(audit_actor_id)s, %(audit_actor_name)s,
           %(audit_ip)s, %(audit_subject_type)s, %(audit_subject_id)s, %(audit_version)s,
           %(audit_employee_id)s, %(audit_unit_id)s, {summary}, %(audit_data)s::jsonb,
           prev_hash, hash
    FROM head
    RETURNING id
), event_text AS (
    INSERT INTO {texts} (seq, prev_hash, hash, canonical)
    SELECT seq, prev_hash, hash, canonical FROM head
)"""
_TEXT = (
    "%(audit_p0)s || to_json({before})::text || %(audit_p1)s || to_json({seq})::text"
    " || %(audit_p2)s || to_json({summary})::text || %(audit_p3)s"
)


def append_sql(kind, *, condition, summary, actor=None, ip=None, subject=None, version=None,
               employee=None, data=None) -> tuple[str, dict]:  # fmt: skip
    """WITH clauses for a caller's statement that append this event when the SQL `condition`
    holds, with the SQL expression `summary` (of the statement's own rows) as its summary:
    CTEs `head` (seq, prev_hash, hash) and `event` (id), and the parameters they use (named
    audit_*). The head row must exist (`ensure_head`); the caller's statement commits it."""
    values = _values(kind, actor=actor, ip=ip, subject=subject, version=version,
                     employee=employee, summary="", data=data)  # fmt: skip
    pieces = canonical_pieces(values, ("prev_hash", "seq", "summary"))
    summary = f"left(({summary})::text, 500)"
    sql = _APPEND.format(
        heads=connection.ops.quote_name(AuditHead._meta.db_table),
        events=connection.ops.quote_name(AuditEvent._meta.db_table),
        texts=connection.ops.quote_name(AuditText._meta.db_table),
        condition=condition,
        summary=summary,
        before="coalesce(nullif(hash, ''), %(audit_genesis)s)",
        text_set=_TEXT.format(before="coalesce(nullif(hash, ''), %(audit_genesis)s)",
                              seq="seq + 1", summary=summary),
        text_returned=_TEXT.format(before="prev_hash", seq="seq", summary=summary),
    )  # fmt: skip
    params = {f"audit_{name}": value for name, value in values.items() if name != "summary"}
    params.update({f"audit_p{n}": piece for n, piece in enumerate(pieces)})
    params.update(audit_data=json.dumps(values["data"]), audit_genesis=GENESIS)
    return sql, params


def ensure_head():
    """The head row exists (the first event makes it; a statement that appends by itself,
    append_sql, needs it before)."""
    if AuditHead.objects.filter(pk=1).exists():
        return
    try:
        with transaction.atomic():
            AuditHead.objects.create(pk=1, seq=_last_seq(), hash=_last_hash())
    except IntegrityError:
        pass  # another transaction made it first


# The event, its text and the head's new hash in one statement (the head is locked already).
_INSERT_EVENT = """
WITH event AS (
    INSERT INTO hrflow_auditevent
        (seq, at, kind, actor_id, actor_name, ip, subject_type, subject_id, version, employee_id,
         unit_id, summary, data, prev_hash, hash)
    VALUES (%(seq)s, %(at)s, %(kind)s, %(actor_id)s, %(actor_name)s, %(ip)s, %(subject_type)s,
            %(subject_id)s, %(version)s, %(employee_id)s, %(unit_id)s, %(summary)s,
            %(data)s::jsonb, %(prev_hash)s, %(hash)s)
    RETURNING id
), text AS (
    INSERT INTO hrflow_audittext (seq, prev_hash, hash, canonical)
    VALUES (%(seq)s, %(prev_hash)s, %(hash)s, %(canonical)s)
), head AS (
    UPDATE hrflow_audithead SET prev_hash = %(prev_hash)s, hash = %(hash)s WHERE id = 1
)
SELECT id FROM event
"""


def _insert_and_move_head(event, text):
    params = {name: getattr(event, name) for name in (*HASHED_FIELDS, "hash")}
    params["data"], params["canonical"] = json.dumps(event.data), text
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_EVENT, params)
        event.pk = cursor.fetchone()[0]
    event._state.adding, event._state.db = False, connection.alias


def head_number() -> int:
    """The number of the chain's last event (0 before the first), read without a lock. Every
    change HRFlow records moves it, so a reader may key what it keeps by it (public.views)."""
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq FROM {table} WHERE id = 1")  # noqa: S608 (a model's table)
        row = cursor.fetchone()
    return row[0] if row else 0


def lock_head():
    """Lock the head row now, until the transaction ends, for a change that `record()` follows
    in the same transaction (PostgreSQL; SQLite's first write locks the whole database anyway).

    For the order of locks: the one-statement acknowledgement (append_sql) takes its row, then
    the head, then — the triggers of the acknowledgements, at the statement's end — rows of
    notifications' tally. A transaction that changed acknowledgements before taking the head
    would hold tally rows while waiting for the head: a deadlock with such a statement."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("lock_head() outside a transaction")
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = 1 FOR UPDATE")  # noqa: S608


def _lock_head() -> AuditHead:
    """Take the next sequence number. The UPDATE locks the head row until the transaction
    ends (on SQLite, the whole database), so appends are serialised in commit order."""
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    for _attempt in range(2):
        with connection.cursor() as cursor:
            # One statement takes the number and reads the head (PostgreSQL, SQLite ≥ 3.35).
            cursor.execute(_HEAD_CLAIM.format(table=table))
            row = cursor.fetchone()
        if row is not None:
            return AuditHead(pk=1, seq=row[0], hash=row[1])
        try:
            with transaction.atomic():
                return AuditHead.objects.create(pk=1, seq=_last_seq() + 1, hash=_last_hash())
        except IntegrityError:
            continue  # another transaction created it first: lock it as usual
    raise RuntimeError("The audit trail's head row could not be locked.")


def _last_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


def _last_hash() -> str:
    return AuditEvent.objects.order_by("-seq").values_list("hash", flat=True).first() or ""


def head_hash() -> str:
    return _last_hash() or GENESIS
