"""What a service refuses: one error family for every app, each with the HTTP status it maps
to and, for bad input, the field it is about. The API (hrflow.api.exception_handler) and the
pages (hrflow.views.refused) turn any of them into the same answer, so a view never needs to
know which app raised it."""


class ServiceError(Exception):
    status = 400

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class Invalid(ServiceError):
    """Bad input: 400."""

    status = 400


class Forbidden(ServiceError):
    """Not yours to do: 403."""

    status = 403


class NotFound(ServiceError):
    """No such thing (or none this person may see): 404."""

    status = 404


class Conflict(ServiceError):
    """Not possible now, or someone else got there first: 409."""

    status = 409
