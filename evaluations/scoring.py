"""The one scoring function: from the items' weights and scores to the component scores, the
total and the level, with the criteria's own bands (workflows.criteria_rules.level_for, the
function the criteria's validation of its levels is written against). Pages, services, exports
and the report all call `compute`, so a score cannot read one way in one place and another way
elsewhere.

An item scored s on a scale 1..m is worth s/m of its weight; a component's score (0–100) is its
items' weighted sum; the total (0–100) is the components' sum weighted by the criteria's
component weights. Everything is Decimal, rounded half up to two decimals once, at the end of
each component and of the total, as the paper form does.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from personnel.criteria_rules import HUNDRED, STEP, level_for


@dataclass(frozen=True)
class Result:
    components: tuple[Decimal, ...]  # each 0–100, in the criteria's order
    total: Decimal
    level: str


def _round(value: Decimal) -> Decimal:
    return value.quantize(STEP, rounding=ROUND_HALF_UP)


def compute(components, levels, items, scale_max) -> Result:
    """`components`: the criteria's [{"weight": …}, …]; `levels`: its bands; `items`: an
    iterable of (component index, item weight, score) with each component's item weights
    totalling 100 (the agreement's rule); `scale_max`: the top of the scale."""
    scale = Decimal(scale_max)
    sums = [Decimal(0)] * len(components)
    for index, weight, score in items:
        sums[index] += Decimal(str(weight)) * Decimal(str(score))  # exact: no division yet
    # One division per component: dividing each item by a scale of 3 or 7 would round every
    # term, and their sum could land a hair below an exact half (30.085 → 30.08).
    scores = tuple(_round(value / scale) for value in sums)
    total = _round(
        sum(
            (
                Decimal(str(c["weight"])) * s / HUNDRED
                for c, s in zip(components, scores, strict=True)
            ),
            Decimal(0),
        )
    )
    return Result(components=scores, total=total, level=level_for(levels, total))
