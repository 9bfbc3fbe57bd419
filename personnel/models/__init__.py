from .criteria import EvaluationCriteria
from .goals import OrganisationGoal
from .position import PositionDescription

__all__ = ["EvaluationCriteria", "OrganisationGoal", "PositionDescription"]
