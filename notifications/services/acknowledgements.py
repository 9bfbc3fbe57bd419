"""Acknowledgements (รับทราบ): the employee's own, one recorded by proxy by HR, and reading
the notices about them. Each acknowledgement writes its audit event in the same transaction."""

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow import audit, sql_paths

from ..errors import AcknowledgementError
from ..models import Acknowledgement, Notice
from ..paper import PaperError, paper_fields
from . import postgres


def acknowledge(ack: Acknowledgement, *, user, ip=None, user_agent=""):
    """The employee's own รับทราบ. Idempotent: returns (ack, created); a repeat changes nothing
    and the caller says when the first one was. Acknowledging reads the document's notices
    (in the same transaction)."""
    employee = getattr(user, "employee", None)
    if employee is None or ack.employee_id != employee.pk:
        raise AcknowledgementError(_("You can only acknowledge for yourself."), status=403)
    if ack.is_acknowledged:
        mark_read(employee, acknowledgement=ack)
        return ack, False
    now, user_agent = timezone.now(), (user_agent or "")[:300]
    model = ack.content_type.model_class()
    if sql_paths.in_database() and model is not None:
        # PostgreSQL: one statement that commits by itself writes the acknowledgement, its
        # notices read and its audit event, only while the document is published (its state
        # is checked, and its title read, by that statement: not by a read before it).
        event = _event(ack, audit.Kind.ACKNOWLEDGEMENT, ip=ip, employee=employee)
        event["subject"] = model(pk=ack.object_id)  # its label and key: not read
        updated, state = postgres.acknowledge_and_record(
            ack, employee, model, now, ip, user_agent, by=user, event=event
        )
        if state != "published":
            raise _not_published()  # nothing was written: the statement's writes need it
    else:
        document = ack.document
        if document is None or document.state != "published":
            raise _not_published()
        with transaction.atomic():
            _lock_in_statement_order(ack)
            updated = Acknowledgement.objects.filter(
                pk=ack.pk, acknowledged_at__isnull=True
            ).update(acknowledged_at=now, acknowledged_ip=ip, user_agent=user_agent)
            mark_read(employee, acknowledgement=ack)
            if updated:
                _audit_acknowledgement(
                    ack, audit.Kind.ACKNOWLEDGEMENT, by=user, ip=ip, employee=employee
                )
    if updated:
        # What was just written, without reading it back.
        ack.acknowledged_at, ack.acknowledged_ip, ack.user_agent = now, ip, user_agent
    else:
        ack.refresh_from_db()  # a simultaneous request was first: its time is the one
    return ack, bool(updated)


def _lock_in_statement_order(ack):
    """Before an acknowledgement is changed and its event recorded in one transaction: lock its
    row, then the audit trail's head — the order of the one-statement acknowledgement
    (postgres.acknowledge_and_record), whose tally rows come last (the acknowledgements'
    triggers, at the end of its UPDATE). Updating first would take tally rows, then wait for
    the head, while such a statement of the same unit holds the head and waits for them: a
    deadlock. Taking the head before the row would deadlock with it on the row instead."""
    if connection.vendor == "postgresql":
        Acknowledgement.objects.select_for_update().filter(pk=ack.pk).exists()
        audit.lock_head()


def _not_published():
    return AcknowledgementError(
        _("This document is no longer published and cannot be acknowledged."), status=409
    )


def _event(ack, kind, *, ip, employee, reason=""):
    """An acknowledgement's audit event but its actor, subject and summary."""
    data = {"acknowledgement": ack.pk, "content_hash": ack.content_hash, "reason": reason}
    return {"kind": kind, "ip": ip, "version": ack.version, "employee": employee, "data": data}


def _audit_acknowledgement(ack, kind, *, by, ip, employee, reason=""):
    document = ack.document
    audit.record(
        actor=by,
        subject=document,
        summary=f"{employee.full_name} · {document.title}",
        **_event(ack, kind, ip=ip, employee=employee, reason=reason),
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
        _lock_in_statement_order(ack)
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
