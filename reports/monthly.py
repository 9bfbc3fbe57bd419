"""The monthly series of the report's statements (reports.computations): counted in one grouped
query over the fiscal year's months, October to September, and drawn as columns on the report's
page (hrflow.charts) from the numbers the report froze, so the page asks nothing more."""

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow import charts
from hrflow.thai import MONTHS_TH_SHORT, be_year


def label(year, month) -> str:
    return f"{MONTHS_TH_SHORT[month - 1]} {be_year(dt.date(year, month, 1))}"


def months(start, end) -> list[tuple[int, int]]:
    """(year, month) of every month from start's to end's."""
    found, day = [], start.replace(day=1)
    while day <= end:
        found.append((day.year, day.month))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return found


def counts(queryset, field) -> Counter:
    """How many rows of `queryset` fall in each (local) month of the datetime `field`: one
    grouped query, whatever the number of rows or months."""
    grouped = (
        queryset.annotate(month=TruncMonth(field, tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({(row["month"].year, row["month"].month): row["n"] for row in grouped})


def series(of: str, counted: Counter, start, end) -> dict:
    """A statement's numbers["monthly"]: what is counted and its count in every month of the
    year, months still to come as 0: {"of": "…", "per_month": {"2024-10": 3, …}}."""
    return {"of": of, "per_month": {f"{y}-{m:02d}": counted[(y, m)] for y, m in months(start, end)}}


def chart(numbers: dict, fiscal_year: int) -> charts.Chart | None:
    """The statement's monthly series as columns (Thai month abbreviations), None without one
    (a statement by round, or a report built before statements had them)."""
    monthly = numbers.get("monthly")
    if not monthly or not monthly.get("per_month"):
        return None
    points = [
        (MONTHS_TH_SHORT[int(key[5:7]) - 1], int(value))
        for key, value in sorted(monthly["per_month"].items())
    ]
    total = sum(value for _label, value in points)
    most_label, most = max(points, key=lambda point: point[1])
    values = {
        "of": monthly["of"], "year": fiscal_year, "total": total, "month": most_label,
        "most": most, "listing": ", ".join(f"{name} {value}" for name, value in points),
    }  # fmt: skip
    if total:
        summary = _(
            "%(of)s per month, fiscal year %(year)s (October to September): %(total)s in all, "
            "most in %(month)s (%(most)s); %(listing)s."
        )
    else:
        summary = _("%(of)s per month, fiscal year %(year)s (October to September): none.")
    return charts.columns("monthly", summary % values, points, caption=monthly["of"])


def trends(measures: list[dict], fiscal_year: int) -> list[tuple[dict, list[charts.Chart]]]:
    """A report's measures (IntegrityReport.measures), each with the monthly charts of its
    computed statements."""
    return [
        (
            measure,
            [
                drawn
                for activity in measure["activities"]
                if (drawn := chart(activity.get("numbers") or {}, fiscal_year))
            ],
        )
        for measure in measures
    ]
