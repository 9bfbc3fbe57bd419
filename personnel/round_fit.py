"""Whether evaluation criteria fit a round: they rate with the agency's level scheme (unless
the scheme allows other levels), and one published criteria covers a round × employment type —
a new version superseding the old one takes its place. Checked at submit and publish
(EvaluationCriteria.check_step, inside the engine's transaction)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from hrflow.errors import Conflict, Invalid
from hrflow.models import Employee
from workflows.models import State

from .models.scheme import LevelScheme


def _bands(levels) -> list[tuple[str, Decimal, Decimal]]:
    return [
        (str(level.get("name", "")).strip(), Decimal(str(level["min"])), Decimal(str(level["max"])))
        for level in levels or []
    ]


def describe_levels(levels) -> str:
    return ", ".join(
        f"{name} {low.normalize():f}–{high.normalize():f}" for name, low, high in _bands(levels)
    )


def check_levels(criteria, scheme=None):
    """400 unless the criteria's levels are the scheme's (names and bands), or the scheme
    allows other levels."""
    scheme = scheme or LevelScheme.current()
    if scheme.allow_other_levels or _bands(criteria.levels) == _bands(scheme.levels):
        return
    raise Invalid(
        _(
            "The rating levels of these criteria (%(theirs)s) differ from the agency's level "
            "scheme (%(scheme)s). Use the scheme's levels, or ask the administrator to allow "
            "other levels."
        )
        % {"theirs": describe_levels(criteria.levels), "scheme": describe_levels(scheme.levels)},
        "levels",
    )


def covering(criteria):
    """The other published criteria of the same round that cover one of its employment types
    (the version it supersedes aside: publishing this one archives it)."""
    others = (
        type(criteria)
        .objects.filter(
            fiscal_year=criteria.fiscal_year, round=criteria.round, state=State.PUBLISHED
        )
        .exclude(pk=criteria.pk)
        .order_by("pk")
    )
    if criteria.supersedes_id:
        others = others.exclude(pk=criteria.supersedes_id)
    mine = set(criteria.employment_types)
    return [other for other in others if mine & set(other.employment_types)]


def check_one_per_round(criteria):
    """409 naming the published criteria that already cover this round and employment type."""
    taken = covering(criteria)
    if not taken:
        return
    other = taken[0]
    labels = dict(Employee.EmploymentType.choices)
    types = [
        str(labels.get(t, t)) for t in criteria.employment_types if t in other.employment_types
    ]
    raise Conflict(
        _(
            "“%(other)s” (version %(version)s) is already published for round %(round)s/%(year)s "
            "and %(types)s. Publish these as a new version of it, or withdraw it first."
        )
        % {
            "other": other.title,
            "version": other.version,
            "round": criteria.round,
            "year": criteria.fiscal_year,
            "types": ", ".join(types),
        }
    )


def check_fits_round(criteria, name):
    """The kind's own rules of a step: levels at submit and publish, one per round × type at
    publish (with the scheme's row held, so two publishes cannot both pass the check)."""
    if name not in ("submit", "publish"):
        return
    scheme = LevelScheme.current(lock=name == "publish")
    check_levels(criteria, scheme)
    if name == "publish":
        check_one_per_round(criteria)
