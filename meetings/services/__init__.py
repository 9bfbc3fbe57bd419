"""Write path of meeting minutes (the kind's own fields; the workflow is workflows.services),
by topic: drafting and editing with attendance, the entries under the agenda items, and adoption
(รับรอง) of the previous minutes at the next meeting. Action items and their follow-up are in
meetings.followups, staff suggestions in meetings.suggestions."""

from .adoption import minutes_adopt_previous
from .agenda import agenda_item, entry_remove, problem_add, resolution_add
from .attendance import staff_ids
from .minutes import ensure_editable, minutes_create, minutes_update

__all__ = [
    "agenda_item",
    "ensure_editable",
    "entry_remove",
    "minutes_adopt_previous",
    "minutes_create",
    "minutes_update",
    "problem_add",
    "resolution_add",
    "staff_ids",
]
