"""A case's agreement, assessment and result: the person's and their evaluators' steps."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow import audit
from notifications.services import notify
from personnel.criteria_rules import HUNDRED, STEP
from workflows.errors import Conflict, Invalid

from .. import scoring
from ..models import AgreementItem, CaseState, IdpLine
from .steps import lock, may_approve, record_change, require_on_case, take

S = CaseState
EDITABLE = (S.AGREEMENT, S.AGREED, S.SELF_ASSESSED, S.SCORED)


def _refuse_final(case):
    if case.is_final():
        raise Conflict(_("The round's results are approved; the case can no longer be edited."))


def _decimal(value, what, field) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise Invalid(
            _("%(what)s: “%(value)s” is not a number.") % {"what": what, "value": value}, field
        )
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid(
            _("%(what)s: “%(value)s” is not a number.") % {"what": what, "value": value}, field
        ) from None
    if not number.is_finite() or number != number.quantize(STEP):
        raise Invalid(_("%(what)s: at most two decimals.") % {"what": what}, field)
    return number


def clean_items(case, items) -> list[dict]:
    """The agreement's indicators under the criteria's components; each component's weights
    total 100."""
    components = case.round.criteria.components
    if not isinstance(items, list) or not items:
        raise Invalid(_("List at least one indicator."), "items")
    clean, totals = [], [Decimal(0)] * len(components)
    for number, item in enumerate(items, start=1):
        what = _("Indicator %(n)s") % {"n": number}
        if not isinstance(item, dict):
            raise Invalid(
                _("%(what)s: give a component, a name and a weight.") % {"what": what}, "items"
            )
        component = item.get("component")
        if (
            isinstance(component, bool)
            or not isinstance(component, int)
            or not 0 <= component < len(components)
        ):
            raise Invalid(_("%(what)s: there is no such component.") % {"what": what}, "items")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise Invalid(_("%(what)s: a name is required.") % {"what": what}, "items")
        target = item.get("target", "")
        if not isinstance(target, str):
            raise Invalid(_("%(what)s: the target must be text.") % {"what": what}, "items")
        weight = _decimal(item.get("weight"), what, "items")
        if not 0 < weight <= HUNDRED:
            raise Invalid(
                _("%(what)s: the weight must be above 0 and at most 100.") % {"what": what}, "items"
            )
        totals[component] += weight
        clean.append(
            {
                "component": component,
                "name": name.strip()[:500],
                "target": target.strip(),
                "weight": weight,
            }
        )
    for component, total in zip(components, totals, strict=True):
        if total != HUNDRED:
            raise Invalid(
                _("The indicators of %(c)s total %(total)s; they must total 100.")
                % {"c": component["name"], "total": total.normalize()},
                "items",
            )
    return clean


def _snapshot(case):
    return [
        {
            "component": i.component,
            "name": i.name,
            "target": i.target,
            "weight": str(i.weight),
            "self_score": i.self_score and str(i.self_score),
            "score": i.score and str(i.score),
        }
        for i in case.items.all()
    ]


def agreement_set(case, *, by, items, ip=None):
    """Either side drafts or changes the agreement; a change of an agreed agreement starts its
    next version, which both must agree again."""
    with transaction.atomic():
        case = lock(case)
        require_on_case(case, by, "person", "evaluator")
        _refuse_final(case)
        if case.state not in EDITABLE or (case.state == S.SCORED and case.answered_at):
            raise Conflict(_("The result has been given; the agreement can no longer change."))
        clean = clean_items(case, items)
        before = _snapshot(case)
        if case.state != S.AGREEMENT:
            take(case, "reopen_agreement", by=by, ip=ip, note=_("The agreement is changed."))
        elif case.person_agreed_at or case.evaluator_agreed_at:
            case.person_agreed_at = case.evaluator_agreed_at = None
            case.save(update_fields=["person_agreed_at", "evaluator_agreed_at"])
        case.items.all().delete()
        AgreementItem.objects.bulk_create(
            AgreementItem(case=case, position=n, **item) for n, item in enumerate(clean)
        )
        record_change(
            case,
            _("Agreement changed"),
            by=by,
            ip=ip,
            data={"before": before, "after": _snapshot(case)},
        )
    return case


def agreement_agree(case, *, by, ip=None):
    """One side agrees (an acknowledgement in the chain); with both, the agreement is agreed."""
    with transaction.atomic():
        case = lock(case)
        employee = require_on_case(case, by, "person", "evaluator")
        _refuse_final(case)
        if case.state != S.AGREEMENT:
            raise Conflict(_("There is no agreement waiting to be agreed."))
        if not case.items.exists():
            raise Conflict(_("The agreement has no indicators yet."))
        now = timezone.now()
        side = "person_agreed_at" if employee.pk == case.person_id else "evaluator_agreed_at"
        if getattr(case, side):
            raise Conflict(_("You have already agreed to this agreement."))
        setattr(case, side, now)
        case.save(update_fields=[side])
        record_change(
            case,
            _("Agreement agreed by one side"),
            by=by,
            ip=ip,
            kind=audit.Kind.ACKNOWLEDGEMENT,
            data={"side": side, "version": case.version},
        )
        other = case.evaluator_id if side == "person_agreed_at" else case.person_id
        if case.person_agreed_at and case.evaluator_agreed_at:
            case.agreed_at = now
            take(case, "agree", by=by, ip=ip)
            notify(
                [case.person_id, case.evaluator_id],
                subject=_("The performance agreement is agreed: %(person)s")
                % {"person": case.person},
                key=f"eval-case:{case.pk}:agreed:{case.version}",
            )
        elif other:
            notify(
                [other],
                subject=_("Please agree the performance agreement: %(person)s")
                % {"person": case.person},
                key=f"eval-case:{case.pk}:agree:{case.version}:{side}",
            )
    return case


def clean_scores(case, scores, what_field) -> dict[int, tuple[Decimal, str]]:
    """{item id: {"score": n, "comment": "…"}} for every item, each on the round's scale."""
    items = {item.pk: item for item in case.items.all()}
    if not isinstance(scores, dict) or set(map(str, scores)) != set(map(str, items)):
        raise Invalid(_("Score every indicator of the agreement."), what_field)
    clean = {}
    for key, value in scores.items():
        value = value if isinstance(value, dict) else {"score": value}
        item = items[int(key)]
        number = _decimal(value.get("score"), item.name, what_field)
        if not 1 <= number <= case.round.scale_max or number != number.to_integral_value():
            raise Invalid(
                _("%(item)s: the score must be a whole number from 1 to %(max)s.")
                % {"item": item.name, "max": case.round.scale_max},
                what_field,
            )
        comment = value.get("comment", "")
        clean[item.pk] = (number, comment if isinstance(comment, str) else "")
    return clean


def self_assess(case, *, by, scores, ip=None):
    with transaction.atomic():
        case = lock(case)
        require_on_case(case, by, "person")
        _refuse_final(case)
        clean = clean_scores(case, scores, "scores")
        items = list(case.items.all())
        for item in items:
            item.self_score = clean[item.pk][0]
        AgreementItem.objects.bulk_update(items, ["self_score"])
        take(case, "self_assess", by=by, ip=ip)
        record_change(
            case,
            _("Self-assessment"),
            by=by,
            ip=ip,
            data={
                "self_scores": {i.pk: str(i.self_score) for i in items},
                "names": {i.pk: i.name for i in items},
            },
        )
    return case


def apply_scores(case, clean):
    """Write the items' scores and the computed result; the before/after for the chain."""
    items = list(case.items.all())
    before = {
        "scores": {i.pk: i.score and str(i.score) for i in items},
        "total": case.total and str(case.total),
        "level": case.level,
    }
    for item in items:
        item.score, comment = clean[item.pk]
        item.comment = comment or item.comment
    AgreementItem.objects.bulk_update(items, ["score", "comment"])
    result = scoring.compute(
        case.round.criteria.components,
        case.round.criteria.levels,
        [(i.component, i.weight, i.score) for i in items],
        case.round.scale_max,
    )
    case.component_scores = [str(s) for s in result.components]
    case.total, case.level = result.total, result.level
    after = {
        "scores": {i.pk: str(i.score) for i in items},
        "total": str(result.total),
        "level": result.level,
    }
    # Names with the ids: an agreement changed later replaces its items, and the auditor's
    # timeline still reads which indicator a score was for.
    return {"before": before, "after": after, "names": {i.pk: i.name for i in items}}


def case_score(case, *, by, scores, idp=(), ip=None):
    """The evaluator scores every indicator; HRFlow computes the result; one IDP line or more."""
    with transaction.atomic():
        case = lock(case)
        employee = require_on_case(case, by, "evaluator")
        if employee.pk == case.person_id:
            raise Invalid(_("Nobody evaluates themself."))
        _refuse_final(case)
        clean = clean_scores(case, scores, "scores")
        lines = [line.strip() for line in idp if isinstance(line, str) and line.strip()]
        if not lines and not case.idp_lines.exists():
            raise Invalid(_("Write at least one line of the development plan."), "idp")
        diff = apply_scores(case, clean)
        case.scored_at = timezone.now()
        take(case, "score", by=by, ip=ip)
        IdpLine.objects.bulk_create(IdpLine(case=case, text=line, by=by) for line in lines)
        record_change(case, _("Scored"), by=by, ip=ip, data={**diff, "idp": lines})
        notify(
            [case.person_id],
            subject=_("Your evaluation result is ready to acknowledge."),
            key=f"eval-case:{case.pk}:scored:{case.scored_at.timestamp()}",
        )
    return case


def result_acknowledge(case, *, by, ip=None):
    with transaction.atomic():
        case = lock(case)
        require_on_case(case, by, "person")
        case.answered_at = timezone.now()
        take(case, "acknowledge", by=by, ip=ip)
        _tell_second_level(case)
    return case


def result_decline(case, *, by, witness, note="", ip=None):
    """The person declined to sign: the evaluator records it with a witness's name."""
    witness = (witness or "").strip()
    with transaction.atomic():
        case = lock(case)
        require_on_case(case, by, "evaluator")
        if not witness:
            raise Invalid(_("Name the witness."), "witness")
        case.answered_at, case.witness = timezone.now(), witness[:300]
        take(case, "decline", by=by, ip=ip, note=(note or "").strip())
        _tell_second_level(case)
    return case


def _tell_second_level(case):
    if case.second_level_id:
        notify(
            [case.second_level_id],
            subject=_("An evaluation waits for your opinion: %(person)s") % {"person": case.person},
            key=f"eval-case:{case.pk}:answered:{case.answered_at.timestamp()}",
        )


def second_level_review(case, *, by, scores=None, reason="", ip=None):
    """The second level agrees, or gives other scores with a reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        case = lock(case)
        if case.second_level_id is not None or not may_approve(by, case.round):
            # Nobody above the evaluator (they head the top unit): an executive over the
            # round's unit gives the second-level opinion, so the case is not stuck.
            require_on_case(case, by, "second_level")
        if case.state not in (S.ACKNOWLEDGED, S.DECLINED):
            raise Conflict(_("The result has not been given to the person yet."))
        data = {"agrees": scores is None}
        if scores is not None:
            if not reason:
                raise Invalid(_("Give the reason for the different score."), "reason")
            data.update(apply_scores(case, clean_scores(case, scores, "scores")))
        case.second_level_note = reason
        take(case, "review", by=by, ip=ip, note=reason)
        record_change(case, _("Second-level opinion"), by=by, ip=ip, data=data)
    return case
