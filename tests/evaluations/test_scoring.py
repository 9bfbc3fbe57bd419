"""Scores and levels equal an independent computation from the criteria: exact fractions,
rounded half up once per component and once for the total, bands read directly."""

from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from evaluations import scoring
from personnel.criteria_rules import clean_levels

CENT = Fraction(1, 100)


def cents_summing_to_100(draw, low=1, high=5):
    """A list of weights in hundredths (two decimals) that total exactly 100."""
    count = draw(st.integers(low, high))
    cuts = sorted(
        draw(st.lists(st.integers(1, 9999), min_size=count - 1, max_size=count - 1, unique=True))
    )
    edges = [0, *cuts, 10000]
    return [Fraction(b - a, 100) for a, b in pairwise(edges)]


def round_half_up(value: Fraction) -> Fraction:
    hundredths = value / CENT
    whole = hundredths.numerator // hundredths.denominator
    if hundredths - whole >= Fraction(1, 2):
        whole += 1
    return whole * CENT


@st.composite
def evaluations(draw):
    component_weights = cents_summing_to_100(draw, 1, 4)
    scale = draw(st.integers(2, 10))
    components, items = [], []
    for index, weight in enumerate(component_weights):
        components.append({"name": f"c{index}", "weight": float(weight)})
        for item_weight in cents_summing_to_100(draw, 1, 5):
            items.append((index, item_weight, draw(st.integers(1, scale))))
    # Bands: 1–6 levels, cut at distinct scores in hundredths, highest first.
    cuts = sorted(draw(st.lists(st.integers(1, 9999), max_size=5, unique=True)))
    lows = [0, *cuts]
    highs = [cut - 1 for cut in cuts] + [10000]
    levels = [
        {"name": f"L{n}", "min": low / 100, "max": high / 100}
        for n, (low, high) in enumerate(zip(lows, highs, strict=True))
    ][::-1]
    return components, levels, items, scale


@settings(max_examples=300, deadline=None)
@given(evaluations())
def test_scores_and_levels_equal_an_independent_computation(example):
    components, levels, items, scale = example
    assert clean_levels(levels)  # the criteria's own validation accepts these bands

    sums = [Fraction(0)] * len(components)
    for index, weight, score in items:
        sums[index] += weight * score / scale
    expected_components = [round_half_up(value) for value in sums]
    expected_total = round_half_up(
        sum(
            (
                Fraction(str(c["weight"])) * s / 100
                for c, s in zip(components, expected_components, strict=True)
            ),
            Fraction(0),
        )
    )
    expected_level = next(
        level["name"]
        for level in levels
        if Fraction(str(level["min"])) <= expected_total <= Fraction(str(level["max"]))
    )

    result = scoring.compute(
        components,
        levels,
        [
            (index, Decimal(weight.numerator) / Decimal(weight.denominator), score)
            for index, weight, score in items
        ],
        scale,
    )
    assert [Fraction(value) for value in result.components] == expected_components
    assert Fraction(result.total) == expected_total
    assert result.level == expected_level
    assert 0 <= result.total <= 100


def test_a_component_exactly_on_a_half_rounds_up_whatever_the_scale():
    # 13.3·5/6 + 42.52·5/6 + 23.15·1/6 + 21.03·2/6 = 57.385 exactly; dividing item by item
    # rounded each term and the sum fell a hair short, to 57.38.
    items = [(0, Decimal("13.3"), 5), (0, Decimal("42.52"), 5), (0, Decimal("23.15"), 1),
             (0, Decimal("21.03"), 2)]  # fmt: skip
    levels = [{"name": "all", "min": 0, "max": 100}]
    result = scoring.compute([{"weight": 100}], levels, items, 6)
    assert result.components == (Decimal("57.39"),)
