from .criteria import EvaluationCriteria
from .goals import OrganisationGoal
from .position import PositionDescription
from .scheme import LevelScheme

__all__ = ["EvaluationCriteria", "LevelScheme", "OrganisationGoal", "PositionDescription"]
