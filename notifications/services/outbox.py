"""The outbox, writing side: the notices a publish, a reminder or a message writes (announce,
notify; the dedupe key makes a repeat a no-op) and their hand-over to the broker once the
transaction commits (enqueue). Delivering them is `delivery`'s."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hrflow import sql_paths
from hrflow.celery import quick_producer
from hrflow.models import Employee

from ..line import linked_employees
from ..models import Acknowledgement, Notice
from . import postgres

log = logging.getLogger(__name__)


# --- announce ---------------------------------------------------------------------------------


def announce(document, employee_ids, *, deadline=None):
    """Inside the publishing transaction (or a later one asking newcomers to the same
    version): one acknowledgement request per recipient and one notice per recipient × channel;
    delivery is enqueued only once the transaction commits.

    On PostgreSQL each table is written by one INSERT … SELECT, so publishing to ten thousand
    people takes as many statements as publishing to ten. Returns how many were asked."""
    if sql_paths.in_database():
        count, notice_ids = postgres.insert_announcement(document, employee_ids, deadline=deadline)
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
    reach = reachable([ack.employee_id for ack in acks])
    notice_ids = create_notices(acks, Notice.Kind.ANNOUNCE, "announce", reach, fresh=True)
    enqueue_on_commit(notice_ids)
    return len(acks)


def reachable(employee_ids) -> dict[str, set[int]]:
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


def create_notices(acks, kind, key, reach, recipient_of=None, fresh=False) -> list[int]:
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
    if sql_paths.in_database() and not private:  # one INSERT … SELECT however many people
        ids = postgres.insert_messages(
            employee_ids, subject=str(subject)[:300], text=str(text), link=link[:300], key=key
        )
        enqueue_on_commit(ids)
        return ids
    reach = reachable(employee_ids)
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
    from ..tasks import deliver_notices

    batch = settings.HRFLOW_DELIVERY_BATCH
    sent = 0
    try:
        with quick_producer() as producer:
            for start in range(0, len(notice_ids), batch):
                chunk = list(notice_ids[start : start + batch])
                deliver_notices.apply_async(args=[chunk], retry=False, producer=producer)
                sent += len(chunk)
    except Exception:  # the broker's own errors vary by transport
        log.warning("broker unavailable; %d notices wait for the sweep", len(notice_ids) - sent)
