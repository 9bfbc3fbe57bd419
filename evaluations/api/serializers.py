"""What the evaluation API shows and takes. Content rules live in the services; these only
shape JSON (and bound what a request may carry)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hrflow.api import id_field
from hrflow.models import display_name
from workflows.models import TransitionLog

from ..models import AgreementItem, Appeal, EvaluationCase, EvaluationRound, IdpLine


class RoundSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    committee = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = EvaluationRound
        fields = [
            "id", "criteria", "fiscal_year", "number", "starts_on", "ends_on", "agreement_due",
            "assessment_due", "result_due", "unit",
            "unit_name", "scale_max", "appeal_days", "committee", "state", "opened_at",
            "screened_at", "approved_at", "announced_at", "announce_public",
        ]  # fmt: skip
        read_only_fields = fields


class RoundOpenSerializer(serializers.Serializer):
    criteria = id_field(help_text=_("Published evaluation criteria with a round (their levels)."))
    unit = id_field(help_text=_("The unit whose people (with its sub-units) are evaluated."))
    committee = serializers.ListField(child=id_field(), max_length=50, required=False)
    scale_max = serializers.IntegerField(min_value=2, max_value=10, default=5)
    appeal_days = serializers.IntegerField(min_value=1, max_value=365, default=30)


class MembersSerializer(serializers.Serializer):
    members = serializers.ListField(child=id_field(), max_length=50)


class AnnounceSerializer(serializers.Serializer):
    public = serializers.BooleanField(default=False)


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementItem
        fields = ["id", "component", "name", "target", "weight", "self_score", "score", "comment"]
        read_only_fields = fields


class IdpSerializer(serializers.ModelSerializer):
    class Meta:
        model = IdpLine
        fields = ["id", "text", "at"]
        read_only_fields = fields


class AppealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appeal
        fields = ["reasons", "filed_at", "decision", "decision_reasons", "decided_at",
                  "previous_total"]  # fmt: skip
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    unit = serializers.IntegerField(source="person.unit_id", read_only=True)
    items = ItemSerializer(many=True, read_only=True)
    idp_lines = IdpSerializer(many=True, read_only=True)
    appeal = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationCase
        fields = [
            "id", "round", "person", "person_name", "unit", "evaluator", "second_level",
            "evaluator_reason", "state", "version", "person_agreed_at", "evaluator_agreed_at",
            "agreed_at", "component_scores", "total", "level", "scored_at", "answered_at",
            "witness", "second_level_note", "approved_at", "items", "idp_lines", "appeal",
        ]  # fmt: skip
        read_only_fields = fields

    def get_appeal(self, case) -> dict | None:
        appeal = getattr(case, "appeal", None)
        return AppealSerializer(appeal).data if appeal is not None else None


class AgreementSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=serializers.DictField(),
        max_length=100,
        help_text=_(
            "[{component, name, target, weight}, …]: component is the criteria's component "
            "index; the weights of each component total 100."
        ),
    )


class ScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(
        help_text=_("{item id: {score, comment}, …}: every item, each score on the round's scale.")
    )
    idp = serializers.ListField(
        child=serializers.CharField(max_length=2000), max_length=20, required=False, default=list
    )


class EvaluatorSerializer(serializers.Serializer):
    evaluator = id_field(help_text=_("An employee other than the person evaluated."))
    reason = serializers.CharField(max_length=2000)


class StepSerializer(serializers.Serializer):
    """decline: witness (and note); review: optional scores with reason; send-back: reason."""

    witness = serializers.CharField(max_length=300, required=False, default="")
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    scores = serializers.DictField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("{item id: {score, comment}, …}: every item, each score on the round's scale."),
    )


class AppealFileSerializer(serializers.Serializer):
    reasons = serializers.CharField(max_length=5000)


class AppealDecisionSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    reasons = serializers.CharField(max_length=5000)
    scores = serializers.DictField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("{item id: {score, comment}, …}: every item, each score on the round's scale."),
    )


class HistorySerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = TransitionLog
        fields = ["transition", "from_state", "to_state", "by", "at", "note"]
        read_only_fields = fields

    def get_by(self, row) -> str:
        return display_name(row.by)
