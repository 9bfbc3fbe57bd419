"""The report's monthly series: counted in one grouped query whatever the records, frozen with the
report, and drawn on the report's page from the frozen numbers."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrflow.thai import fiscal_year_bounds
from meetings.models import Suggestion
from reports import computations
from reports.models import IntegrityReport
from tests.charts import bars_of, charts_in, texts_of
from tests.meetings import office_series

from .conftest import YEAR, build


def suggestions_in(org, months):
    """One suggestion submitted at noon on the 15th of each (year, month) given."""
    series = office_series(org)
    Suggestion.objects.all().delete()
    for year, month in months:
        made = Suggestion.objects.create(series=series, submitted_by=org.employee, text="ข้อเสนอ")
        noon = dt.datetime(year, month, 15, 12, tzinfo=timezone.get_current_timezone())
        Suggestion.objects.filter(pk=made.pk).update(created_at=noon)


def test_the_monthly_series_costs_the_same_queries_for_one_record_or_many(org):
    start, end = fiscal_year_bounds(YEAR)
    fiscal = [(2025 + (m < 10), m) for m in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)]
    counts = []
    for months in ([(2025, 11)], fiscal * 3):
        suggestions_in(org, months)
        with CaptureQueriesContext(connection) as queries:
            statement = computations.suggestions(start, end)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    per_month = statement.numbers["monthly"]["per_month"]
    assert list(per_month) == [f"{y}-{m:02d}" for y, m in fiscal] and set(per_month.values()) == {3}
    assert statement.numbers["received"] == 36


def test_the_report_page_draws_each_statements_months_from_the_frozen_numbers(org, as_):
    suggestions_in(org, [(2025, 10), (2025, 10), (2026, 1)])
    report = build(org)
    series = [
        activity["numbers"]["monthly"]
        for measure in report.measures
        for activity in measure["activities"]
        if "monthly" in activity.get("numbers", {})
    ]
    assert {monthly["of"] for monthly in series} >= {"ข้อเสนอแนะที่ได้รับ (เรื่อง)"}
    page = as_(org.clerk).get(reverse("reports:detail", args=[report.pk])).content.decode()
    drawn = charts_in(page, "monthly")
    assert len(drawn) == len(series)
    [suggestions] = [
        chart for chart in drawn if chart.get("aria-label").startswith("ข้อเสนอแนะที่ได้รับ")
    ]
    assert texts_of(suggestions)[1::2][:4] == ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค."]
    heights = [float(height) for _tone, _width, height in bars_of(suggestions)]
    assert heights == [110, 0, 0, 55, 0, 0, 0, 0, 0, 0, 0, 0]  # October twice, January once

    # What the page draws is the report's, not today's records: a new suggestion changes nothing.
    suggestions_in(org, [(2026, 5)])
    again = as_(org.clerk).get(reverse("reports:detail", args=[report.pk])).content.decode()

    def drawing(html):
        return [(c.get("aria-label"), bars_of(c)) for c in charts_in(html, "monthly")]

    assert drawing(again) == drawing(page)


def test_a_report_built_before_the_monthly_series_shows_no_chart(org, as_):
    report = build(org)
    for measure in report.measures:
        for activity in measure["activities"]:
            activity.get("numbers", {}).pop("monthly", None)
    IntegrityReport.objects.filter(pk=report.pk).update(measures=report.measures)
    page = as_(org.clerk).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "data-chart=" not in page and "data-trends" not in page
    assert 'data-source="suggestions"' in page  # the statements themselves are still printed
