"""The names HR announced at the top two levels (ดีเด่น, ดีมาก) of an approved evaluation round
whose announcement HR chose to put on the public page (EvaluationRound.announce_public): one
public item per round, under the round's fiscal year. Names and level only — no score, unit,
position or anything else of a case (public/registry.py's contract: `get` is the gate)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import EvaluationCase, EvaluationRound, RoundState
from evaluations.services.rounds import top_level_names

from . import registry

SLUG = "evaluation-results"


def _public_rounds():
    return EvaluationRound.objects.filter(
        state=RoundState.APPROVED, announce_public=True, announced_at__isnull=False
    ).select_related("unit")


def _item(round_, names=None) -> registry.PublicItem:
    return registry.PublicItem(
        kind=SLUG,
        pk=round_.pk,
        title=_("Excellent and very good results, round %(round)s/%(year)s, %(unit)s")
        % {"round": round_.number, "year": round_.fiscal_year, "unit": round_.unit.name},
        fiscal_year=round_.fiscal_year,
        published_at=round_.announced_at,
        template="public/kinds/evaluation-results.html",
        object=names,
    )


def years():
    return set(_public_rounds().values_list("fiscal_year", flat=True))


def items(fiscal_year):
    return [
        _item(r) for r in _public_rounds().filter(fiscal_year=fiscal_year).order_by("number", "pk")
    ]


def announced_names(round_) -> list[dict]:
    """[{"level": "ดีเด่น", "names": ["…", …]}, …] in the criteria's order of levels."""
    top = top_level_names(round_)
    people = (
        EvaluationCase.objects.filter(round=round_, level__in=top)
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "pk")
    )
    by_level = {level: [] for level in top}
    for case in people:
        by_level[case.level].append(case.person.full_name)
    return [{"level": level, "names": names} for level, names in by_level.items() if names]


def get(pk):
    round_ = _public_rounds().select_related("criteria").filter(pk=pk).first()
    if round_ is None:
        return None
    return _item(round_, announced_names(round_))


def register():
    registry.register(
        registry.PublicKind(
            slug=SLUG,
            label=gettext_lazy("Announced evaluation results"),
            years=years,
            items=items,
            get=get,
            order=35,
        )
    )
