"""The chain itself: how an event is hashed and appended, and who may take the head.

`record()` is called by the service that makes the change, inside its transaction, so an event
exists exactly when the change does. A caller whose own statement must take the head with its
change (one round trip) builds it from `head_claim_sql()`, never from the table's name."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hrflow import roles, sql_paths
from hrflow.models import AuditEvent, AuditHead, AuditText, display_name

from .labels import Kind, subject_of

GENESIS = "0" * 64


def canonical(values: dict) -> bytes:
    """The bytes an event's hash is taken of: its fields as sorted, compact JSON."""
    at = values["at"]
    if isinstance(at, dt.datetime):
        at = at.astimezone(dt.UTC).isoformat()
    content = {name: values[name] for name in HASHED_FIELDS}
    content["at"] = at
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


HASHED_FIELDS = (
    "seq", "at", "kind", "actor_id", "actor_name", "ip", "subject_type", "subject_id",
    "version", "employee_id", "unit_id", "summary", "data", "prev_hash",
)  # fmt: skip


def digest(values: dict) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


@dataclass
class LockedHead:
    """The head as a caller's own statement took it (built from `head_claim_sql()`, in the
    caller's transaction): the new number and the hash before it."""

    seq: int
    hash: str


# The condition is the caller's SQL (a constant of its own statement), never a value.
_HEAD_CLAIM = "UPDATE {table} SET seq = seq + 1 WHERE id = 1 AND ({condition}) RETURNING seq, hash"


def head_claim_sql(condition: str = "TRUE") -> str:
    """An UPDATE for a caller's WITH clause: takes the trail's next number and locks the head
    until the transaction ends, only when the SQL `condition` holds; RETURNING seq, hash (give
    them to `record(head=LockedHead(seq, hash))`). It writes the head row's seq, nothing else:
    `record` writes the event, its text and the head's new hash."""
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    return _HEAD_CLAIM.format(table=table, condition=condition)


def record(kind, *, actor=None, ip=None, subject=None, version=None, employee=None, summary="",
           data=None, head: LockedHead | None = None) -> AuditEvent:  # fmt: skip
    """Append one event. Call it inside the transaction of the change it records. `head`: the
    head already locked by the caller's statement in this transaction (one round trip less)."""
    subject_type, subject_id = subject_of(subject)
    # Inside the change's transaction no savepoint is needed: a failure here fails the change.
    with transaction.atomic(savepoint=False):
        head = head or _lock_head()
        values = {
            "seq": head.seq,
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
            "prev_hash": head.hash or GENESIS,
        }
        text = canonical(values)
        event = AuditEvent(**values, hash=hashlib.sha256(text).hexdigest())
        if sql_paths.in_database():
            _insert_and_move_head(event, text.decode())
        else:
            event.save(force_insert=True)
            AuditText.objects.create(
                seq=event.seq, prev_hash=event.prev_hash, hash=event.hash, canonical=text.decode()
            )
            AuditHead.objects.filter(pk=1).update(hash=event.hash)
    return event


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
    UPDATE hrflow_audithead SET hash = %(hash)s WHERE id = 1
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


def roles_of(user) -> set[str]:
    """The roles an event names: the role groups, and "superuser" for a superuser."""
    names = set(user.groups.filter(name__in=roles.ALL).values_list("name", flat=True))
    return names | ({"superuser"} if user.is_superuser else set())


def record_roles(user, before, after, *, by, ip=None, via=""):
    """A login's roles changed (the admin, a staff import): who gained and lost which."""
    before, after = set(before), set(after)
    if before == after:
        return None
    employee = getattr(user, "employee", None)
    return record(
        Kind.ROLE_CHANGE,
        actor=by,
        ip=ip,
        subject=employee or user,
        employee=employee,
        summary=f"{display_name(user)}: {', '.join(sorted(after)) or '-'}",
        data={"added": sorted(after - before), "removed": sorted(before - after), "via": str(via)},
    )


def record_unit(employee, unit_before_id, *, by, ip=None, via=""):
    if unit_before_id == employee.unit_id:
        return None
    return record(
        Kind.UNIT_CHANGE,
        actor=by,
        ip=ip,
        subject=employee,
        employee=employee,
        summary=f"{employee.full_name}: {employee.unit}",
        data={"from": unit_before_id, "to": employee.unit_id, "via": str(via)},
    )


def record_agency(agency, changed, *, by, ip=None):
    """The admin changed the agency's settings (`changed`: the form's changed field names):
    its name and letterhead are on every official document and public page."""
    if not changed:
        return None
    return record(
        Kind.AGENCY_CHANGE,
        actor=by,
        ip=ip,
        subject=agency,
        summary=agency.name,
        data={"changed": sorted(changed)},
    )


def head_number() -> int:
    """The number of the chain's last event (0 before the first), read without a lock. Every
    change HRFlow records moves it, so a reader may key what it keeps by it (public.views)."""
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq FROM {table} WHERE id = 1")  # noqa: S608 (a model's table)
        row = cursor.fetchone()
    return row[0] if row else 0


def _lock_head() -> AuditHead:
    """Take the next sequence number. The UPDATE locks the head row until the transaction
    ends (on SQLite, the whole database), so appends are serialised in commit order."""
    for _attempt in range(2):
        with connection.cursor() as cursor:
            # One statement takes the number and reads the head (PostgreSQL, SQLite ≥ 3.35).
            cursor.execute(head_claim_sql())
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
