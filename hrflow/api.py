"""API plumbing shared by every app: every error body has a human-readable `detail`, auditors
change nothing, and the request's address for the audit trail."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hrflow import roles
from hrflow.errors import ServiceError
from hrflow.validation import MAX_ID, check_ce_date


def exception_handler(exc, context):
    if isinstance(exc, RecursionError):
        # JSON too deep for the decoder, whichever parser the view chose (hrflow/parsers.py).
        return Response({"detail": _("The JSON is nested too deeply.")}, status=400)
    if isinstance(exc, ServiceError):  # whichever app's service refused
        body = {"detail": exc.message}
        if getattr(exc, "field", None):
            body[exc.field] = [exc.message]
        return Response(body, status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": _summarise(response.data), **response.data}
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": "; ".join(_messages(response.data))}
    if response is None:
        return None
    if response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        response.data.setdefault("detail", "Method not allowed.")
    return response


def _summarise(errors: dict) -> str:
    parts = []
    for field, messages in errors.items():
        text = " ".join(_messages(messages))
        # A form-wide error needs no field name in front of it.
        parts.append(text if field == "non_field_errors" else f"{field}: {text}")
    return "; ".join(parts)


def _messages(errors) -> list[str]:
    """Flatten DRF's nested errors (a list of targets, each a dict of lists) into sentences."""
    if isinstance(errors, dict):
        return [
            f"{_label(key)}: {' '.join(_messages(value))}"
            for key, value in errors.items()
            if _messages(value)
        ]
    if isinstance(errors, (list, tuple)):
        flat = []
        for index, item in enumerate(errors, start=1):
            if isinstance(item, dict):
                if item:
                    flat.append(f"#{index} " + "; ".join(_messages(item)))
            else:
                flat += _messages(item)
        return flat
    return [str(errors)]


def _label(key) -> str:
    # DRF keys the errors of a list's items by their index; people count from one.
    return f"#{int(key) + 1}" if str(key).isdigit() else str(key)


class AuditorsReadOnly(permissions.BasePermission):
    """Auditors read everything and change nothing, whatever other role they also hold: an
    audit must never be part of what it audits."""

    message = gettext_lazy("Auditors have read-only access.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return not roles.has_role(request.user, roles.AUDITOR)


API_PERMISSIONS = [permissions.IsAuthenticated, AuditorsReadOnly]


def id_field(**kwargs):
    """An id in a request body: a whole number a row can have (and the schema says so)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class CEDateField(serializers.DateField):
    """An ISO date of the Common Era: a Buddhist Era year (2569-10-05) is refused, not stored
    543 years late. Every date of the API is one (DocumentSerializer maps model dates to it),
    and its schema says so: the format `date` alone allows the year 2569."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", gettext_lazy("In the Common Era (ค.ศ.), e.g. 2026-10-05."))
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        try:
            return check_ce_date(super().to_internal_value(value))
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


# What the API refuses in any text, as patterns a client can run (Python's and JavaScript's
# regular expressions read them alike): NUL, which PostgreSQL cannot store; text that is blank
# once trimmed (the class adds what Python's strip() removes beyond JavaScript's \\s); a year
# beyond LAST_CE_YEAR (2400) in a date (CEDateField; tests/api/test_schema_constraints.py).
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00\x1c-\x1f\x85][^\x00]*$"
CE_DATE = r"^([01][0-9]{3}|2[0-3][0-9]{2}|2400)-"


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, saying what else the API enforces: the patterns above, and
    the length limits of a list of nested objects (drf-spectacular states only ListField's)."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if field.read_only:
            return schema
        if isinstance(field, serializers.ListSerializer):
            for limit, keyword in (("min_length", "minItems"), ("max_length", "maxItems")):
                if getattr(field, limit, None) is not None:
                    schema[keyword] = getattr(field, limit)
        elif isinstance(field, CEDateField):
            schema["pattern"] = CE_DATE
        elif isinstance(field, serializers.CharField) and schema.get("type") == "string":
            blank_ok = field.allow_blank or not field.trim_whitespace
            schema.setdefault("pattern", NO_NUL if blank_ok else NOT_BLANK)
        return schema


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=gettext_lazy("What went wrong, for a person."))


ERROR_MEANINGS = {
    400: gettext_lazy("Bad input: `detail` says what, and field errors name the field."),
    403: gettext_lazy("Not yours to do (or not logged in)."),
    404: gettext_lazy("No such thing, or not visible to you."),
    409: gettext_lazy("Not possible in the current state, or someone else changed it first."),
}


def error_responses(*codes) -> dict:
    """The schema's error responses: each has a `detail`."""
    return {
        code: OpenApiResponse(response=ErrorSerializer, description=str(ERROR_MEANINGS[code]))
        for code in codes
    }


@login_not_required
def not_found(request, *args, **kwargs):
    """Unknown /api/ URLs answer in JSON like the rest of the API, not with an HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
