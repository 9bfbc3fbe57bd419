"""The API of position descriptions and evaluation criteria (measure 6). Their structured
content is plain JSON here; personnel.criteria_rules judges it in the services, so the API, the
pages and the services accept exactly the same things."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hrflow.api import NOT_BLANK, CEDateField
from hrflow.models import Department, Employee, Position
from personnel import services as hr_documents
from workflows.api.registry import KindAPI
from workflows.api.serializers import (
    DEADLINE_HELP,
    DOCUMENT_FIELDS,
    DocumentSerializer,
    validate_deadline,
)

from .models import EvaluationCriteria, OrganisationGoal, PositionDescription

# The shapes personnel.criteria_rules accepts, in the schema, so a generated client sends them.
SHARE = {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.01}


def _rows(required: dict, optional=None, min_items=1) -> dict:
    properties = {**required, **(optional or {})}
    return {
        "type": "array",
        "minItems": min_items,
        "items": {"type": "object", "required": sorted(required), "properties": properties},
    }


TEXT = {"type": "string", "minLength": 1, "pattern": NOT_BLANK}
DUTIES = _rows({"text": {**TEXT, "maxLength": 2000}, "share": SHARE})
NAME = {**TEXT, "maxLength": 500}
GOAL = {"type": "integer", "minimum": 1, "nullable": True}
COMPONENTS = _rows(
    {"name": NAME, "weight": SHARE, "items": _rows({"name": NAME, "weight": SHARE}, {"goal": GOAL})}
)
LEVELS = _rows({"name": {**NAME, "maxLength": 100}, "min": SHARE, "max": SHARE})


@extend_schema_field(DUTIES)
class DutiesField(serializers.JSONField):
    pass


@extend_schema_field(COMPONENTS)
class ComponentsField(serializers.JSONField):
    pass


@extend_schema_field(LEVELS)
class LevelsField(serializers.JSONField):
    pass


class PositionDescriptionSerializer(DocumentSerializer):
    """A position description (รายละเอียดของตำแหน่งงาน), acknowledged by the holders of the
    position and their heads."""

    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all())
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Only the holders in this unit and below; null: everywhere."),
    )
    duties = DutiesField(
        help_text=gettext_lazy('[{"text": "…", "share": 40}, …]: shares of time total 100.')
    )
    deadline = CEDateField(required=False, allow_null=True, help_text=DEADLINE_HELP)
    validate_deadline = validate_deadline

    class Meta(DocumentSerializer.Meta):
        model = PositionDescription
        fields = (
            *DOCUMENT_FIELDS, "position", "unit", "purpose", "duties", "qualifications",
            "competencies", "indicators", "deadline", "is_public",
        )  # fmt: skip


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganisationGoal
        fields = ("number", "title")


class EvaluationCriteriaSerializer(DocumentSerializer):
    """Evaluation criteria (เกณฑ์การประเมินผลการปฏิบัติงาน) of one round, acknowledged by the
    staff of the employment types in scope."""

    fiscal_year = serializers.IntegerField(
        min_value=2500, max_value=2700, help_text=gettext_lazy("In the Buddhist Era, e.g. 2569.")
    )
    round = serializers.ChoiceField(choices=EvaluationCriteria.Round.choices)
    # The service checks the values too (the pages send them); the enum tells a client which.
    employment_types = serializers.ListField(
        child=serializers.ChoiceField(choices=Employee.EmploymentType.choices),
        min_length=1,
        help_text=gettext_lazy("Employment types in scope: %(values)s.")
        % {"values": ", ".join(Employee.EmploymentType.values)},
    )
    components = ComponentsField(
        required=False,
        help_text=gettext_lazy(
            '[{"name": "ผลสัมฤทธิ์ของงาน", "weight": 70, "items": [{"name": "…", "weight": 100, '
            '"goal": 1}]}, …]: weights total 100 at every level; goal: the number of a goal of '
            "the fiscal year. Default: achievement 70, competency 30."
        ),
    )
    levels = LevelsField(
        required=False,
        help_text=gettext_lazy(
            '[{"name": "ดีเด่น", "min": 90, "max": 100}, …]: together 0–100, no gap, no '
            "overlap. Default: the five Thai levels."
        ),
    )
    round_start = serializers.DateField(read_only=True)
    round_end = serializers.DateField(read_only=True)
    goals = serializers.SerializerMethodField()
    deadline = CEDateField(required=False, allow_null=True, help_text=DEADLINE_HELP)
    validate_deadline = validate_deadline

    class Meta(DocumentSerializer.Meta):
        model = EvaluationCriteria
        fields = (
            *DOCUMENT_FIELDS, "fiscal_year", "round", "round_start", "round_end",
            "employment_types", "description", "components", "levels", "deadline", "goals",
            "is_public",
        )  # fmt: skip

    @extend_schema_field(GoalSerializer(many=True))
    def get_goals(self, criteria) -> list:
        """The agency's goals that the items point to."""
        numbers = {
            item.get("goal")
            for component in criteria.components
            for item in component.get("items", [])
            if item.get("goal")
        }
        goals = OrganisationGoal.objects.filter(
            fiscal_year=criteria.fiscal_year, number__in=numbers
        )
        return GoalSerializer(goals, many=True).data


# The kinds' APIs, registered in personnel/kinds.py.
POSITION_DESCRIPTION_API = KindAPI(
    PositionDescriptionSerializer,
    create=hr_documents.position_description_create,
    update=hr_documents.position_description_update,
    select_related=("owner_unit", "created_by", "position", "unit"),
)
EVALUATION_CRITERIA_API = KindAPI(
    EvaluationCriteriaSerializer,
    create=hr_documents.evaluation_criteria_create,
    update=hr_documents.evaluation_criteria_update,
)
