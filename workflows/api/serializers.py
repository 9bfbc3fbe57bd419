"""What the API shows of documents and what it accepts. Serializers parse and present only:
writes go through workflows.services, called by the views."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hrflow.api import CEDateField, id_field
from hrflow.models import display_name
from hrflow.validation import check_not_past
from workflows.audience import TARGET_KINDS
from workflows.models import State, TransitionLog

# Every kind shows these; a kind's serializer adds its own fields after them.
DOCUMENT_FIELDS = (
    "id",
    "kind",
    "state",
    "state_display",
    "title",
    "version",
    "lock_version",
    "owner_unit",
    "created_by",
    "created_at",
    "updated_at",
    "published_at",
    "supersedes",
)


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class DocumentSerializer(serializers.ModelSerializer):
    """The fields of the abstract Document; concrete kinds subclass it with their Meta.model."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: CEDateField,
    }

    # The services refuse a title that shows nothing (hrflow.validation.has_visible_text), a
    # rule of Unicode categories no portable pattern states; the description does.
    title = serializers.CharField(
        max_length=300,
        help_text=gettext_lazy(
            "Must show at least one letter, digit or sign, not only spaces, marks or invisible "
            "characters."
        ),
    )
    kind = serializers.CharField(source="kind_slug", read_only=True)
    state = serializers.ChoiceField(choices=State.choices, read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    owner_unit = UnitRefSerializer(read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    lock_version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=gettext_lazy(
            "Send back the value you read when editing: if someone saved in between, the "
            "edit is refused with 409 instead of overwriting theirs."
        ),
    )

    class Meta:
        fields = DOCUMENT_FIELDS
        read_only_fields = ("version", "created_at", "updated_at", "published_at", "supersedes")


class AudienceTargetSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TARGET_KINDS)
    id = id_field(required=False, help_text=gettext_lazy("Unit, position or employee id."))
    subunits = serializers.BooleanField(
        required=False, help_text=gettext_lazy("For a unit: include the units below it.")
    )


# What every kind with a deadline to acknowledge by says and checks of it.
DEADLINE_HELP = gettext_lazy("Acknowledge by: today or later, in the Common Era.")


def validate_deadline(serializer, value):
    """A serializer's `validate_deadline` (assign it in the class body): asked to acknowledge by
    a day already gone is a typing slip, not a deadline."""
    try:
        return value and check_not_past(value, timezone.localdate())
    except ValueError as error:
        raise serializers.ValidationError(str(error)) from None


# --- workflow reads and requests shared by every kind -------------------------------------


class TransitionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    to_state = serializers.CharField()
    note_required = serializers.BooleanField()


class TransitionRequestSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=gettext_lazy("Why: required to send back or withdraw."),
    )
    override = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy(
            "Take the step although a rule of the kind advises against it (e.g. publish "
            "evaluation criteria after their round started); the note is then the reason."
        ),
    )
    from_state = serializers.ChoiceField(
        choices=State.choices,
        required=False,
        help_text=gettext_lazy(
            "The state the client last saw; if the document has moved on since, the step is "
            "refused with 409 instead of being applied to a state nobody saw."
        ),
    )


class PersonRefSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()


class TransitionLogSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = TransitionLog
        fields = ("id", "transition", "version", "from_state", "to_state", "by", "at", "note")
        read_only_fields = fields

    @extend_schema_field(PersonRefSerializer)
    def get_by(self, row) -> dict:
        return {"username": row.by.get_username(), "name": display_name(row.by)}


class CountsSerializer(serializers.Serializer):
    """The counts of notifications.tracking, for a whole version or one unit of it."""

    recipients = serializers.IntegerField()
    delivered = serializers.IntegerField()
    acknowledged = serializers.IntegerField()
    pending = serializers.IntegerField()
    overdue = serializers.IntegerField()


class UnitTrackingSerializer(CountsSerializer):
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()


class TrackingSerializer(CountsSerializer):
    version = serializers.IntegerField()
    failed_notices = serializers.IntegerField()
    by_unit = UnitTrackingSerializer(many=True)
