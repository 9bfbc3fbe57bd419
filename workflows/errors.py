"""The engine's refusals are the shared family in hrflow.errors (names kept for a short
transition; new code imports hrflow.errors)."""

from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.errors import ServiceError as WorkflowError

__all__ = ["Conflict", "Forbidden", "Invalid", "WorkflowError"]
