"""Reminders before, on and after the deadline (one a day at most, by the dedupe key), HR's
"remind who has not acknowledged" button, and escalation to the head of unit after N days
overdue — none once the document is withdrawn, when what still waits unsent is dropped. Beat
tasks and pages call these; the notices go out through the outbox."""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from hrflow.models import nearest_heads

from ..models import Acknowledgement, Notice
from .outbox import create_notices, enqueue_on_commit, reachable


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
        escalation_ids = create_notices(
            to_escalate,
            Notice.Kind.ESCALATION,
            "escalate",
            reachable(heads.values()),
            recipient_of=lambda a: heads[a.pk],
        )
        Acknowledgement.objects.filter(pk__in=heads).update(escalated_at=timezone.now())
        enqueue_on_commit(escalation_ids)
    return {"reminded": len(reminder_ids), "escalated": len(heads)}


def remind(acks, *, key) -> list[int]:
    """Reminder notices for these pending acknowledgements (once per key)."""
    acks = [a for a in acks if not a.is_acknowledged]
    ids = create_notices(acks, Notice.Kind.REMINDER, key, reachable([a.employee_id for a in acks]))
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


def unsent_cancel(document) -> int:
    """A withdrawn version asks nothing more: the notices about its requests that no worker has
    taken yet — announcements still waiting (a broker outage at publish), reminders and
    escalations — are dropped, never sent, so nobody is asked to acknowledge what can no
    longer be acknowledged (the request stays, never delivered). Returns how many."""
    requests = Acknowledgement.objects.for_document(document).filter(version=document.version)
    deleted, _ = Notice.objects.filter(
        acknowledgement__in=requests,
        kind__in=[Notice.Kind.ANNOUNCE, Notice.Kind.REMINDER, Notice.Kind.ESCALATION],
        status=Notice.Status.PENDING,
    ).delete()
    return deleted


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
