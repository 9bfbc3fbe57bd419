"""Transition only: the refusals are the shared family in hrflow.errors, and nothing in this
tree imports them from here any more. Kept while branches made in parallel (the meetings and
notifications splits) still name workflows.errors; delete it once they are merged."""

from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.errors import ServiceError as WorkflowError

__all__ = ["Conflict", "Forbidden", "Invalid", "WorkflowError"]
