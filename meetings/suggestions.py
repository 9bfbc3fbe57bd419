"""Staff suggestions (ข้อเสนอแนะ) to a meeting series: any employee submits one, optionally
without their name; the series' secretary places it on a meeting's item 4 and records the
outcome, which is told back to the person who suggested it."""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hrflow import audit, roles
from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.validation import parse_id
from notifications.services import notify
from workflows.models import State

from .models import MeetingMinutes, MeetingSeries, Suggestion


def visible_to(user):
    """The submitter sees their own; the secretary and chair of a series, and auditors and
    executives, see a series' suggestions (never the name of an anonymous author)."""
    employee = getattr(user, "employee", None)
    if roles.has_role(user, roles.AUDITOR, roles.EXECUTIVE):
        return Suggestion.objects.all()
    if employee is None:
        return Suggestion.objects.none()
    return Suggestion.objects.filter(
        models.Q(submitted_by=employee)
        | models.Q(series__secretary=employee)
        | models.Q(series__chair=employee)
    )


def may_handle(suggestion, user) -> bool:
    employee = getattr(user, "employee", None)
    return (
        employee is not None
        and not roles.has_role(user, roles.AUDITOR)
        and employee.pk in suggestion.series.officer_ids()
    )


def suggestion_submit(*, by, series, text, anonymous=False):
    employee = getattr(by, "employee", None)
    if employee is None or roles.has_role(by, roles.AUDITOR):
        raise Forbidden(_("Only staff can submit suggestions."))
    series = MeetingSeries.objects.filter(pk=getattr(series, "pk", series), is_active=True).first()
    if series is None:
        raise Invalid(_("Choose a meeting series."), field="series")
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write your suggestion."), field="text")
    return Suggestion.objects.create(
        series=series, submitted_by=employee, anonymous=bool(anonymous), text=text[:5000]
    )


def _handled(suggestion, by):
    if not may_handle(suggestion, by):
        raise Forbidden(_("Only the secretary or the chair of the series handles suggestions."))


def suggestion_place(suggestion, *, by, minutes):
    """Put the suggestion on item 4 of a draft of the same series."""
    _handled(suggestion, by)
    try:
        minutes = MeetingMinutes.objects.filter(
            pk=parse_id(getattr(minutes, "pk", minutes))
        ).first()
    except (TypeError, ValueError):
        minutes = None
    if minutes is None or minutes.series_id != suggestion.series_id:
        raise Invalid(_("Choose a meeting of the same series."), field="minutes")
    if minutes.state != State.DRAFT:
        raise Conflict(_("A suggestion can only be placed on minutes still in draft."))
    if suggestion.status == Suggestion.Status.ANSWERED:
        raise Conflict(_("This suggestion has been answered already."))
    # Minutes past their draft show what stood at their meeting: a suggestion on their item 4
    # stays there.
    moved = Suggestion.objects.filter(pk=suggestion.pk).filter(
        models.Q(placed_in__isnull=True) | models.Q(placed_in__state=State.DRAFT)
    )
    if not moved.update(placed_in=minutes, status=Suggestion.Status.PLACED):
        raise Conflict(_("This suggestion stands on item 4 of minutes no longer in draft."))
    suggestion.refresh_from_db()
    return suggestion


def suggestion_answer(suggestion, *, by, outcome):
    """Record the outcome; the person who suggested it is told (anonymous or not: only HRFlow
    knows who they are)."""
    _handled(suggestion, by)
    outcome = (outcome or "").strip()
    if not outcome:
        raise Invalid(_("Write the outcome."), field="outcome")
    with transaction.atomic():
        updated = (
            Suggestion.objects.filter(pk=suggestion.pk)
            .exclude(status=Suggestion.Status.ANSWERED)
            .update(
                outcome=outcome,
                status=Suggestion.Status.ANSWERED,
                answered_at=timezone.now(),
                answered_by=by,
            )
        )
        if not updated:  # answered already, perhaps a moment ago in another tab
            raise Conflict(_("This suggestion has been answered already."))
        audit.record(
            audit.Kind.SUGGESTION,
            actor=by,
            subject=suggestion,
            summary=f"{suggestion.series.name}: {outcome[:200]}",
            data={"suggestion": suggestion.pk, "outcome": outcome},
        )
        with override(settings.LANGUAGE_CODE):
            subject = _("Your suggestion to “%(series)s” has been answered") % {
                "series": suggestion.series.name
            }
        notify(
            # Not a secretary answering their own suggestion.
            {suggestion.submitted_by_id} - {getattr(getattr(by, "employee", None), "pk", None)},
            subject=subject,
            text=outcome,
            link=reverse("workflows:suggestions"),
            key=f"suggestion:{suggestion.pk}:answered",
            private=suggestion.anonymous,
        )
    suggestion.refresh_from_db()
    return suggestion
