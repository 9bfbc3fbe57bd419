from .actions import ActionItem, ActionProgress
from .agenda import Problem, Resolution
from .base import Document, State
from .circular import Circular, CircularAttachment
from .log import RegisterCounter, TransitionLog
from .meetings import Attendance, MeetingSeries
from .minutes import MeetingMinutes
from .suggestions import Suggestion

# Every concrete kind, in menu order; the API, the shared tests and the admin walk this.
KINDS = (Circular, MeetingMinutes)

__all__ = [
    "KINDS",
    "ActionItem",
    "ActionProgress",
    "Attendance",
    "Circular",
    "CircularAttachment",
    "Document",
    "MeetingMinutes",
    "MeetingSeries",
    "Problem",
    "RegisterCounter",
    "Resolution",
    "State",
    "Suggestion",
    "TransitionLog",
]
