"""What a case's agreement and scores may hold, and writing the scores with the computed
result: the rules every write path of a case (the steps, the second level, an appeal's
decision) applies the same way."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from hrflow.errors import Invalid
from personnel.criteria_rules import HUNDRED, STEP

from .. import scoring
from ..models import AgreementItem


def decimal_of(value, what, field) -> Decimal:
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
        weight = decimal_of(item.get("weight"), what, "items")
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


def snapshot(case):
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


def clean_scores(case, scores, what_field) -> dict[int, tuple[Decimal, str]]:
    """{item id: {"score": n, "comment": "…"}} for every item, each on the round's scale."""
    items = {item.pk: item for item in case.items.all()}
    if not isinstance(scores, dict) or set(map(str, scores)) != set(map(str, items)):
        raise Invalid(_("Score every indicator of the agreement."), what_field)
    clean = {}
    for key, value in scores.items():
        value = value if isinstance(value, dict) else {"score": value}
        item = items[int(key)]
        number = decimal_of(value.get("score"), item.name, what_field)
        if not 1 <= number <= case.round.scale_max or number != number.to_integral_value():
            raise Invalid(
                _("%(item)s: the score must be a whole number from 1 to %(max)s.")
                % {"item": item.name, "max": case.round.scale_max},
                what_field,
            )
        comment = value.get("comment", "")
        clean[item.pk] = (number, comment if isinstance(comment, str) else "")
    return clean


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
