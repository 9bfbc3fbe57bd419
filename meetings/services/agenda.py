"""Entries under the agenda items of a draft: problems and obstacles (who raised them, which
unit), resolutions, and removing any entry, action items included (added in meetings.followups)."""

from django.utils.translation import gettext as _

from hrflow.errors import Invalid
from hrflow.models import Department, Employee
from hrflow.validation import lookup_id

from ..models import ActionItem, Problem, Resolution
from .attendance import staff_ids
from .minutes import ensure_editable


def agenda_item(value) -> int:
    try:
        item = int(value)
    except (TypeError, ValueError):
        item = 0
    if not 1 <= item <= 5:
        raise Invalid(_("Choose an agenda item from 1 to 5."), field="item")
    return item


def problem_add(minutes, *, by, item, text, raised_by=None, unit=None):
    ensure_editable(minutes, by)
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Describe the problem or obstacle."), field="text")
    if raised_by is not None:
        raised_by = staff_ids([raised_by], _("Raised by"))[0]
    if unit is not None and not Department.objects.filter(pk=lookup_id(unit)).exists():
        raise Invalid(_("Choose a unit from the list."), field="unit")
    if unit is None and raised_by is not None:
        unit = Employee.objects.get(pk=raised_by).unit_id
    return Problem.objects.create(
        minutes=minutes,
        item=agenda_item(item),
        text=text,
        raised_by_id=raised_by,
        unit_id=lookup_id(unit),
    )


def resolution_add(minutes, *, by, item, text):
    ensure_editable(minutes, by)
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write the resolution."), field="text")
    return Resolution.objects.create(minutes=minutes, item=agenda_item(item), text=text)


def entry_remove(minutes, *, by, kind, pk):
    ensure_editable(minutes, by)
    model = {"problem": Problem, "resolution": Resolution, "action": ActionItem}.get(kind)
    if model is None or not model.objects.filter(minutes=minutes, pk=lookup_id(pk)).delete()[0]:
        raise Invalid(_("There is no such entry in these minutes."))
