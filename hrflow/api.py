"""API plumbing shared by every app: every error body has a human-readable `detail`."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    from notifications.services import AcknowledgementError
    from workflows.errors import WorkflowError

    if isinstance(exc, (WorkflowError, AcknowledgementError)):
        body = {"detail": exc.message}
        if getattr(exc, "field", None):
            body[exc.field] = [exc.message]
        return Response(body, status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": _summarise(response.data), **response.data}
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": "; ".join(map(str, response.data))}
    if response is None:
        return None
    if response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        response.data.setdefault("detail", "Method not allowed.")
    return response


def _summarise(errors: dict) -> str:
    parts = []
    for field, messages in errors.items():
        if isinstance(messages, (list, tuple)):
            messages = " ".join(str(m) for m in messages)
        parts.append(f"{field}: {messages}")
    return "; ".join(parts)
