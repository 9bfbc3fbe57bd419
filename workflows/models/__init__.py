from .actions import ActionItem, ActionProgress
from .agenda import Problem, Resolution
from .base import Document, State
from .circular import Circular, CircularAttachment
from .comments import DocumentComment
from .criteria import EvaluationCriteria
from .goals import OrganisationGoal
from .log import RegisterCounter, TransitionLog
from .meetings import Attendance, MeetingSeries
from .minutes import MeetingMinutes
from .position import PositionDescription
from .suggestions import Suggestion

# Every concrete kind, in menu order; the API, the shared tests and the admin walk this.
KINDS = (Circular, MeetingMinutes, PositionDescription, EvaluationCriteria)

__all__ = [
    "KINDS",
    "ActionItem",
    "ActionProgress",
    "Attendance",
    "Circular",
    "CircularAttachment",
    "Document",
    "DocumentComment",
    "EvaluationCriteria",
    "MeetingMinutes",
    "MeetingSeries",
    "OrganisationGoal",
    "PositionDescription",
    "Problem",
    "RegisterCounter",
    "Resolution",
    "State",
    "Suggestion",
    "TransitionLog",
]
