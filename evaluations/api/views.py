"""/api/evaluations/: rounds, cases, agreements, scores, steps and appeals.

Views only check who is asking, parse, call evaluations.services and present the result. A
case the user may not see is a 404 (its existence is private too); what a service refuses
(Invalid/Forbidden/Conflict) becomes 400/403/409 in hrflow.api."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from hrflow.api import API_PERMISSIONS, error_responses
from hrflow.http import client_ip
from hrflow.models import Department, Employee
from personnel.models import EvaluationCriteria
from workflows.models import TransitionLog

from ..models import EvaluationCase, EvaluationRound
from ..services import appeals, cases, rounds
from . import serializers as s

WRITE_ERRORS = error_responses(400, 403, 404, 409)
STEP_PARAMETER = OpenApiParameter(
    "name", OpenApiTypes.STR, OpenApiParameter.PATH,
    enum=["acknowledge", "decline", "review", "send-back"],
)  # fmt: skip


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _row(model, pk, field):
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist:
        raise ValidationError({field: ["There is no such record."]}) from None


class RoundViewSet(viewsets.GenericViewSet):
    permission_classes = API_PERMISSIONS
    serializer_class = s.RoundSerializer

    def get_queryset(self):
        return (
            EvaluationRound.objects.visible_to(self.request.user)
            .select_related("unit")
            .prefetch_related("committee")
            .order_by("-fiscal_year", "-number", "pk")
        )

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except EvaluationRound.DoesNotExist:
            raise Http404 from None

    def present(self, round_, code=status.HTTP_200_OK):
        round_ = self.get_queryset().get(pk=round_.pk)
        return Response(s.RoundSerializer(round_).data, status=code)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.RoundSerializer(page, many=True).data)

    @extend_schema(
        request=s.RoundOpenSerializer, responses={201: s.RoundSerializer, **WRITE_ERRORS}
    )
    def create(self, request):
        data = _valid(s.RoundOpenSerializer, request)
        criteria = _row(EvaluationCriteria, data["criteria"], "criteria")
        unit = _row(Department, data["unit"], "unit")
        members = list(Employee.objects.filter(pk__in=data.get("committee", [])))
        round_, _cases = rounds.round_open(
            by=request.user, criteria=criteria, unit=unit, committee=members,
            scale_max=data["scale_max"], appeal_days=data["appeal_days"], ip=client_ip(request),
        )  # fmt: skip
        return self.present(round_, status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        return self.present(self.get_object())

    @extend_schema(request=s.MembersSerializer, responses={200: s.RoundSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def committee(self, request, pk=None):
        members = list(
            Employee.objects.filter(pk__in=_valid(s.MembersSerializer, request)["members"])
        )
        return self.present(
            rounds.committee_set(self.get_object(), by=request.user, members=members)
        )

    @extend_schema(request=None, responses={200: s.RoundSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def newcomers(self, request, pk=None):
        round_ = self.get_object()
        rounds.round_add_newcomers(round_, by=request.user)
        return self.present(round_)

    @extend_schema(request=None, responses={200: s.RoundSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="close-review")
    def close_review(self, request, pk=None):
        round_ = rounds.committee_close(self.get_object(), by=request.user, ip=client_ip(request))
        return self.present(round_)

    @extend_schema(request=None, responses={200: s.RoundSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        round_ = rounds.round_approve(self.get_object(), by=request.user, ip=client_ip(request))
        return self.present(round_)

    @extend_schema(request=s.AnnounceSerializer, responses={200: s.RoundSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def announce(self, request, pk=None):
        public = _valid(s.AnnounceSerializer, request)["public"]
        round_ = rounds.round_announce(self.get_object(), by=request.user, public=public)
        return self.present(round_)


class CaseViewSet(viewsets.GenericViewSet):
    permission_classes = API_PERMISSIONS
    serializer_class = s.CaseSerializer

    def get_queryset(self):
        queryset = EvaluationCase.objects.visible_to(self.request.user)
        if "round" in self.request.query_params:
            try:
                queryset = queryset.filter(round_id=int(self.request.query_params["round"]))
            except ValueError:
                raise ValidationError({"round": ["Give a round's id."]}) from None
        return (
            queryset.select_related("person", "appeal")
            .prefetch_related("items", Prefetch("idp_lines"))
            .order_by("round", "person__unit__code", "person__staff_id")
        )

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except EvaluationCase.DoesNotExist:
            raise Http404 from None

    def present(self, case):
        return Response(s.CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.CaseSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return self.present(self.get_object())

    @extend_schema(request=s.AgreementSerializer, responses={200: s.CaseSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["put"])
    def agreement(self, request, pk=None):
        items = _valid(s.AgreementSerializer, request)["items"]
        case = cases.agreement_set(
            self.get_object(), by=request.user, items=items, ip=client_ip(request)
        )
        return self.present(case)

    @extend_schema(request=None, responses={200: s.CaseSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def agree(self, request, pk=None):
        return self.present(
            cases.agreement_agree(self.get_object(), by=request.user, ip=client_ip(request))
        )

    @extend_schema(request=s.ScoresSerializer, responses={200: s.CaseSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="self-assessment")
    def self_assessment(self, request, pk=None):
        scores = _valid(s.ScoresSerializer, request)["scores"]
        return self.present(cases.self_assess(self.get_object(), by=request.user, scores=scores))

    @extend_schema(request=s.ScoresSerializer, responses={200: s.CaseSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        data = _valid(s.ScoresSerializer, request)
        case = cases.case_score(
            self.get_object(), by=request.user, scores=data["scores"], idp=data["idp"],
            ip=client_ip(request),
        )  # fmt: skip
        return self.present(case)

    @extend_schema(request=s.EvaluatorSerializer, responses={200: s.CaseSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def evaluator(self, request, pk=None):
        data = _valid(s.EvaluatorSerializer, request)
        evaluator = _row(Employee, data["evaluator"], "evaluator")
        case = rounds.case_set_evaluator(
            self.get_object(), by=request.user, evaluator=evaluator, reason=data["reason"]
        )
        return self.present(case)

    @extend_schema(request=s.StepSerializer, responses={200: s.CaseSerializer, **WRITE_ERRORS})
    @extend_schema(parameters=[STEP_PARAMETER])
    @action(detail=True, methods=["post"], url_path="steps")
    def step(self, request, pk=None, name=None):
        data, case, ip = _valid(s.StepSerializer, request), self.get_object(), client_ip(request)
        by = request.user
        if name == "acknowledge":
            case = cases.result_acknowledge(case, by=by, ip=ip)
        elif name == "decline":
            case = cases.result_decline(
                case, by=by, witness=data["witness"], note=data["note"], ip=ip
            )
        elif name == "review":
            case = cases.second_level_review(
                case, by=by, scores=data["scores"], reason=data["reason"], ip=ip
            )
        elif name == "send-back":
            case = rounds.committee_send_back(case, by=by, reason=data["reason"], ip=ip)
        else:
            raise Http404
        return self.present(case)

    @extend_schema(
        request=s.AppealFileSerializer, responses={200: s.CaseSerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        reasons = _valid(s.AppealFileSerializer, request)["reasons"]
        return self.present(
            appeals.appeal_file(self.get_object(), by=request.user, reasons=reasons)
        )

    @extend_schema(
        request=s.AppealDecisionSerializer, responses={200: s.CaseSerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"], url_path="appeal/decision")
    def appeal_decision(self, request, pk=None):
        data = _valid(s.AppealDecisionSerializer, request)
        case = appeals.appeal_decide(
            self.get_object(), by=request.user, upheld=data["upheld"], reasons=data["reasons"],
            scores=data["scores"], ip=client_ip(request),
        )  # fmt: skip
        return self.present(case)

    @extend_schema(responses={200: s.HistorySerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        case = self.get_object()
        rows = TransitionLog.objects.filter(
            content_type__app_label="evaluations", content_type__model="evaluationcase",
            object_id=case.pk,
        ).select_related("by__employee")  # fmt: skip
        return Response(s.HistorySerializer(rows, many=True).data)
