"""What the API shows of circulars and accepts for them; writes go through
circulars.services, called by the engine's generic views (workflows.api.views)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hrflow.api import CEDateField
from workflows.api.registry import KindAPI
from workflows.api.serializers import (
    DEADLINE_HELP,
    DOCUMENT_FIELDS,
    AudienceTargetSerializer,
    DocumentSerializer,
    validate_deadline,
)

from . import services
from .models import Circular, CircularAttachment


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = CircularAttachment
        fields = ("id", "name", "size", "content_type", "uploaded_at")
        read_only_fields = fields


class CircularSerializer(DocumentSerializer):
    """A circular (หนังสือเวียน). Drafts are editable; from submission on, only the workflow
    moves it, and a published version never changes."""

    number = serializers.SerializerMethodField()
    audience = AudienceTargetSerializer(
        many=True,
        min_length=1,
        help_text=gettext_lazy(
            "Who must acknowledge: a unit, position or person target needs the id of an "
            "existing one."
        ),
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        model = Circular
        fields = (
            *DOCUMENT_FIELDS,
            "number",
            "body",
            "deadline",
            "audience",
            "is_public",
            "letter_form",
            "addressee",
            "reference",
            "urgency",
            "attachments",
        )

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="ที่ ลพ 51000/ว 1 once published")
    )
    def get_number(self, circular) -> str | None:
        return circular.number_display or None

    deadline = CEDateField(required=False, allow_null=True, help_text=DEADLINE_HELP)
    validate_deadline = validate_deadline


# The kind's API, registered in circulars/kinds.py.
CIRCULAR_API = KindAPI(
    CircularSerializer,
    create=services.circular_create,
    update=services.circular_update,
    prefetch_related=("attachments",),
)
