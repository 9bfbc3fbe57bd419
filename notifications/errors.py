"""The refusals of acknowledging: one kind of the shared family (hrflow.errors), so the API and
the pages answer them like any other service's."""

from hrflow.errors import ServiceError


class AcknowledgementError(ServiceError):
    """Raised as AcknowledgementError(message, status): 400 unless the caller says 403/404/409."""
