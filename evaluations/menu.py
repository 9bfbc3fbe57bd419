"""Evaluations in the main menu and the work queue (hrflow/menu.py, hrflow/workqueue.py).

What waits on a person in the evaluation rounds: agreeing an agreement (the person and their
evaluator), scoring (the evaluator), acknowledging a result (the person), the second-level
opinion, the committee closing its review, the executive approving the results and deciding
appeals. Two queries for the list, however many cases; the count is two querysets in the
work queue's one statement."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrflow import menu, roles, workqueue
from hrflow.workqueue import Task, employee_of

from .models import CaseState, EvaluationCase, EvaluationRound

S = CaseState

menu.register(
    menu.Item(
        menu.PERSONNEL,
        "evaluations",
        gettext_lazy("Evaluations"),
        "evaluations:home",
        current=("evaluations:",),
        order=50,
    )
)


def _acting(user):
    employee = employee_of(user)
    return None if employee is None or roles.has_role(user, roles.AUDITOR) else employee


def _executive_scope(user):
    """The units whose rounds the user approves: None for all, else a set (empty: none)."""
    if not roles.has_role(user, roles.EXECUTIVE):
        return set()
    return roles.unit_scope(user)


def _over(scope, field) -> Q:
    if scope is None:
        return Q()
    return Q(**{f"{field}__in": scope}) if scope else Q(pk__in=[])


def cases_waiting(user):
    employee = _acting(user)
    if employee is None:
        return EvaluationCase.objects.none()
    scope = _executive_scope(user)
    waiting = (
        Q(person=employee, state=S.AGREEMENT, person_agreed_at__isnull=True)
        | Q(evaluator=employee, state=S.AGREEMENT, evaluator_agreed_at__isnull=True)
        | Q(evaluator=employee, state__in=[S.AGREED, S.SELF_ASSESSED])
        | Q(person=employee, state=S.SCORED)
        | Q(second_level=employee, state__in=[S.ACKNOWLEDGED, S.DECLINED])
    )
    if scope != set():
        # Nobody above the evaluator: an executive over the round gives the second opinion.
        waiting |= Q(second_level__isnull=True, state__in=[S.ACKNOWLEDGED, S.DECLINED]) & _over(
            scope, "round__unit_id"
        )
        waiting |= Q(state=S.APPEALED) & _over(scope, "round__unit_id")
    return EvaluationCase.objects.filter(waiting)


def rounds_waiting(user):
    employee = _acting(user)
    if employee is None:
        return EvaluationRound.objects.none()
    unreviewed = EvaluationCase.objects.filter(round=OuterRef("pk")).exclude(state=S.REVIEWED)
    waiting = Q(state="open", committee=employee, cases__isnull=False) & ~Exists(unreviewed)
    scope = _executive_scope(user)
    if scope != set():
        waiting |= Q(state="screened") & _over(scope, "unit_id")
    return EvaluationRound.objects.filter(waiting).distinct()


def case_step(case, employee) -> str:
    if case.state == S.AGREEMENT:
        return _("Agree to the performance agreement")
    if case.state in (S.AGREED, S.SELF_ASSESSED):
        return _("Score the evaluation")
    if case.state == S.SCORED:
        return _("Acknowledge the evaluation result")
    if case.state == S.APPEALED:
        return _("Decide the appeal")
    return _("Give the second-level opinion")


def evaluations_pending(user, *, limit) -> list[Task]:
    employee = _acting(user)
    if employee is None:
        return []
    kind = str(EvaluationCase._meta.verbose_name)
    cases = (
        cases_waiting(user)
        .select_related("person", "round")
        .order_by("round__ends_on", "pk")[:limit]
    )
    tasks = [
        Task(
            f"{case_step(case, employee)} · {case.person.full_name}",
            reverse("evaluations:case", args=[case.pk]),
            case.round.ends_on,
            kind,
        )
        for case in cases
    ]
    for round_ in rounds_waiting(user).order_by("ends_on", "pk")[:limit]:
        step = (
            _("Close the committee's review")
            if round_.state == "open"
            else _("Approve the evaluation results")
        )
        label = _("round %(round)s/%(year)s") % {"round": round_.number, "year": round_.fiscal_year}
        tasks.append(
            Task(f"{step} · {label}", reverse("evaluations:round", args=[round_.pk]), None, kind)
        )
    return tasks[:limit]


def evaluations_waiting(user) -> list:
    if _acting(user) is None:
        return []
    return [cases_waiting(user), rounds_waiting(user)]


workqueue.register(
    workqueue.Provider(
        "evaluations",
        gettext_lazy("Evaluation steps"),
        pending=evaluations_pending,
        waiting=evaluations_waiting,
        order=30,
    )
)
