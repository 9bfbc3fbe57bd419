"""The API of meeting minutes: the `minutes` kind on the shared DocumentViewSet, with its
serializers; its own endpoints are in meetings.py. Serializers parse and present;
meetings.services decides."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from hrflow.api import CEDateField, id_field
from hrflow.models import Employee
from meetings import services as meetings
from meetings.models import ActionItem, MeetingMinutes, MeetingSeries
from workflows.api.registry import KindAPI
from workflows.api.serializers import DOCUMENT_FIELDS, DocumentSerializer


class ActionItemSerializer(serializers.ModelSerializer):
    # An action item always has both (workflows.followups.action_add), so the schema says so.
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(), help_text=gettext_lazy("An employee on the staff list.")
    )
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    due_date = CEDateField(
        help_text=gettext_lazy("In the Common Era (ค.ศ.), not before the meeting.")
    )
    meeting = serializers.CharField(source="minutes.number_display", read_only=True)
    status = serializers.SerializerMethodField()
    closed_at = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = (
            "id", "item", "text", "owner", "owner_name", "due_date", "status", "meeting",
            "closed_at", "progress",
        )  # fmt: skip

    # Under a meeting's agenda an item reads as it stood at that meeting (`open_then`,
    # `notes_then`, set by the model's reads); elsewhere, as it stands now.
    def get_status(self, action) -> str:
        is_open = getattr(action, "open_then", action.is_open)
        return ActionItem.Status.OPEN if is_open else ActionItem.Status.DONE

    def get_closed_at(self, action) -> str | None:
        if getattr(action, "open_then", action.is_open):
            return None
        return serializers.DateTimeField().to_representation(action.closed_at)

    def get_progress(self, action) -> list[str]:
        notes = getattr(action, "notes_then", None)
        return [p.note for p in (action.progress.all() if notes is None else notes)]


STAFF_IDS = gettext_lazy("Ids from the staff list; each person once in the attendance.")


class AbsentSerializer(serializers.Serializer):
    employee = id_field()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class MinutesSerializer(DocumentSerializer):
    """Minutes of one meeting (form 11). Attendance is written as ids from the staff list:
    someone present at least, each person once across present, absent and guests."""

    title = serializers.CharField(read_only=True)
    series = serializers.PrimaryKeyRelatedField(queryset=MeetingSeries.objects.all())
    number = serializers.IntegerField(
        required=False, min_value=1, help_text=gettext_lazy("Left out: the next number.")
    )
    number_display = serializers.CharField(read_only=True)
    chair = id_field(
        source="chair_id",
        required=False,
        help_text=gettext_lazy(
            "One of the chairs HR named for the series (never its secretary), among those "
            "present; left out: its usual chair."
        ),
    )
    present = serializers.ListField(
        child=id_field(), write_only=True, min_length=1, help_text=STAFF_IDS
    )
    absent = AbsentSerializer(many=True, write_only=True, required=False, help_text=STAFF_IDS)
    guests = serializers.ListField(
        child=id_field(), write_only=True, required=False, help_text=STAFF_IDS
    )
    attendance = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        model = MeetingMinutes
        fields = (
            *DOCUMENT_FIELDS, "series", "number", "number_year", "number_display",
            "meeting_date", "start_time", "end_time", "place", "chair", "present", "absent",
            "guests", "attendance", "item_1", "item_2", "item_3", "item_4", "item_5", "agenda",
            "adopted_at",
        )  # fmt: skip
        read_only_fields = (*DocumentSerializer.Meta.read_only_fields, "number_year", "adopted_at")
        extra_kwargs = {"end_time": {"help_text": gettext_lazy("After the start time.")}}

    def get_attendance(self, minutes) -> list[dict]:
        return [
            {
                "employee": a.employee_id,
                "name": a.employee.full_name,
                "status": a.status,
                "reason": a.reason,
            }
            for a in minutes.attendance.select_related("employee")
        ]

    def get_agenda(self, minutes) -> list[dict]:
        return [
            {
                "number": item["number"],
                "title": str(item["title"]),
                "report": item["report"],
                "problems": [
                    {
                        "text": p.text,
                        "raised_by": p.raised_by.full_name if p.raised_by else "",
                        "unit": p.unit.name if p.unit else "",
                    }
                    for p in item["problems"]
                ],
                "resolutions": [r.text for r in item["resolutions"]],
                "action_items": ActionItemSerializer(item["actions"], many=True).data,
                "follow_ups": ActionItemSerializer(item.get("followups", []), many=True).data,
                "suggestions": [s.text for s in item.get("suggestions", [])],
            }
            for item in minutes.agenda()
        ]


def _create(*, by, chair_id=None, **data):
    return meetings.minutes_create(by=by, chair=chair_id, **data)


def _update(minutes, *, by, lock_version=None, **changes):
    if "chair_id" in changes:
        changes["chair"] = changes.pop("chair_id")
    changes.pop("series", None)
    return meetings.minutes_update(minutes, by=by, lock_version=lock_version, **changes)


# The kind's API, registered in meetings/kinds.py.
MINUTES_API = KindAPI(
    MinutesSerializer,
    create=_create,
    update=_update,
    select_related=("owner_unit", "created_by", "series"),
)
