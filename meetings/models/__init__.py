from .actions import ActionItem, ActionProgress
from .agenda import Problem, Resolution
from .attendance import Attendance
from .meetings import MeetingSeries
from .minutes import MeetingMinutes
from .suggestions import Suggestion

__all__ = [
    "ActionItem",
    "ActionProgress",
    "Attendance",
    "MeetingMinutes",
    "MeetingSeries",
    "Problem",
    "Resolution",
    "Suggestion",
]
