"""LINE: the person's page (link with a one-time code, unlink), the same in the API, and the
Official Account's webhook, which only LINE calls (checked by the channel secret's signature)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from hrflow.api import API_PERMISSIONS, error_responses
from hrflow.views import problem

from . import line
from .models import LineLink


def _state(employee):
    link = LineLink.objects.filter(employee=employee).first()
    return {
        "linked": bool(link and link.is_linked),
        "linked_at": link.linked_at if link else None,
        "code": link.code if link and not link.is_linked else None,
        "code_expires": link.code_expires if link and not link.is_linked else None,
    }


def my_line(request):
    employee = getattr(request.user, "employee", None)
    if employee is None:
        return problem(request, _("Only staff members can receive notices over LINE."), 403)
    context = {"line": _state(employee), "enabled": "line" in settings.HRFLOW_NOTICE_CHANNELS}
    return render(request, "notifications/my_line.html", context)


@require_POST
def my_line_code(request):
    employee = getattr(request.user, "employee", None)
    if employee is None:
        return problem(request, _("Only staff members can receive notices over LINE."), 403)
    line.line_link_code(employee)
    return redirect("notifications:my-line")


@require_POST
def my_line_unlink(request):
    employee = getattr(request.user, "employee", None)
    if employee is None or not line.line_unlink(employee):
        return problem(request, _("You have no LINE account linked."), 404)
    messages.success(request, _("Your LINE account was unlinked; notices no longer go there."))
    return redirect("notifications:my-line")


@login_not_required
@csrf_exempt  # LINE's servers post here; the signature, not a session, says who is asking
@require_POST
def webhook(request):
    try:
        body = request.body
    except RawPostDataException:  # a multipart form, already read as a form: not LINE's JSON
        return JsonResponse({"detail": _("The body is not a LINE webhook event list.")}, status=400)
    if not line.signature_valid(body, request.headers.get("X-Line-Signature", "")):
        return JsonResponse({"detail": _("Invalid signature.")}, status=403)
    try:
        events = json.loads(body).get("events", [])
    except (ValueError, AttributeError):
        return JsonResponse({"detail": _("The body is not a LINE webhook event list.")}, status=400)
    return JsonResponse({"linked": line.line_webhook(events)})


LINE_STATE = inline_serializer(
    "LineLinkState",
    {
        "linked": serializers.BooleanField(),
        "linked_at": serializers.DateTimeField(allow_null=True),
        "code": serializers.CharField(allow_null=True),
        "code_expires": serializers.DateTimeField(allow_null=True),
    },
)


class MyLineView(APIView):
    """My LINE link: GET its state, POST a new one-time code to send to the agency's Official
    Account, DELETE to unlink."""

    permission_classes = API_PERMISSIONS

    def employee(self, request):
        employee = getattr(request.user, "employee", None)
        if employee is None:
            raise NotFound(_("Only staff members can receive notices over LINE."))
        return employee

    @extend_schema(responses={200: LINE_STATE, **error_responses(403, 404)})
    def get(self, request):
        return Response(_state(self.employee(request)))

    @extend_schema(request=None, responses={200: LINE_STATE, **error_responses(403, 404)})
    def post(self, request):
        employee = self.employee(request)
        line.line_link_code(employee)
        return Response(_state(employee))

    @extend_schema(responses={200: LINE_STATE, **error_responses(403, 404)})
    def delete(self, request):
        employee = self.employee(request)
        if not line.line_unlink(employee):
            raise NotFound(_("You have no LINE account linked."))
        return Response(_state(employee))
