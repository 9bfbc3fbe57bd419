"""Action items: assigned at a meeting (the owner is told), followed up under item 3 of the
next meetings of the series (progress, closing), reminded near their due date; and the monthly
reminder to a series that recorded no meeting."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hrflow import audit
from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.thai import format_date
from hrflow.validation import lookup_id
from notifications.services import notify
from workflows.models import State

from .models import ActionItem, ActionProgress, MeetingMinutes, MeetingSeries
from .services import agenda_item, ensure_editable, staff_ids


def action_add(minutes, *, by, item, text, owner, due_date):
    """A decision's action item: an owner from the staff list and a due date not before the
    meeting. The owner is told when the minutes are published."""
    ensure_editable(minutes, by)
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Say what is to be done."), field="text")
    if owner in (None, ""):
        raise Invalid(_("An action item needs an owner."), field="owner")
    owner_id = staff_ids([owner], _("Owner"))[0]
    if not due_date:
        raise Invalid(_("An action item needs a due date."), field="due_date")
    if due_date < minutes.meeting_date:
        raise Invalid(
            _("The due date cannot be before the meeting (%(date)s).")
            % {"date": format_date(minutes.meeting_date)},
            field="due_date",
        )
    return ActionItem.objects.create(
        minutes=minutes, item=agenda_item(item), text=text, owner_id=owner_id, due_date=due_date
    )


def tell_owners(minutes):
    """At the publishing of the minutes (their decisions are official and the owners can read
    them now): each owner of a new action item is told, once."""
    new = list(minutes.untold_action_items())
    for action in new:
        _tell_owner(action, "assigned")
    ActionItem.objects.filter(pk__in=[a.pk for a in new]).update(notified_at=timezone.now())


def _tell_owner(action, key):
    minutes = action.minutes
    with override(settings.LANGUAGE_CODE):
        if key == "assigned":
            subject = _("An action item from %(meeting)s is yours") % {
                "meeting": minutes.number_display
            }
        else:
            subject = _("Reminder: an action item is due on %(date)s") % {
                "date": format_date(action.due_date)
            }
        text = f"{action.text}\n{_('Due')}: {format_date(action.due_date)}"
    notify(
        [action.owner_id],
        subject=subject,
        text=text,
        link=reverse("workflows:meetingminutes-detail", args=[minutes.pk]),
        key=f"action:{action.pk}:{key}",
    )


def _followup(action_pk, at_minutes, by):
    ensure_editable(at_minutes, by)
    action = ActionItem.objects.filter(pk=lookup_id(action_pk)).first()
    if action is None or action.pk not in {a.pk for a in ActionItem.followups_for(at_minutes)}:
        raise Invalid(_("That action item is not followed up at this meeting."), field="action")
    return action


def action_progress(action, *, at_minutes, by, note="", close=False):
    """The secretary records progress on an earlier meeting's action item at this meeting and,
    when it is done, closes it (who and when are recorded)."""
    action = _followup(action, at_minutes, by)
    note = (note or "").strip()
    if not action.is_open:
        raise Conflict(_("That action item is already closed."))
    if not note and not close:
        raise Invalid(_("Write the progress, or close the item."), field="note")
    with transaction.atomic():
        if note:
            ActionProgress.objects.create(action=action, minutes=at_minutes, note=note, by=by)
        if close:
            updated = ActionItem.objects.filter(pk=action.pk, status=ActionItem.Status.OPEN).update(
                status=ActionItem.Status.DONE,
                closed_at=timezone.now(),
                closed_by=by,
                closed_in=at_minutes,
            )
            if not updated:
                raise Conflict(_("That action item is already closed."))
            audit.record(
                audit.Kind.ACTION_ITEM,
                actor=by,
                subject=action,
                employee=action.owner,
                summary=f"{action.text[:200]} · {at_minutes.title}",
                data={"action": action.pk, "closed_in": at_minutes.pk, "note": note},
            )
    action.refresh_from_db()
    return action


# --- reminders (beat tasks) -----------------------------------------------------------------


def remind_action_items(today=None) -> int:
    """Open action items of published minutes due within the reminder days (or today): the
    owner is reminded, once a day at most."""
    today = today or timezone.localdate()
    days = set(settings.HRFLOW_REMIND_DAYS_BEFORE) | {0}
    due = ActionItem.objects.filter(
        status=ActionItem.Status.OPEN,
        minutes__state=State.PUBLISHED,
        due_date__in=[today + dt.timedelta(days=d) for d in days],
    ).select_related("minutes")
    count = 0
    with transaction.atomic():
        for action in due:
            _tell_owner(action, f"due:{today.isoformat()}")
            count += 1
    return count


def remind_idle_series(today=None) -> int:
    """A series that recorded no meeting in the month before this one: its secretary and chair
    are reminded (once per series and month, however often this runs)."""
    today = today or timezone.localdate()
    end = today.replace(day=1)
    start = (end - dt.timedelta(days=1)).replace(day=1)
    idle = MeetingSeries.objects.filter(is_active=True, created_at__date__lt=end).exclude(
        pk__in=MeetingMinutes.objects.filter(meeting_date__gte=start, meeting_date__lt=end).values(
            "series_id"
        )
    )
    count = 0
    with transaction.atomic():
        for series in idle:
            with override(settings.LANGUAGE_CODE):
                subject = _("No meeting of “%(series)s” was recorded in %(month)s") % {
                    "series": series.name,
                    "month": format_date(start, lang="th").split(" ", 1)[1],
                }
            notify(
                series.officer_ids(),
                subject=subject,
                link=reverse("workflows:meetingminutes-list"),
                key=f"series:{series.pk}:{start:%Y-%m}",
            )
            count += 1
    return count


def may_follow_up(minutes, user) -> bool:
    return minutes.state == State.DRAFT and not minutes.adopted_at and minutes.is_secretary(user)


__all__ = ["Forbidden", "action_add", "action_progress", "remind_action_items"]
