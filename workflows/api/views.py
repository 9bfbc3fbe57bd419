"""One set of views for every document kind; urls.py binds them to each kind's slug.

Views only check who is asking, parse, call workflows.services and present the result. What a
service refuses (Invalid/Forbidden/Conflict) becomes 400/403/409 in hrflow.api."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.response import Response

from hrflow import roles
from hrflow.api import API_PERMISSIONS, error_responses
from hrflow.errors import Conflict, Forbidden
from hrflow.http import client_ip
from notifications import tracking
from workflows import services
from workflows.models import Document, State, TransitionLog

from . import registry
from .serializers import (
    TrackingSerializer,
    TransitionLogSerializer,
    TransitionRequestSerializer,
    TransitionSerializer,
)

STATE_PARAMETER = OpenApiParameter(
    "state", OpenApiTypes.STR, enum=State.values, description="Only documents in this state."
)
TRANSITION_PARAMETER = OpenApiParameter(
    "name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(Document.TRANSITIONS)
)

# What the schema promises for the actions that answer with the document itself.
DOCUMENT_RESPONSES = {
    "list": (200, (400,)),
    "create": (201, (400, 403)),
    "retrieve": (200, (404,)),
    "update": (200, (400, 403, 404, 409)),
    "partial_update": (200, (400, 403, 404, 409)),
    "transition": (200, (400, 403, 404, 409)),
    "revise": (201, (403, 404, 409)),
}


class DocumentViewSet(viewsets.GenericViewSet):
    kind = None  # the kind's slug, given per URL by urls.py
    permission_classes = API_PERMISSIONS

    @classmethod
    def for_kind(cls, entry):
        """This viewset bound to one kind, its schema naming that kind's serializer."""
        view = type(
            f"{entry.model.__name__}ViewSet",
            (cls,),
            {"kind": entry.slug, "__module__": cls.__module__},
        )
        schemas = {
            action: extend_schema(responses={code: entry.serializer, **error_responses(*errors)})
            for action, (code, errors) in DOCUMENT_RESPONSES.items()
        }
        return extend_schema_view(**schemas)(view)

    @property
    def entry(self):
        return registry.entry(self.kind)

    def get_serializer_class(self):
        return self.entry.serializer

    def get_queryset(self):
        model = self.entry.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        # Never more than the user may read: another unit's draft is a 404, not a 403.
        return (
            model.objects.visible_to(self.request.user)
            .select_related(*self.entry.select_related)
            .prefetch_related(*self.entry.prefetch_related)
        )

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise NotFound(_("No such document, or you may not see it.")) from None

    def present(self, document, status_code=status.HTTP_200_OK):
        fresh = (
            self.entry.model.objects.select_related(*self.entry.select_related)
            .prefetch_related(*self.entry.prefetch_related)
            .get(pk=document.pk)
        )
        return Response(self.get_serializer(fresh).data, status=status_code)

    # --- the documents ------------------------------------------------------------------------

    @extend_schema(parameters=[STATE_PARAMETER])
    def list(self, request):
        queryset = self.get_queryset()
        state = request.query_params.get("state")
        if state:
            if state not in State.values:
                raise ValidationError(
                    {"state": [_("Unknown state; use one of %s.") % ", ".join(State.values)]}
                )
            queryset = queryset.filter(state=state)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        if self.entry.create is None:
            raise MethodNotAllowed(request.method)
        # Refuse a stranger before judging their input: a 403 says more than field errors.
        if not self.entry.model.may_create(request.user):
            raise Forbidden(_("You may not draft documents of this kind."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("lock_version", None)
        document = self.entry.create(by=request.user, **data)
        return self.present(document, status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def update(self, request, pk=None, partial=False):
        if self.entry.update is None:
            raise MethodNotAllowed(request.method)
        document = self.get_object()
        # The service decides again under its own conditions; these only answer before the
        # input is judged, so a reader or a late editor is not told about field errors.
        if not document.may(request.user, "edit"):
            raise Forbidden(_("You may not edit this document."))
        if not document.is_editable:
            raise Conflict(_("Only a draft can be edited; this one is already further on."))
        serializer = self.get_serializer(document, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        lock_version = changes.pop("lock_version", None)
        document = self.entry.update(
            document, by=request.user, lock_version=lock_version, **changes
        )
        return self.present(document)

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    # --- the workflow -------------------------------------------------------------------------

    @extend_schema(responses={200: TransitionSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        """The steps this user may take on this document now."""
        document = self.get_object()
        names = []
        if not roles.has_role(request.user, roles.AUDITOR):
            names = services.available_transitions(document, request.user)
        # Publishing a version one wrote (when the setting allows it) needs a reason.
        own = "publish" in names and bool(document.steps_barred_to_author(request.user))
        rows = [
            {
                "name": name,
                "label": document.step_label(name),
                "to_state": _target(document, name),
                "note_required": name in document.NOTE_REQUIRED or (own and name == "publish"),
            }
            for name in names
        ]
        return Response(TransitionSerializer(rows, many=True).data)

    @extend_schema(
        request=TransitionRequestSerializer,
        parameters=[TRANSITION_PARAMETER],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>\w+)")
    def transition(self, request, pk=None, name=None):
        """Take a step: 200 with the document in its new state."""
        document = self.get_object()
        body = TransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = services.apply_transition(
            document,
            name,
            by=request.user,
            note=body.validated_data.get("note", ""),
            ip=client_ip(request),
            override=body.validated_data.get("override", False),
            seen_state=body.validated_data.get("from_state"),
        )
        return self.present(document)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Start the next version of a published document: 201 with the new draft, which
        carries the content and supersedes this version."""
        document = services.document_revise(
            self.get_object(), by=request.user, ip=client_ip(request)
        )
        return self.present(document, status.HTTP_201_CREATED)

    @extend_schema(responses={200: TransitionLogSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every step this document took, oldest first."""
        document = self.get_object()
        rows = TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk
        ).select_related("by__employee")
        return Response(TransitionLogSerializer(rows, many=True).data)

    @extend_schema(responses={200: TrackingSerializer, **error_responses(403, 404)})
    @action(detail=True, methods=["get"])
    def acknowledgements(self, request, pk=None):
        """Who of the audience of the current version has acknowledged it, in total and by
        unit."""
        document = self.get_object()
        # A head of unit follows the people of the units they lead; authors, officers and
        # auditors everyone asked (units None).
        units = document.tracked_unit_ids(request.user)
        if units is not None and not (units and tracking.asks_anyone_in(document, units)):
            raise Forbidden(
                _(
                    "Only the document's authors, executives, auditors and the heads of its "
                    "units track it."
                )
            )
        data = {
            "version": document.version,
            **tracking.summary(document, units=units).as_dict(),
            "by_unit": tracking.by_unit(document, units=units),
        }
        return Response(TrackingSerializer(data).data)


def _target(document, name) -> str:
    meta = getattr(type(document), name)._django_fsm
    return meta.get_transition(document.state).target
