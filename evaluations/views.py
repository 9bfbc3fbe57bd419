"""Pages of the evaluation rounds. Views check who is asking, call the services and render;
what a service refuses is shown as a problem page with its status (400/403/409)."""

import csv
import io

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow import cells, roles
from hrflow.errors import ServiceError
from hrflow.http import client_ip
from hrflow.views import problem, read_only_for_auditors

from . import forms
from .models import CaseState, EvaluationCase, EvaluationRound
from .progress import levels_chart, progress_rows, round_progress
from .services import appeals, cases, rounds
from .services.steps import employee_of, is_hr, may_approve

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def follows_round(user, round_) -> bool:
    """HR, the auditor, the executives over its unit and its committee follow a round."""
    employee = employee_of(user)
    return (
        is_hr(user)
        or roles.has_role(user, roles.AUDITOR)
        or may_approve(user, round_)
        or (employee is not None and round_.committee.filter(pk=employee.pk).exists())
    )


def _round_for(request, pk, *, follow=True):
    try:
        round_ = (
            EvaluationRound.objects.visible_to(request.user)
            .select_related("criteria", "unit")
            .get(pk=pk)
        )
    except EvaluationRound.DoesNotExist:
        raise Http404 from None
    return round_, follows_round(request.user, round_)


def home(request):
    """The person's own evaluations, the cases they evaluate, and the rounds they follow."""
    employee = employee_of(request.user)
    visible = EvaluationCase.objects.visible_to(request.user).select_related("round", "person")
    mine = visible.filter(person=employee) if employee else visible.none()
    evaluating = (
        visible.filter(Q(evaluator=employee) | Q(second_level=employee)) if employee else []
    )
    followed = [
        r for r in EvaluationRound.objects.visible_to(request.user).select_related("unit")
        if follows_round(request.user, r)
    ]  # fmt: skip
    return render(
        request,
        "evaluations/home.html",
        {"mine": mine, "evaluating": evaluating, "rounds": followed, "here": "evaluations",
         "may_open": is_hr(request.user)},
    )  # fmt: skip


def round_page(request, pk):
    """HR's progress and the committee's screening page: cases per step, overdue and the
    distribution of levels by unit, and the cases by unit."""
    round_, follows = _round_for(request, pk)
    if not follows:
        return problem(request, _("Only HR, the committee and executives follow a round."), 403)
    employee = employee_of(request.user)
    progress = round_progress(round_, timezone.localdate())
    context = {
        "round": round_,
        "progress": progress,
        "levels_chart": levels_chart(progress),
        "cases": EvaluationCase.objects.filter(round=round_).select_related("person__unit"),
        "is_hr": is_hr(request.user),
        "is_committee": employee is not None and round_.committee.filter(pk=employee.pk).exists(),
        "may_approve": may_approve(request.user, round_),
        "here": "evaluations",
    }
    return render(request, "evaluations/round.html", context)


def _export(request, pk):
    round_, follows = _round_for(request, pk)
    if not follows:
        raise Http404
    return round_, progress_rows(round_, timezone.localdate())


def round_csv(request, pk):
    round_, rows = _export(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluation-round-{round_.pk}.csv"'
    response.write("\ufeff")  # Excel reads Thai as UTF-8 only with the byte-order mark
    writer = csv.writer(response)
    for row in rows:
        writer.writerow(cells.row(row))
    return response


def round_xlsx(request, pk):
    from openpyxl import Workbook

    round_, rows = _export(request, pk)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = cells.xml_text(_("Progress"))[:31]
    for row in rows:
        sheet.append(cells.row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="evaluation-round-{round_.pk}.xlsx"'
    return response


ROUND_ACTIONS = {
    "newcomers": lambda r, by, post, ip: rounds.round_add_newcomers(r, by=by),
    "close-review": lambda r, by, post, ip: rounds.committee_close(r, by=by, ip=ip),
    "approve": lambda r, by, post, ip: rounds.round_approve(r, by=by, ip=ip),
    "announce": lambda r, by, post, ip: rounds.round_announce(
        r, by=by, public=post.get("public") == "1", ip=ip
    ),
}


@require_POST
@read_only_for_auditors
def round_action(request, pk, name):
    round_, _follows = _round_for(request, pk)
    if name not in ROUND_ACTIONS:
        raise Http404
    try:
        ROUND_ACTIONS[name](round_, request.user, request.POST, client_ip(request))
    except ServiceError as error:
        return problem(request, error.message, error.status, back=request.path)
    return redirect("evaluations:round", pk=round_.pk)


def announcement(request, pk):
    """The names at the top two levels, once HR has announced them: for every member of staff."""
    round_ = (
        EvaluationRound.objects.select_related("criteria", "unit")
        .filter(pk=pk, announced_at__isnull=False)
        .first()
    )
    if round_ is None or (
        employee_of(request.user) is None and not roles.has_role(request.user, roles.AUDITOR)
    ):
        raise Http404
    names = (
        EvaluationCase.objects.filter(round=round_, level__in=rounds.top_level_names(round_))
        .select_related("person__unit", "person__position")
        .order_by("-total", "person__staff_id")
    )
    return render(
        request, "evaluations/announcement.html",
        {"round": round_, "names": names, "here": "evaluations"},
    )  # fmt: skip


def _case_for(request, pk):
    try:
        return (
            EvaluationCase.objects.visible_to(request.user)
            .select_related("round__criteria", "person__unit", "person__position",
                            "evaluator", "second_level")
            .get(pk=pk)
        )  # fmt: skip
    except EvaluationCase.DoesNotExist:
        raise Http404 from None


def case_page(request, pk, *, error=None, status=200):
    case = _case_for(request, pk)
    employee = employee_of(request.user)
    me = employee.pk if employee else None
    relation = {
        "person": me == case.person_id,
        "evaluator": me == case.evaluator_id,
        "second_level": me == case.second_level_id,
        "committee": me is not None and case.round.committee.filter(pk=me).exists(),
    }
    components = case.round.criteria.components
    items = list(case.items.all())
    groups = [
        {"name": c["name"], "weight": c["weight"],
         "score": case.component_scores[i] if len(case.component_scores) > i else None,
         "items": [item for item in items if item.component == i]}
        for i, c in enumerate(components)
    ]  # fmt: skip
    context = {
        "case": case, "groups": groups, "idp": case.idp_lines.all(),
        "appeal": getattr(case, "appeal", None), "relation": relation, "error": error,
        "S": {state.name: state.value for state in CaseState}, "here": "evaluations",
        "may_decide": may_approve(request.user, case.round) and not relation["person"],
        "may_give_opinion": relation["second_level"] or (
            case.second_level_id is None and may_approve(request.user, case.round)
        ),
        "scale": range(1, case.round.scale_max + 1), "items": items,
        "is_auditor": roles.has_role(request.user, roles.AUDITOR),
    }  # fmt: skip
    return render(request, "evaluations/case.html", context, status=status)


CASE_STEPS = {
    "agree": lambda c, by, post, ip: cases.agreement_agree(c, by=by, ip=ip),
    "acknowledge": lambda c, by, post, ip: cases.result_acknowledge(c, by=by, ip=ip),
    "decline": lambda c, by, post, ip: cases.result_decline(
        c, by=by, witness=post.get("witness", ""), note=post.get("note", ""), ip=ip
    ),
    "review": lambda c, by, post, ip: cases.second_level_review(c, by=by, ip=ip),
    "send-back": lambda c, by, post, ip: rounds.committee_send_back(
        c, by=by, reason=post.get("reason", ""), ip=ip
    ),
    "appeal": lambda c, by, post, ip: appeals.appeal_file(
        c, by=by, reasons=post.get("reasons", ""), ip=ip
    ),
    "reject-appeal": lambda c, by, post, ip: appeals.appeal_decide(
        c, by=by, upheld=False, reasons=post.get("reasons", ""), ip=ip
    ),
    "decide-appeal": lambda c, by, post, ip: appeals.appeal_decide(
        c,
        by=by,
        upheld=forms.parse_decision(post),
        reasons=post.get("reasons", ""),
        scores=forms.parse_scores(c, post) if forms.parse_decision(post) else None,
        ip=ip,
    ),
    "second-opinion": lambda c, by, post, ip: cases.second_level_review(
        c, by=by, scores=forms.parse_scores(c, post), reason=post.get("reason", ""), ip=ip
    ),
}


@read_only_for_auditors
def case_agreement(request, pk):
    """Either side drafts or changes the agreement as lines of text."""
    case = _case_for(request, pk)
    text, error, status = forms.format_agreement(case), None, 200
    if request.method == "POST":
        text = request.POST.get("items", "")
        try:
            items = forms.parse_agreement(text)
            cases.agreement_set(case, by=request.user, items=items, ip=client_ip(request))
            return redirect("evaluations:case", pk=case.pk)
        except ServiceError as refused:
            error, status = refused.message, refused.status
    return render(
        request, "evaluations/agreement.html",
        {"case": case, "text": text, "error": error, "here": "evaluations",
         "components": case.round.criteria.components},
        status=status,
    )  # fmt: skip


@read_only_for_auditors
def case_scores(request, pk):
    """The evaluator scores each indicator on the round's scale, with the development plan."""
    case = _case_for(request, pk)
    error, status = None, 200
    if request.method == "POST":
        idp = [line for line in request.POST.get("idp", "").splitlines() if line.strip()]
        try:
            scores = forms.parse_scores(case, request.POST)
            cases.case_score(case, by=request.user, scores=scores, idp=idp, ip=client_ip(request))
            return redirect("evaluations:case", pk=case.pk)
        except ServiceError as refused:
            error, status = refused.message, refused.status
    return render(
        request, "evaluations/scores.html",
        {"case": case, "items": case.items.all(), "error": error, "here": "evaluations",
         "scale": range(1, case.round.scale_max + 1)},
        status=status,
    )  # fmt: skip


@require_POST
@read_only_for_auditors
def case_step(request, pk, name):
    case = _case_for(request, pk)
    if name not in CASE_STEPS:
        raise Http404
    try:
        CASE_STEPS[name](case, request.user, request.POST, client_ip(request))
    except ServiceError as error:
        return case_page(request, pk, error=error.message, status=error.status)
    return redirect("evaluations:case", pk=case.pk)
