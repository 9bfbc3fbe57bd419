"""/api/me/…: the person asking, their in-app notices and their acknowledgements.

Everything here is scoped to the requesting user's own employee record: another person's
acknowledgement is a 404, never a 403 that would confirm it exists."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from hrflow import roles
from hrflow.api import API_PERMISSIONS, error_responses
from hrflow.http import client_ip
from hrflow.models import Employee, display_name
from hrflow.thai import active_lang, format_date

from .models import Acknowledgement, Notice
from .services import acknowledgements

# --- serializers ------------------------------------------------------------------------------


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class EmployeeSerializer(serializers.ModelSerializer):
    unit = RefSerializer()
    position = RefSerializer()

    class Meta:
        model = Employee
        fields = ("id", "staff_id", "full_name", "unit", "position", "employment_type")
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.SerializerMethodField()
    email = serializers.EmailField()
    employee = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    def get_full_name(self, user) -> str:
        return display_name(user)

    @extend_schema_field(EmployeeSerializer(allow_null=True))
    def get_employee(self, user):
        employee = getattr(user, "employee", None)
        return EmployeeSerializer(employee).data if employee else None

    def get_roles(self, user) -> list[str]:
        return [role for role in roles.ALL if roles.has_role(user, role)]


class AcknowledgementSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    document = serializers.IntegerField(source="object_id", read_only=True)
    title = serializers.SerializerMethodField()
    document_state = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Acknowledgement
        fields = (
            "id",
            "kind",
            "document",
            "title",
            "document_state",
            "version",
            "deadline",
            "overdue",
            "requested_at",
            "acknowledged_at",
        )
        read_only_fields = fields

    def get_kind(self, ack) -> str:
        return getattr(ack.content_type.model_class(), "kind_slug", ack.content_type.model)

    def get_title(self, ack) -> str:
        return ack.document.title if ack.document is not None else ""

    def get_document_state(self, ack) -> str:
        return ack.document.state if ack.document is not None else ""

    def get_overdue(self, ack) -> bool:
        return ack.is_overdue()


class AcknowledgeResultSerializer(AcknowledgementSerializer):
    created = serializers.BooleanField(
        help_text="false when this acknowledgement had been made before; nothing changed."
    )
    detail = serializers.CharField()

    class Meta(AcknowledgementSerializer.Meta):
        fields = (*AcknowledgementSerializer.Meta.fields, "created", "detail")
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    acknowledgement = AcknowledgementSerializer(allow_null=True)

    class Meta:
        model = Notice
        fields = ("id", "kind", "sent_at", "read_at", "acknowledgement", "subject", "text", "link")
        read_only_fields = fields


# --- views ------------------------------------------------------------------------------------


class MeView(APIView):
    permission_classes = API_PERMISSIONS

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class NoticeList(generics.ListAPIView):
    """The in-app notices delivered to me, newest first."""

    permission_classes = API_PERMISSIONS
    serializer_class = NoticeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notice.objects.none()
        return (
            Notice.objects.filter(
                recipient__user=self.request.user,
                channel=Notice.Channel.INAPP,
                status=Notice.Status.SENT,
            )
            .select_related("acknowledgement__content_type")
            .prefetch_related("acknowledgement__document")
        )


ACK_STATES = ("pending", "acknowledged")


@extend_schema(
    parameters=[
        OpenApiParameter(
            "state",
            OpenApiTypes.STR,
            enum=ACK_STATES,
            description="pending: still asked of me (the document is published); "
            "acknowledged: done. Without it: all of mine.",
        )
    ],
    responses={200: AcknowledgementSerializer(many=True), **error_responses(400)},
)
class AcknowledgementList(generics.ListAPIView):
    """My acknowledgements, newest request first."""

    permission_classes = API_PERMISSIONS
    serializer_class = AcknowledgementSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Acknowledgement.objects.none()
        mine = Acknowledgement.objects.filter(employee__user=self.request.user).select_related(
            "content_type"
        )
        state = self.request.query_params.get("state")
        if state == "pending":
            mine = _still_asked(mine.pending())
        elif state == "acknowledged":
            mine = mine.acknowledged()
        elif state:
            raise ValidationError(
                {"state": [_("Unknown state; use one of %s.") % ", ".join(ACK_STATES)]}
            )
        return mine.prefetch_related("document")


def _still_asked(acks):
    """A withdrawn or archived document asks nothing more, so it is not pending for anyone."""
    asked = Q(pk__in=[])
    type_ids = acks.order_by().values_list("content_type_id", flat=True).distinct()
    for type_id in type_ids:
        model = ContentType.objects.get_for_id(type_id).model_class()
        published = model.objects.filter(state="published").values("pk")
        asked |= Q(content_type_id=type_id, object_id__in=published)
    return acks.filter(asked)


class AcknowledgeView(APIView):
    permission_classes = API_PERMISSIONS

    @extend_schema(
        request=None,
        responses={200: AcknowledgeResultSerializer, **error_responses(403, 404, 409)},
    )
    def post(self, request, pk):
        """รับทราบ: acknowledge one of my acknowledgement requests. Doing it again changes
        nothing and answers with the time of the first one."""
        ack = (
            Acknowledgement.objects.select_related("content_type")
            .filter(pk=pk, employee__user=request.user)
            .first()
        )
        if ack is None:
            raise NotFound(_("You have no such acknowledgement to make."))
        ack, created = acknowledgements.acknowledge(
            ack,
            user=request.user,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        when = format_date(
            ack.acknowledged_at,
            lang=active_lang(),
            with_time=True,
        )
        data = AcknowledgementSerializer(ack).data
        data["created"] = created
        data["detail"] = (
            _("Acknowledged on %(when)s.") % {"when": when}
            if created
            else _("You had already acknowledged this on %(when)s.") % {"when": when}
        )
        return Response(data)
