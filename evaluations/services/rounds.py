"""Opening a round, its evaluators, its committee, approval and the announcement."""

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow import sql_paths
from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.models import Department, Employee, nearest_heads
from notifications.services import notify
from personnel.criteria_rules import RuleError, clean_levels
from personnel.models import EvaluationCriteria
from workflows.models import State

from ..models import CaseState, EvaluationCase, EvaluationRound
from . import postgres
from .steps import employee_of, lock, may_approve, record_change, require_hr, take

TOP_LEVELS = 2  # ดีเด่น and ดีมาก: the names announced


def evaluators_for(person, chains) -> tuple[int | None, int | None]:
    """The person's evaluator and second level from the organisation tree: the nearest head
    above them who is not themself (a head is evaluated by the head of the unit above), and
    the next head above that one."""
    heads = [head for head in chains.get(person.unit_id, []) if head != person.pk]
    heads = list(dict.fromkeys(heads))
    return (heads[0] if heads else None), (heads[1] if len(heads) > 1 else None)


def people_in_scope(round_):
    units = Department.objects.get(pk=round_.unit_id).descendant_ids()
    return Employee.objects.filter(
        unit_id__in=units,
        user__is_active=True,
        employment_type__in=round_.criteria.employment_types,
    ).order_by("pk")


def _check_number(value, low, high, field, what):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(
            _("%(what)s must be a whole number from %(low)s to %(high)s.")
            % {"what": what, "low": low, "high": high},
            field,
        )


def round_open(*, by, criteria, unit, committee=(), scale_max=5, appeal_days=30, ip=None):
    """HR opens a round for a unit's staff from published criteria: one case per person, each
    evaluator told to draft the agreement. Returns the round and its cases (a query, in the
    order of the people's ids: a caller that does not read them does not load them)."""
    require_hr(by)
    if not isinstance(criteria, EvaluationCriteria) or criteria.state != State.PUBLISHED:
        raise Invalid(_("Choose published evaluation criteria."), "criteria")
    try:
        clean_levels(criteria.levels)
    except RuleError as error:
        raise Invalid(error.message, "criteria") from None
    _check_number(scale_max, 2, 10, "scale_max", _("The top of the scale"))
    _check_number(appeal_days, 1, 365, "appeal_days", _("The days to appeal"))
    start, end = criteria.round_bounds(criteria.fiscal_year, criteria.round)
    with transaction.atomic():
        round_ = EvaluationRound.objects.create(
            criteria=criteria,
            fiscal_year=criteria.fiscal_year,
            number=criteria.round,
            starts_on=start,
            ends_on=end,
            **EvaluationRound.default_deadlines(start, end),
            unit=unit,
            scale_max=scale_max,
            appeal_days=appeal_days,
            opened_by=by,
        )
        _set_committee(round_, committee)
        record_change(round_, _("Round opened"), by=by, ip=ip, data={"unit": unit.pk})
        _open_cases(round_, by=by)
    return round_, round_.cases.order_by("pk")


def round_add_newcomers(round_, *, by) -> list[EvaluationCase]:
    """People who joined the scope after the round opened get their case (as ask-newcomers)."""
    require_hr(by)
    with transaction.atomic():
        round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
        if round_.state != "open":
            raise Conflict(_("The committee has closed its review; no case can be added."))
        ids = _open_cases(round_, by=by)
    return list(EvaluationCase.objects.filter(pk__in=ids).order_by("pk"))


def _open_cases(round_, *, by) -> list[int]:
    chains = nearest_heads()
    if sql_paths.in_database():  # one INSERT … SELECT however many people
        units = Department.objects.get(pk=round_.unit_id).descendant_ids()
        heads = {unit: list(dict.fromkeys(chains.get(unit, []))) for unit in sorted(units)}
        cases = postgres.insert_cases(round_, heads)
    else:
        cases = [(c.pk, c.person_id, c.evaluator_id) for c in _build_cases(round_, chains)]
    by_evaluator = Counter(evaluator for _case, _person, evaluator in cases if evaluator)
    people = [person for _case, person, _evaluator in cases]
    subject = _("Evaluation round %(round)s/%(year)s: draft the performance agreements") % {
        "round": round_.number,
        "year": round_.fiscal_year,
    }
    # One outbox write per distinct number of people, not one per evaluator: a round of
    # 10,000 has a few hundred evaluators but only a handful of different counts.
    by_count: dict[int, list[int]] = {}
    for evaluator, count in by_evaluator.items():
        by_count.setdefault(count, []).append(evaluator)
    for count, evaluators in by_count.items():
        notify(
            evaluators,
            subject=subject,
            text=_("%(n)s people to evaluate.") % {"n": count},
            key=f"eval-round:{round_.pk}:open:{count}",
        )
    notify(people, subject=subject, key=f"eval-round:{round_.pk}:open")
    record_change(round_, _("Cases opened"), by=by, data={"people": people})
    return [case for case, _person, _evaluator in cases]


def _build_cases(round_, chains) -> list[EvaluationCase]:
    # Someone already evaluated in this fiscal year's round (another scope) is not twice.
    taken = EvaluationCase.objects.filter(
        round__fiscal_year=round_.fiscal_year, round__number=round_.number
    ).values("person_id")
    cases = []
    for person in people_in_scope(round_).exclude(pk__in=taken):
        evaluator, second = evaluators_for(person, chains)
        cases.append(
            EvaluationCase(
                round=round_, person=person, evaluator_id=evaluator, second_level_id=second
            )
        )
    return EvaluationCase.objects.bulk_create(cases)


def case_set_evaluator(case, *, by, evaluator, reason, ip=None):
    """HR puts another evaluator on a case, with the reason kept in the chain."""
    require_hr(by)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for choosing another evaluator."), "reason")
    with transaction.atomic():
        case = lock(case)
        if evaluator.pk == case.person_id:
            raise Invalid(_("Nobody evaluates themself."), "evaluator")
        if case.state not in (CaseState.AGREEMENT, CaseState.AGREED, CaseState.SELF_ASSESSED):
            raise Conflict(_("The case has been scored; its evaluator can no longer change."))
        before = case.evaluator_id
        case.evaluator, case.evaluator_reason = evaluator, reason
        case.save(update_fields=["evaluator", "evaluator_reason"])
        record_change(
            case,
            _("Evaluator changed"),
            by=by,
            ip=ip,
            data={"evaluator": [before, evaluator.pk], "reason": reason},
        )
    return case


def _set_committee(round_, members):
    round_.committee.set([member.pk for member in members])


def committee_set(round_, *, by, members):
    require_hr(by)
    with transaction.atomic():
        round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
        if round_.state != "open":
            raise Conflict(_("The committee has closed its review."))
        _set_committee(round_, members)
        record_change(round_, _("Committee set"), by=by, data={"members": [m.pk for m in members]})
    return round_


def _require_committee(round_, user, case=None):
    employee = employee_of(user)
    if employee is None or not round_.committee.filter(pk=employee.pk).exists():
        raise Forbidden(_("Only the round's screening committee may do this."))
    if case is not None and case.person_id == employee.pk:
        raise Forbidden(_("A committee member does not screen their own evaluation."))


def committee_send_back(case, *, by, reason, ip=None):
    reason = (reason or "").strip()
    with transaction.atomic():
        case = lock(case)
        _require_committee(case.round, by, case)
        if not reason:
            raise Invalid(_("Please give a reason."), "reason")
        take(case, "send_back", by=by, note=reason, ip=ip)
    if case.evaluator_id:
        notify(
            [case.evaluator_id],
            subject=_("The screening committee sent an evaluation back: %(person)s")
            % {"person": case.person},
            text=reason,
            key=f"eval-case:{case.pk}:sent-back:{timezone.now().timestamp()}",
        )
    return case


def committee_close(round_, *, by, ip=None):
    """The committee closes its review: every case must have passed the second level."""
    with transaction.atomic():
        round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
        _require_committee(round_, by)
        if round_.state != "open":
            raise Conflict(_("The committee has already closed its review."))
        waiting = round_.cases.exclude(state=CaseState.REVIEWED).count()
        if waiting:
            raise Conflict(
                _("%(n)s cases have not passed the second-level review yet.") % {"n": waiting}
            )
        for case in round_.cases.select_for_update().select_related("person"):
            take(case, "screen", by=by, ip=ip)
        round_.screened_at = timezone.now()
        take(round_, "close_review", by=by, ip=ip)
    return round_


def round_approve(round_, *, by, ip=None):
    """The executive approves the round's results; each person is told."""
    if not may_approve(by, round_):
        raise Forbidden(_("Only an executive over the round's unit approves its results."))
    with transaction.atomic():
        round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
        if round_.state != "screened":
            raise Conflict(_("The committee has not closed its review yet."))
        now = timezone.now()
        cases = list(round_.cases.select_for_update().select_related("person"))
        for case in cases:
            case.approved_at = now
            take(case, "approve", by=by, ip=ip)
        round_.approved_at, round_.approved_by = now, by
        take(round_, "approve", by=by, ip=ip)
        notify(
            [case.person_id for case in cases],
            subject=_("Your evaluation result of round %(round)s/%(year)s is approved.")
            % {"round": round_.number, "year": round_.fiscal_year},
            key=f"eval-round:{round_.pk}:approved",
        )
    return round_


def top_level_names(round_) -> list[str]:
    return [str(level["name"]) for level in round_.criteria.levels[:TOP_LEVELS]]


def round_announce(round_, *, by, public=False, ip=None):
    """HR announces the names at the top two levels to the staff of the round's scope."""
    require_hr(by)
    with transaction.atomic():
        round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
        if round_.state != "approved":
            raise Conflict(_("Only approved results are announced."))
        cases = round_.cases.filter(level__in=top_level_names(round_)).select_related("person")
        lines = [f"{case.person} — {case.level}" for case in cases]
        round_.announced_at, round_.announce_public = timezone.now(), bool(public)
        round_.save(update_fields=["announced_at", "announce_public"])
        record_change(round_, _("Results announced"), by=by, ip=ip, data={"names": lines})
        notify(
            list(people_in_scope(round_).values_list("pk", flat=True)),
            subject=_("Announcement: excellent and very good results of round %(round)s/%(year)s")
            % {"round": round_.number, "year": round_.fiscal_year},
            text="\n".join(lines),
            key=f"eval-round:{round_.pk}:announced",
        )
    return round_
