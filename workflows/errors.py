"""What a write path refuses, mapped to one HTTP status each by views and the API."""


class WorkflowError(Exception):
    status = 400

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


class Invalid(WorkflowError):
    """Bad input: 400."""

    status = 400

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class Forbidden(WorkflowError):
    """Not yours to do: 403."""

    status = 403


class Conflict(WorkflowError):
    """Not possible now, or someone else got there first: 409."""

    status = 409
