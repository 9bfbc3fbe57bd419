from .base import Document, State
from .circular import Circular, CircularAttachment
from .comments import DocumentComment
from .criteria import EvaluationCriteria
from .goals import OrganisationGoal
from .log import RegisterCounter, TransitionLog
from .position import PositionDescription

# Every concrete kind, in menu order; the API, the shared tests and the admin walk this.
KINDS = (Circular, PositionDescription, EvaluationCriteria)

__all__ = [
    "KINDS",
    "Circular",
    "CircularAttachment",
    "Document",
    "DocumentComment",
    "EvaluationCriteria",
    "OrganisationGoal",
    "PositionDescription",
    "RegisterCounter",
    "State",
    "TransitionLog",
]
