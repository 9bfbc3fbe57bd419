"""The outbox, delivering side: a worker claims rows with a conditional update (pending, or
their lease ran out), so two workers never send the same row twice; the periodic sweep hands
again what waits (a broker outage, a killed worker) and gives up after N attempts."""

import datetime as dt
import uuid
from contextlib import nullcontext

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow import audit, sql_paths

from .. import channels
from ..models import Acknowledgement, Notice
from . import postgres
from .outbox import enqueue


def claim(notice_ids) -> list[Notice]:
    """Take the rows that are pending (or whose lease ran out) for this worker only."""
    return _claimed(_claim_token(notice_ids))


def _claim_token(notice_ids) -> str:
    """The conditional update that takes the rows; the token the taken rows now carry."""
    now = timezone.now()
    token = uuid.uuid4().hex
    Notice.objects.filter(
        pk__in=notice_ids, attempts__lt=settings.HRFLOW_NOTICE_MAX_ATTEMPTS
    ).filter(
        Q(status=Notice.Status.PENDING) | Q(status=Notice.Status.SENDING, lease_until__lt=now)
    ).update(
        status=Notice.Status.SENDING,
        lease_token=token,
        lease_until=_lease_from(now),
        attempts=F("attempts") + 1,
    )
    return token


def _lease_from(now):
    return now + dt.timedelta(seconds=settings.HRFLOW_NOTICE_LEASE_SECONDS)


def _claimed(token) -> list[Notice]:
    return list(
        Notice.objects.filter(lease_token=token, status=Notice.Status.SENDING)
        .select_related("recipient__user", "acknowledgement__content_type")
        .order_by("pk")
    )


def _deliver_inapp(token) -> int:
    """In-app delivery is marking the claimed rows visible: two UPDATEs, no row read into
    Python (nothing outside HRFlow has seen them, so nothing can be doubled)."""
    now = timezone.now()
    mine = Notice.objects.filter(
        lease_token=token, status=Notice.Status.SENDING, channel=Notice.Channel.INAPP
    )
    with transaction.atomic():
        Acknowledgement.objects.filter(
            pk__in=mine.filter(kind=Notice.Kind.ANNOUNCE).values("acknowledgement_id"),
            delivered_at__isnull=True,
        ).update(delivered_at=now)
        return mine.update(status=Notice.Status.SENT, sent_at=now, lease_until=None, last_error="")


def deliver(notice_ids) -> dict:
    """Deliver what can be claimed of these notices; returns counts by outcome.

    A channel that reaches outside (email) reports each message as soon as it is accepted and
    the row is marked sent there and then: a worker killed mid-batch sends again at most the
    message it was sending, not every message of the batch before it."""
    fast = sql_paths.in_database()
    if fast:  # the claim and the in-app delivery in one statement
        token, now = uuid.uuid4().hex, timezone.now()
        inapp, outside = postgres.claim_and_deliver_inapp(
            notice_ids, token=token, now=now, lease_until=_lease_from(now)
        )
    else:
        token = _claim_token(notice_ids)
        inapp, outside = _deliver_inapp(token), None
    claimed = _claimed(token) if outside != 0 else []  # the channels that reach outside HRFlow
    sent, failed, marked = [], {}, set()

    ahead = postgres.SentMarks() if fast and claimed else None

    def mark_sent(notice):
        now = timezone.now()
        if ahead:  # one statement, its round trip overlapping the next message's
            ahead.mark(notice.pk, now)
            marked.add(notice.pk)
            return
        with transaction.atomic():
            Notice.objects.filter(pk=notice.pk).update(
                status=Notice.Status.SENT, sent_at=now, lease_until=None, last_error=""
            )
            _mark_delivered([notice], now)
        marked.add(notice.pk)

    permanent, deferred = set(), {}
    with postgres.quick_commits() if ahead else nullcontext(), ahead or nullcontext():
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
    counts = {"claimed": inapp + len(claimed), "sent": inapp + len(sent), "failed": len(failed)}
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
