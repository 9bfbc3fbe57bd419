"""The audit trail: append-only, hash-chained events of everything auditors must be able to
trust — state changes, acknowledgements (own and by proxy), notices that failed, role and unit
changes, staff imports.

`record()` is called by the service that makes the change, inside its transaction, so an event
exists exactly when the change does. `verify()` walks the chain. Nothing here imports the apps
above hrflow: they pass in what the event is about."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import AuditEvent, AuditHead, AuditText, display_name

GENESIS = "0" * 64


class Kind:
    TRANSITION = "transition"
    ACKNOWLEDGEMENT = "acknowledgement"
    PROXY_ACKNOWLEDGEMENT = "proxy_acknowledgement"
    NOTICE_FAILED = "notice_failed"
    ROLE_CHANGE = "role_change"
    UNIT_CHANGE = "unit_change"
    STAFF_IMPORT = "staff_import"
    COMMENT = "comment"  # a comment on a published document, or HR's answer to it
    ACTION_ITEM = "action_item"  # a meeting's action item closed at a later meeting
    SUGGESTION = "suggestion"  # a suggestion answered (who suggested it is not recorded here)


KIND_LABELS = {
    Kind.TRANSITION: _("Workflow step"),
    Kind.ACKNOWLEDGEMENT: _("Acknowledgement"),
    Kind.PROXY_ACKNOWLEDGEMENT: _("Acknowledgement recorded by proxy"),
    Kind.NOTICE_FAILED: _("Notice could not be delivered"),
    Kind.ROLE_CHANGE: _("Role change"),
    Kind.UNIT_CHANGE: _("Unit change"),
    Kind.STAFF_IMPORT: _("Staff import"),
    Kind.COMMENT: _("Comment"),
    Kind.ACTION_ITEM: _("Action item closed"),
    Kind.SUGGESTION: _("Suggestion answered"),
}


def kind_label(kind) -> str:
    return str(KIND_LABELS.get(kind, kind))


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


# Models that moved to another app, by the label events were written under before the move. An
# event's subject_type is hashed into the chain, so old events keep their label for ever; every
# read that turns a label into a model or filters by one goes through current_label/labels_of.
MOVED_LABELS = {
    "workflows.circular": "circulars.circular",
    "workflows.circularattachment": "circulars.circularattachment",
    "workflows.meetingseries": "meetings.meetingseries",
    "workflows.attendance": "meetings.attendance",
    "workflows.meetingminutes": "meetings.meetingminutes",
    "workflows.problem": "meetings.problem",
    "workflows.resolution": "meetings.resolution",
    "workflows.actionitem": "meetings.actionitem",
    "workflows.actionprogress": "meetings.actionprogress",
    "workflows.suggestion": "meetings.suggestion",
    "workflows.positiondescription": "personnel.positiondescription",
    "workflows.evaluationcriteria": "personnel.evaluationcriteria",
    "workflows.organisationgoal": "personnel.organisationgoal",
}


def current_label(label: str) -> str:
    """The label a model has today, for a label an event was written under."""
    return MOVED_LABELS.get(label, label)


def labels_of(label: str) -> list[str]:
    """Every label events about the model `label` may carry: today's and those before a move."""
    label = current_label(label)
    return [label, *sorted(old for old, new in MOVED_LABELS.items() if new == label)]


def subject_of(instance) -> tuple[str, int | None]:
    if instance is None:
        return "", None
    return instance._meta.label_lower, instance.pk


@dataclass
class LockedHead:
    """The head as a caller's own statement took it (`UPDATE hrflow_audithead SET seq = seq + 1
    WHERE id = 1 RETURNING seq, hash`, in the caller's transaction): the new number and the
    hash before it."""

    seq: int
    hash: str


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
        if connection.vendor == "postgresql":
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


def _lock_head() -> AuditHead:
    """Take the next sequence number. The UPDATE locks the head row until the transaction
    ends (on SQLite, the whole database), so appends are serialised in commit order."""
    for _attempt in range(2):
        with connection.cursor() as cursor:
            # One statement takes the number and reads the head (PostgreSQL, SQLite ≥ 3.35).
            cursor.execute(
                "UPDATE hrflow_audithead SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"
            )
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
    if connection.vendor == "postgresql":
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


def head_hash() -> str:
    return _last_hash() or GENESIS
