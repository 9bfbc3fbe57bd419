"""announce, deliver, acknowledge, remind, sweep: everything that writes notices and
acknowledgements. Tasks are thin wrappers around these."""

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from hrflow import audit
from hrflow.models import Employee, nearest_heads

from . import channels
from .line import linked_employees
from .models import Acknowledgement, Notice
from .paper import PaperError, paper_fields

log = logging.getLogger(__name__)


class AcknowledgementError(Exception):
    status = 400

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = str(message)
        self.status = status


# --- announce ---------------------------------------------------------------------------------


def announce(document, employee_ids, *, deadline=None):
    """Inside the publishing transaction (or a later one asking newcomers to the same
    version): one acknowledgement request per recipient and one notice per recipient × channel;
    delivery is enqueued only once the transaction commits.

    On PostgreSQL each table is written by one INSERT … SELECT, so publishing to ten thousand
    people takes as many statements as publishing to ten. Returns how many were asked."""
    if connection.vendor == "postgresql":
        count, notice_ids = _announce_in_database(document, employee_ids, deadline=deadline)
        enqueue_on_commit(notice_ids)
        return count
    content_type = ContentType.objects.get_for_model(document)
    now = timezone.now()
    units = dict(Employee.objects.filter(pk__in=employee_ids).values_list("pk", "unit_id"))
    acks = Acknowledgement.objects.bulk_create(
        [
            Acknowledgement(
                content_type=content_type,
                object_id=document.pk,
                version=document.version,
                content_hash=document.content_hash,
                employee_id=employee_id,
                unit_id=units.get(employee_id),
                deadline=deadline,
                requested_at=now,
            )
            for employee_id in employee_ids
        ],
        batch_size=2000,
    )
    reach = _reachable([ack.employee_id for ack in acks])
    notice_ids = _create_notices(acks, Notice.Kind.ANNOUNCE, "announce", reach, fresh=True)
    enqueue_on_commit(notice_ids)
    return len(acks)


_ANNOUNCE_ACKS = """
INSERT INTO notifications_acknowledgement
    (content_type_id, object_id, version, content_hash, employee_id, unit_id, deadline,
     requested_at, user_agent, proxy_reason)
SELECT %(type)s, %(object)s, %(version)s, %(hash)s, employee.id, employee.unit_id, %(deadline)s,
       %(now)s, '', ''
FROM unnest(%(recipients)s::bigint[]) AS recipient
JOIN hrflow_employee AS employee ON employee.id = recipient
"""

# One notice per acknowledgement of this version × channel, in the order of the channels'
# setting; email only to people with an address, LINE only to people who linked an account.
# The dedupe key is the one _create_notices gives (ack:recipient:channel:announce).
_ANNOUNCE_NOTICES = """
INSERT INTO notifications_notice
    (recipient_id, acknowledgement_id, subject, text, link, channel, kind, dedupe_key, status,
     attempts, lease_token, last_error, created_at)
SELECT ack.employee_id, ack.id, '', '', '', channel.name, %(kind)s,
       ack.id || ':' || ack.employee_id || ':' || channel.name || ':announce',
       %(status)s, 0, '', '', %(now)s
FROM notifications_acknowledgement AS ack
JOIN hrflow_employee AS employee ON employee.id = ack.employee_id
JOIN {users} AS person ON person.id = employee.user_id
CROSS JOIN unnest(%(channels)s::text[]) WITH ORDINALITY AS channel(name, position)
WHERE ack.content_type_id = %(type)s AND ack.object_id = %(object)s
  AND ack.version = %(version)s AND ack.employee_id = ANY(%(recipients)s::bigint[])
  AND (channel.name <> %(email)s OR person.email <> '')
  AND (channel.name <> %(line)s OR EXISTS (
      SELECT 1 FROM notifications_linelink AS line
      WHERE line.employee_id = ack.employee_id AND line.line_user_id <> ''))
ORDER BY ack.id, channel.position
RETURNING id
"""


def _announce_in_database(document, employee_ids, *, deadline):
    from django.contrib.auth import get_user_model

    params = {
        "type": ContentType.objects.get_for_model(document).pk,
        "object": document.pk,
        "version": document.version,
        "hash": document.content_hash,
        "deadline": deadline,
        "now": timezone.now(),
        "recipients": list(employee_ids),
        "kind": Notice.Kind.ANNOUNCE,
        "status": Notice.Status.PENDING,
        "channels": list(settings.HRFLOW_NOTICE_CHANNELS),
        "email": Notice.Channel.EMAIL,
        "line": Notice.Channel.LINE,
    }
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_ANNOUNCE_ACKS, params)
        count = cursor.rowcount
        cursor.execute(_ANNOUNCE_NOTICES.format(users=users), params)
        notice_ids = [row[0] for row in cursor.fetchall()]
    return count, notice_ids


def _reachable(employee_ids) -> dict[str, set[int]]:
    """For the channels that need an address (email, LINE): who has one."""
    reach = {}
    if Notice.Channel.EMAIL in settings.HRFLOW_NOTICE_CHANNELS:
        reach[Notice.Channel.EMAIL] = set(
            Employee.objects.filter(pk__in=employee_ids)
            .exclude(user__email="")
            .values_list("pk", flat=True)
        )
    if Notice.Channel.LINE in settings.HRFLOW_NOTICE_CHANNELS:
        reach[Notice.Channel.LINE] = linked_employees(employee_ids)
    return reach


def _can_reach(reach, channel, employee_id) -> bool:
    return channel not in reach or employee_id in reach[channel]


def _create_notices(acks, kind, key, reach, recipient_of=None, fresh=False) -> list[int]:
    """Notices for each acknowledgement over each configured channel. The dedupe key makes a
    repeat (a second announce, a second reminder on the same day) a no-op."""
    rows = []
    for ack in acks:
        recipient_id = recipient_of(ack) if recipient_of else ack.employee_id
        for channel in settings.HRFLOW_NOTICE_CHANNELS:
            if not _can_reach(reach, channel, recipient_id):
                continue
            rows.append(
                Notice(
                    recipient_id=recipient_id,
                    acknowledgement_id=ack.pk,
                    channel=channel,
                    kind=kind,
                    dedupe_key=f"{ack.pk}:{recipient_id}:{channel}:{key}",
                )
            )
    if not fresh:
        # Only what does not exist yet: a repeat is a no-op and is not counted as sent again.
        keys = [row.dedupe_key for row in rows]
        existing = set()
        for start in range(0, len(keys), 2000):
            existing.update(
                Notice.objects.filter(dedupe_key__in=keys[start : start + 2000]).values_list(
                    "dedupe_key", flat=True
                )
            )
        rows = [row for row in rows if row.dedupe_key not in existing]
    return [notice.pk for notice in Notice.objects.bulk_create(rows, batch_size=2000)]


# A private notice's dedupe key starts so; the admin never lists it (notifications/admin.py).
PRIVATE_KEY_PREFIX = "private:"


def dedupe_key(key, employee_id, channel, *, private=False) -> str:
    """A message's once-per-person key. A private one (the answer to an anonymous suggestion)
    is a keyed hash: it must not name what it is about next to the person it went to."""
    if private:
        return (
            PRIVATE_KEY_PREFIX
            + salted_hmac("notifications.private", f"{key}:{employee_id}:{channel}").hexdigest()
        )
    return f"msg:{key}:{employee_id}:{channel}"[:120]


def notify(employee_ids, *, subject, text="", link="", key, private=False) -> list[int]:
    """Message notices (no acknowledgement asked) to these employees over every channel, once
    per key and person; delivered by the worker once the transaction commits. `private`: only
    the person may learn what it is about — the admin does not list it."""
    employee_ids = sorted(set(employee_ids))
    reach = _reachable(employee_ids)
    rows = [
        Notice(
            recipient_id=employee_id,
            channel=channel,
            kind=Notice.Kind.MESSAGE,
            subject=str(subject)[:300],
            text=str(text),
            link=link[:300],
            dedupe_key=dedupe_key(key, employee_id, channel, private=private),
        )
        for employee_id in employee_ids
        for channel in settings.HRFLOW_NOTICE_CHANNELS
        if _can_reach(reach, channel, employee_id)
    ]
    existing = set(
        Notice.objects.filter(dedupe_key__in=[r.dedupe_key for r in rows]).values_list(
            "dedupe_key", flat=True
        )
    )
    rows = [row for row in rows if row.dedupe_key not in existing]
    ids = [notice.pk for notice in Notice.objects.bulk_create(rows)]
    enqueue_on_commit(ids)
    return ids


def enqueue_on_commit(notice_ids):
    if notice_ids:
        transaction.on_commit(lambda: enqueue(notice_ids))


def enqueue(notice_ids):
    """Hand notices to the broker in batches. A broker that is down is logged, not raised:
    the rows are safe in the database and the sweep enqueues them again."""
    from .tasks import deliver_notices

    batch = settings.HRFLOW_DELIVERY_BATCH
    sent = 0
    try:
        with deliver_notices.app.producer_or_acquire() as producer:
            # One quick try, not kombu's retries until the connect timeout: the person who
            # published should not wait on a broker that is down when the sweep covers it.
            producer.connection.ensure_connection(max_retries=1, interval_start=0)
            for start in range(0, len(notice_ids), batch):
                chunk = list(notice_ids[start : start + batch])
                deliver_notices.apply_async(args=[chunk], retry=False, producer=producer)
                sent += len(chunk)
    except Exception:  # the broker's own errors vary by transport
        log.warning("broker unavailable; %d notices wait for the sweep", len(notice_ids) - sent)


# --- deliver ----------------------------------------------------------------------------------


def claim(notice_ids) -> list[Notice]:
    """Take the rows that are pending (or whose lease ran out) for this worker only."""
    now = timezone.now()
    token = uuid.uuid4().hex
    Notice.objects.filter(
        pk__in=notice_ids, attempts__lt=settings.HRFLOW_NOTICE_MAX_ATTEMPTS
    ).filter(
        Q(status=Notice.Status.PENDING) | Q(status=Notice.Status.SENDING, lease_until__lt=now)
    ).update(
        status=Notice.Status.SENDING,
        lease_token=token,
        lease_until=now + dt.timedelta(seconds=settings.HRFLOW_NOTICE_LEASE_SECONDS),
        attempts=F("attempts") + 1,
    )
    return list(
        Notice.objects.filter(lease_token=token, status=Notice.Status.SENDING).select_related(
            "recipient__user", "acknowledgement__content_type"
        )
    )


def deliver(notice_ids) -> dict:
    """Deliver what can be claimed of these notices; returns counts by outcome.

    A channel that reaches outside (email) reports each message as soon as it is accepted and
    the row is marked sent there and then: a worker killed mid-batch sends again at most the
    message it was sending, not every message of the batch before it."""
    claimed = claim(notice_ids)
    sent, failed, marked = [], {}, set()

    def mark_sent(notice):
        now = timezone.now()
        with transaction.atomic():
            Notice.objects.filter(pk=notice.pk).update(
                status=Notice.Status.SENT, sent_at=now, lease_until=None, last_error=""
            )
            _mark_delivered([notice], now)
        marked.add(notice.pk)

    permanent, deferred = set(), {}
    for channel_name in {n.channel for n in claimed}:
        batch = [n for n in claimed if n.channel == channel_name]
        outcome = channels.get(channel_name).send(batch, on_sent=mark_sent)
        sent += outcome.sent
        failed.update(outcome.failed)
        permanent |= outcome.permanent
        deferred.update(outcome.deferred)
    now = timezone.now()
    unmarked = [n.pk for n in sent if n.pk not in marked]
    if unmarked:
        with transaction.atomic():
            Notice.objects.filter(pk__in=unmarked).update(
                status=Notice.Status.SENT, sent_at=now, lease_until=None, last_error=""
            )
            _mark_delivered([n for n in sent if n.pk not in marked], now)
    _defer(deferred)
    for notice in (n for n in claimed if n.pk in failed):
        final = notice.pk in permanent or notice.attempts >= settings.HRFLOW_NOTICE_MAX_ATTEMPTS
        with transaction.atomic():
            Notice.objects.filter(pk=notice.pk).update(
                status=Notice.Status.FAILED if final else Notice.Status.PENDING,
                lease_until=None,
                last_error=failed[notice.pk][:2000],
            )
            if final:
                _audit_notice_failed(notice, failed[notice.pk])
    counts = {"claimed": len(claimed), "sent": len(sent), "failed": len(failed)}
    if deferred:  # only channels that can be rate limited (LINE) defer
        counts["deferred"] = len(deferred)
    return counts


def _defer(deferred):
    """Rows a channel could not try now (rate limited): they keep their lease until the time the
    service asked for, then the sweep takes them again; the claim's attempt is given back."""
    now = timezone.now()
    for pk, (error, seconds) in deferred.items():
        Notice.objects.filter(pk=pk, status=Notice.Status.SENDING).update(
            lease_until=now + dt.timedelta(seconds=max(1, min(int(seconds or 0) or 60, 3600))),
            attempts=F("attempts") - 1,
            last_error=str(error)[:2000],
        )


def _mark_delivered(notices, now):
    """The announcement reached these people: their acknowledgements say since when (once)."""
    ack_ids = {n.acknowledgement_id for n in notices if n.kind == Notice.Kind.ANNOUNCE}
    ack_ids.discard(None)
    if ack_ids:
        Acknowledgement.objects.filter(pk__in=ack_ids, delivered_at__isnull=True).update(
            delivered_at=now
        )


def _audit_notice_failed(notice, error):
    ack = notice.acknowledgement if notice.acknowledgement_id else None
    audit.record(
        audit.Kind.NOTICE_FAILED,
        subject=ack.document if ack else None,
        version=ack.version if ack else None,
        employee=notice.recipient,
        summary=f"{notice.channel} · {notice.kind} · {notice.recipient.full_name}",
        data={"notice": notice.pk, "channel": notice.channel, "error": str(error)[:500]},
    )


def sweep(now=None) -> int:
    """Re-enqueue what waits: pending rows and rows whose lease ran out (a killed worker).
    Rows that used up their attempts are marked failed and shown to HR."""
    now = now or timezone.now()
    max_attempts = settings.HRFLOW_NOTICE_MAX_ATTEMPTS
    stale = Q(status=Notice.Status.SENDING, lease_until__lt=now)
    given_up = _("Gave up after %(n)s attempts.") % {"n": max_attempts}
    with transaction.atomic():
        exhausted = list(
            Notice.objects.select_for_update(skip_locked=True)
            .filter(stale | Q(status=Notice.Status.PENDING), attempts__gte=max_attempts)
            .select_related("recipient")
        )
        Notice.objects.filter(pk__in=[n.pk for n in exhausted]).update(
            status=Notice.Status.FAILED, last_error=given_up
        )
        for notice in exhausted:
            _audit_notice_failed(notice, given_up)
    ids = list(
        Notice.objects.filter(stale | Q(status=Notice.Status.PENDING))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    enqueue(ids)
    return len(ids)


# --- acknowledge ------------------------------------------------------------------------------


def acknowledge(ack: Acknowledgement, *, user, ip=None, user_agent=""):
    """The employee's own รับทราบ. Idempotent: returns (ack, created); a repeat changes nothing
    and the caller says when the first one was. Acknowledging reads the document's notices
    (in the same transaction)."""
    employee = getattr(user, "employee", None)
    if employee is None or ack.employee_id != employee.pk:
        raise AcknowledgementError(_("You can only acknowledge for yourself."), status=403)
    document = ack.document
    if ack.is_acknowledged:
        mark_read(employee, acknowledgement=ack)
        return ack, False
    if document is None or document.state != "published":
        raise AcknowledgementError(
            _("This document is no longer published and cannot be acknowledged."), status=409
        )
    now, user_agent = timezone.now(), (user_agent or "")[:300]
    with transaction.atomic():
        head = None  # on PostgreSQL, taken with the acknowledgement in one statement
        if connection.vendor == "postgresql":
            updated, head = _acknowledge_and_read(ack, employee, now, ip, user_agent)
        else:
            updated = Acknowledgement.objects.filter(
                pk=ack.pk, acknowledged_at__isnull=True
            ).update(acknowledged_at=now, acknowledged_ip=ip, user_agent=user_agent)
            mark_read(employee, acknowledgement=ack)
        if updated:
            _audit_acknowledgement(
                ack, audit.Kind.ACKNOWLEDGEMENT, by=user, ip=ip, employee=employee, head=head
            )
    if updated:
        # What was just written, without reading it back.
        ack.acknowledged_at, ack.acknowledged_ip, ack.user_agent = now, ip, user_agent
    else:
        ack.refresh_from_db()  # a simultaneous request was first: its time is the one
    return ack, bool(updated)


# The acknowledgement and its notices read, in one statement (what mark_read does).
_ACKNOWLEDGE = """
WITH acked AS (
    UPDATE notifications_acknowledgement
    SET acknowledged_at = %(now)s, acknowledged_ip = %(ip)s::inet, user_agent = %(user_agent)s
    WHERE id = %(ack)s AND acknowledged_at IS NULL
    RETURNING id
), seen AS (
    UPDATE notifications_notice SET read_at = %(now)s
    WHERE acknowledgement_id = %(ack)s AND recipient_id = %(employee)s AND channel = %(inapp)s
      AND status = %(sent)s AND read_at IS NULL
), head AS (
    -- The audit trail's next number, taken (and its head locked) only if this acknowledged.
    UPDATE hrflow_audithead SET seq = seq + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM acked)
    RETURNING seq, hash
)
SELECT (SELECT count(*) FROM acked), (SELECT seq FROM head), (SELECT hash FROM head)
"""


def _acknowledge_and_read(ack, employee, now, ip, user_agent):
    """(rows acknowledged, the audit head it locked for the event, or None)."""
    params = {"now": now, "ip": ip, "user_agent": user_agent, "ack": ack.pk,
              "employee": employee.pk, "inapp": Notice.Channel.INAPP,
              "sent": Notice.Status.SENT}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_ACKNOWLEDGE, params)
        updated, seq, head_hash = cursor.fetchone()
    return updated, (audit.LockedHead(seq, head_hash) if seq is not None else None)


def _audit_acknowledgement(ack, kind, *, by, ip, employee, reason="", head=None):
    document = ack.document
    audit.record(
        kind,
        head=head,
        actor=by,
        ip=ip,
        subject=document,
        version=ack.version,
        employee=employee,
        summary=f"{employee.full_name} · {document.title}",
        data={"acknowledgement": ack.pk, "content_hash": ack.content_hash, "reason": reason},
    )


def acknowledge_by_proxy(
    ack: Acknowledgement, *, by, reason: str, ip=None, signed_on=None, scan=None
):
    """HR records an acknowledgement given outside HRFlow (a signature on the paper copy, a
    person without a login) for one employee, with the reason; it stays marked as by proxy.
    `signed_on`: the day the paper was signed (not in the future, not before publication);
    `scan`: the scanned sheet, a checked upload (hrflow.uploads.checked_upload).

    Only those who may remind about the document may do it, never for themselves (their own
    รับทราบ is theirs to give). Idempotent like `acknowledge`: returns (ack, created)."""
    reason = (reason or "").strip()
    document = ack.document
    if document is None or not document.may_remind(by):
        raise AcknowledgementError(
            _("Only the document's authors and executives can record an acknowledgement."),
            status=403,
        )
    if getattr(by, "employee", None) is not None and by.employee.pk == ack.employee_id:
        raise AcknowledgementError(_("Acknowledge your own copy yourself."), status=403)
    if not reason:
        raise AcknowledgementError(_("Please give a reason."))
    if ack.is_acknowledged:
        return ack, False
    if document.state != "published":
        raise AcknowledgementError(
            _("This document is no longer published and cannot be acknowledged."), status=409
        )
    try:
        paper = paper_fields(document, signed_on, scan)
    except PaperError as error:
        raise AcknowledgementError(error.message) from None
    with transaction.atomic():
        updated = Acknowledgement.objects.filter(pk=ack.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(),
            acknowledged_ip=ip,
            proxy_by=by,
            proxy_reason=reason,
            **paper,
        )
        if not updated and paper.get("paper_scan"):  # acknowledged meanwhile: no orphan file
            transaction.on_commit(lambda: default_storage.delete(paper["paper_scan"]))
        if updated:
            _audit_acknowledgement(
                ack, audit.Kind.PROXY_ACKNOWLEDGEMENT, by=by, ip=ip, employee=ack.employee,
                reason=reason,
            )  # fmt: skip
    ack.refresh_from_db()
    return ack, bool(updated)


def mark_read(employee, *, notice_ids=None, acknowledgement=None) -> int:
    """Mark the employee's delivered in-app notices read: the ones given, or all those about one
    acknowledgement (reading the document reads its notices). Others' notices are untouched."""
    notices = Notice.objects.filter(
        recipient_id=employee.pk,
        channel=Notice.Channel.INAPP,
        status=Notice.Status.SENT,
        read_at__isnull=True,
    )
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    if acknowledgement is not None:
        notices = notices.filter(acknowledgement_id=acknowledgement.pk)
    return notices.update(read_at=timezone.now())


# --- remind -----------------------------------------------------------------------------------


def reminder_due(ack, today) -> bool:
    if ack.deadline is None:
        return False
    days_left = (ack.deadline - today).days
    return days_left in settings.HRFLOW_REMIND_DAYS_BEFORE or days_left <= 0


def remind_and_escalate(today=None) -> dict:
    """Beat task body: reminders before, on and after the deadline (one a day at most, by the
    dedupe key), and escalation to the head of unit after N days overdue (once)."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(settings.HRFLOW_REMIND_DAYS_BEFORE or [0]))
    pending = list(
        Acknowledgement.objects.pending()
        .filter(deadline__isnull=False, deadline__lte=horizon)
        .select_related("employee")
    )
    live = _published_ack_ids(pending)
    due = [a for a in pending if a.pk in live and reminder_due(a, today)]
    with transaction.atomic():
        reminder_ids = remind(due, key=f"remind:{today.isoformat()}")
        limit = today - dt.timedelta(days=settings.HRFLOW_ESCALATE_AFTER_DAYS)
        chains = nearest_heads()
        heads = {}
        for ack in due:
            if ack.deadline < limit and ack.escalated_at is None:
                # The nearest head who is not the late person themself.
                head = next(
                    (h for h in chains.get(ack.employee.unit_id, []) if h != ack.employee_id), None
                )
                if head is not None:
                    heads[ack.pk] = head
        to_escalate = [a for a in due if a.pk in heads]
        escalation_ids = _create_notices(
            to_escalate,
            Notice.Kind.ESCALATION,
            "escalate",
            _reachable(heads.values()),
            recipient_of=lambda a: heads[a.pk],
        )
        Acknowledgement.objects.filter(pk__in=heads).update(escalated_at=timezone.now())
        enqueue_on_commit(escalation_ids)
    return {"reminded": len(reminder_ids), "escalated": len(heads)}


def remind(acks, *, key) -> list[int]:
    """Reminder notices for these pending acknowledgements (once per key)."""
    acks = [a for a in acks if not a.is_acknowledged]
    ids = _create_notices(
        acks, Notice.Kind.REMINDER, key, _reachable([a.employee_id for a in acks])
    )
    enqueue_on_commit(ids)
    return ids


def remind_outstanding(document) -> int:
    """HR's one button: remind everyone who has not acknowledged this version yet (once a day).
    Returns how many people were reminded now."""
    if document.state != "published":
        return 0  # a withdrawn document cannot be acknowledged: asking for it would only confuse
    acks = list(
        Acknowledgement.objects.for_document(document).filter(version=document.version).pending()
    )
    with transaction.atomic():
        ids = remind(acks, key=f"remind:{timezone.localdate().isoformat()}")
    return Notice.objects.filter(pk__in=ids).values("acknowledgement_id").distinct().count()


def _published_ack_ids(acks) -> set[int]:
    """Only documents still published get reminders (a withdrawn circular asks nothing more)."""
    by_type: dict[int, set[int]] = {}
    for ack in acks:
        by_type.setdefault(ack.content_type_id, set()).add(ack.object_id)
    live_docs = set()
    for type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        live_docs |= {
            (type_id, pk)
            for pk in model.objects.filter(pk__in=object_ids, state="published").values_list(
                "pk", flat=True
            )
        }
    return {a.pk for a in acks if (a.content_type_id, a.object_id) in live_docs}
