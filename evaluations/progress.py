"""What HR and the committee read about a round: cases per step, overdue and the level
distribution by unit — a fixed number of queries however many cases the round has."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hrflow import charts

from .models import CaseState, EvaluationCase

S = CaseState
# Each of the round's deadlines and the states a case waits in for it (evaluations.reminders
# reminds and escalates over the same table).
DEADLINES = (
    ("agreement_due", (S.AGREEMENT,)),
    ("assessment_due", (S.AGREED, S.SELF_ASSESSED)),
    ("result_due", (S.SCORED, S.ACKNOWLEDGED, S.DECLINED)),
)


def overdue_filter(round_, today) -> Q | None:
    late = [
        Q(state__in=states)
        for field, states in DEADLINES
        if getattr(round_, field) is not None and today > getattr(round_, field)
    ]
    if not late:
        return None
    combined = late[0]
    for more in late[1:]:
        combined |= more
    return combined


def round_progress(round_, today) -> dict:
    cases = EvaluationCase.objects.filter(round=round_)
    counts = dict(cases.values_list("state").annotate(n=Count("pk")).order_by())
    steps = [(state, label, counts.get(state, 0)) for state, label in S.choices]
    levels = [level["name"] for level in round_.criteria.levels]
    late = overdue_filter(round_, today)
    units: dict[int, dict] = {}
    rows = (
        cases.values("person__unit_id", "person__unit__name", "level")
        .annotate(n=Count("pk"), late=Count("pk", filter=late) if late else Count(None))
        .order_by("person__unit__name")
    )
    for row in rows:
        unit = units.setdefault(
            row["person__unit_id"],
            {"unit": row["person__unit__name"], "total": 0, "overdue": 0,
             "levels": dict.fromkeys(levels, 0), "unscored": 0},
        )  # fmt: skip
        unit["total"] += row["n"]
        unit["overdue"] += row["late"]
        if row["level"] in unit["levels"]:
            unit["levels"][row["level"]] += row["n"]
        else:
            unit["unscored"] += row["n"]
    for unit in units.values():
        unit["level_counts"] = [unit["levels"][name] for name in levels]
    return {
        "total": sum(counts.values()),
        "steps": steps,
        "levels": levels,
        "units": list(units.values()),
        "overdue": sum(unit["overdue"] for unit in units.values()),
        # the round's distribution of levels: the units' counts summed, no query more
        "level_totals": [
            (name, sum(unit["levels"][name] for unit in units.values())) for name in levels
        ],
        "unscored": sum(unit["unscored"] for unit in units.values()),
    }


def levels_chart(progress) -> charts.Chart:
    """The distribution of levels of `round_progress` as bars: each level's cases, and those
    not scored yet, in counts and in shares of the round's cases."""
    total = progress["total"]
    points = [(name, n, "brand") for name, n in progress["level_totals"]]
    points.append((_("Not scored"), progress["unscored"], "muted"))
    rows, words = [], []
    for name, n, tone in points:
        text = _("%(count)s people (%(share)s)") % {"count": n, "share": charts.share(n, total)}
        rows.append(charts.Row(name, [charts.Bar(n, total, text, tone)]))
        words.append(f"{name} {text}")
    listing = " · ".join(words)
    summary = _("Levels of the round's %(total)s cases: %(listing)s.") % {
        "total": total,
        "listing": listing,
    }
    return charts.bars("levels", summary, rows, [listing])


def progress_rows(round_, today) -> list[list]:
    """The export: one line per unit, numbers as numbers."""
    progress = round_progress(round_, today)
    head = [_("Unit"), _("Cases"), _("Overdue"), *progress["levels"], _("Not scored")]
    return [head] + [
        [u["unit"], u["total"], u["overdue"], *u["level_counts"], u["unscored"]]
        for u in progress["units"]
    ]
