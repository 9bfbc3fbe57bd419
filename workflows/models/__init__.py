from .actions import ActionItem, ActionProgress
from .agenda import Problem, Resolution
from .base import Document, State
from .comments import DocumentComment
from .criteria import EvaluationCriteria
from .goals import OrganisationGoal
from .log import RegisterCounter, TransitionLog
from .meetings import Attendance, MeetingSeries
from .minutes import MeetingMinutes
from .position import PositionDescription
from .suggestions import Suggestion

# The kinds themselves are registered in each app's kinds.py (workflows/registry.py).

__all__ = [
    "ActionItem",
    "ActionProgress",
    "Attendance",
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
