"""What a service refuses: one error family for every app, each with the HTTP status it maps
to and, for bad input, the field it is about. The API (hrflow.api.exception_handler) and the
pages (hrflow.views.refused, and hrflow.middleware.ServiceErrorMiddleware for any a view lets
through) turn any of them into the same answer, so no layer needs to know which app raised it."""


class ServiceError(Exception):
    """A refusal with its status (400 unless a subclass or the caller says otherwise) and, if
    it is about one input, that input's `field`."""

    status = 400

    def __init__(self, message, status=None, field=None):
        super().__init__(message)
        self.message = str(message)
        if status is not None:
            self.status = status
        self.field = field


class FixedStatusError(ServiceError):
    """A kind of refusal whose status is its class's: raised as `Invalid(message, field)`."""

    def __init__(self, message, field=None):
        super().__init__(message, field=field)


class Invalid(FixedStatusError):
    """Bad input: 400."""

    status = 400


class Forbidden(FixedStatusError):
    """Not yours to do: 403."""

    status = 403


class NotFound(FixedStatusError):
    """No such thing (or none this person may see): 404."""

    status = 404


class Conflict(FixedStatusError):
    """Not possible now, or someone else got there first: 409."""

    status = 409
