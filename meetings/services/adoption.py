"""Adoption (รับรอง) of the previous minutes at the next meeting of the series."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.errors import Conflict, Forbidden
from workflows import services
from workflows.models import State

from ..models import MeetingMinutes


def minutes_adopt_previous(minutes, *, by, ip=None):
    """Record, from the published minutes of a meeting, that it adopted the minutes of the
    previous meeting of the series (item 2): those are final from now on, and their history
    says "published → adopted". Returns the adopted minutes."""
    if not minutes.may_record_adoption(by) or not (
        MeetingMinutes.objects.visible_to(by).filter(pk=minutes.pk).exists()
    ):
        raise Forbidden(_("Only the secretary or the chair of this meeting records adoption."))
    with transaction.atomic():
        minutes = MeetingMinutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.state != State.PUBLISHED:
            # A draft's record could still change; what it adopted must not.
            raise Conflict(
                _("Adoption is recorded once the minutes of this meeting are published.")
            )
        previous = minutes.previous_meeting()
        if previous is None:
            raise Conflict(_("There are no published minutes of an earlier meeting to adopt."))
        previous = MeetingMinutes.objects.select_for_update().get(pk=previous.pk)
        if previous.adopted_at or minutes.adopted_previous() is not None:
            raise Conflict(_("Those minutes were already adopted."))
        if previous.state != State.PUBLISHED:
            raise Conflict(_("There are no published minutes of an earlier meeting to adopt."))
        if MeetingMinutes.objects.filter(supersedes=previous).exists():
            raise Conflict(
                _("A correction of those minutes is still being prepared; publish it first.")
            )
        MeetingMinutes.objects.filter(pk=previous.pk).update(
            adopted_at=timezone.now(), adopted_by=by, adopted_in=minutes
        )
        previous.refresh_from_db()
        services.record_step(
            previous,
            "adopt",
            from_state=previous.state,
            to_state=MeetingMinutes.ADOPTED,
            by=by,
            ip=ip,
            note=_("Adopted at meeting %(number)s.") % {"number": minutes.number_display},
        )
    return previous
