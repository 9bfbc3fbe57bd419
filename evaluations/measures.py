"""Measure 6 of the integrity report from the evaluation rounds' own records (reads only).

For the rounds of a fiscal year, counted per case:
- evaluated: cases with a result (a total);
- against acknowledged criteria: of those, the person had acknowledged the round's criteria on
  or before the round's first day;
- agreed before the start: agreements both sides agreed on or before the round's first day;
- appeals filed in those rounds, and decided;
- completed on time: cases approved within COMPLETION_DAYS after the round's last day (the
  agency's own timetable for screening and approval).
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from notifications.models import Acknowledgement
from personnel.models import EvaluationCriteria

from .models import Appeal, EvaluationCase

COMPLETION_DAYS = dt.timedelta(days=60)


def _day(value):
    return timezone.localtime(value).date() if value is not None else None


def fiscal_year_counts(year: int) -> dict:
    rows = list(
        EvaluationCase.objects.filter(round__fiscal_year=year).values_list(
            "person_id", "total", "agreed_at", "approved_at",
            "round__criteria_id", "round__starts_on", "round__ends_on",
        )
    )  # fmt: skip
    acknowledged = {
        (employee, object_id): _day(at)
        for employee, object_id, at in Acknowledgement.objects.filter(
            content_type=ContentType.objects.get_for_model(EvaluationCriteria),
            object_id__in={row[4] for row in rows},
            acknowledged_at__isnull=False,
        ).values_list("employee_id", "object_id", "acknowledged_at")
    }
    counts = dict.fromkeys(
        ("cases", "evaluated", "against_acknowledged", "agreed_before_start", "completed",
         "completed_on_time", "appeals", "appeals_decided"), 0,
    )  # fmt: skip
    for person, total, agreed_at, approved_at, criteria, starts_on, ends_on in rows:
        counts["cases"] += 1
        if total is not None:
            counts["evaluated"] += 1
            seen = acknowledged.get((person, criteria))
            if seen is not None and seen <= starts_on:
                counts["against_acknowledged"] += 1
        if agreed_at is not None and _day(agreed_at) <= starts_on:
            counts["agreed_before_start"] += 1
        if approved_at is not None:
            counts["completed"] += 1
            if _day(approved_at) <= ends_on + COMPLETION_DAYS:
                counts["completed_on_time"] += 1
    appeals = Appeal.objects.filter(case__round__fiscal_year=year)
    counts["appeals"] = appeals.count()
    counts["appeals_decided"] = appeals.exclude(decision="").count()
    return counts
