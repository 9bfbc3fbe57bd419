"""Done-when 1: on the demo's whole past fiscal year, every number of the measure-1 and measure-6
statements is recounted here from the records — with the database's own date arithmetic and
queries written for this test, not reports.computations — and found equal; the built report
prints exactly those statements."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from circulars.models import Circular
from meetings.models import ActionItem, MeetingMinutes, Problem, Resolution, Suggestion
from notifications.models import Acknowledgement
from personnel.models import EvaluationCriteria, PositionDescription
from reports import computations
from reports import services as report_services

pytestmark = pytest.mark.django_db


def rate(part, whole):
    return f"{round(100 * part / whole, 1):.1f}" if whole else "-"


def acks_of(model_name, ids):
    return Acknowledgement.objects.filter(content_type__model=model_name, object_id__in=ids)


def recount_published_with_acks(model, model_name, start, end):
    ids = list(
        model.objects.filter(
            published_at__date__gte=start, published_at__date__lte=end
        ).values_list("pk", flat=True)
    )
    acks = acks_of(model_name, ids)
    in_time = acks.filter(acknowledged_at__isnull=False).filter(
        Q(deadline__isnull=True) | Q(acknowledged_at__date__lte=F("deadline"))
    )
    return {
        "published": len(ids),
        "requests": acks.count(),
        "in_time": in_time.count(),
        "rate": rate(in_time.count(), acks.count()),
    }


def fiscal_months(start):
    """The twelve "YYYY-MM" of the fiscal year beginning at `start`, written out here."""
    return [
        f"{start.year + (start.month - 1 + i) // 12}-{(start.month - 1 + i) % 12 + 1:02d}"
        for i in range(12)
    ]


def recount_monthly(values, start):
    """Per month of the fiscal year (every one of the twelve), how many of these local dates or
    aware datetimes fall in it."""
    tz = timezone.get_current_timezone()
    days = [v.astimezone(tz).date() if isinstance(v, dt.datetime) else v for v in values]
    return {
        month: sum(1 for d in days if f"{d.year}-{d.month:02d}" == month)
        for month in fiscal_months(start)
    }


def split_monthly(numbers):
    """(the statement's numbers without its monthly series, that series' counts)."""
    rest = dict(numbers)
    return rest, rest.pop("monthly")["per_month"]


def latest_published_meetings(start, end):
    newer = MeetingMinutes.objects.filter(
        series=OuterRef("series"),
        number_year=OuterRef("number_year"),
        number=OuterRef("number"),
        version__gt=OuterRef("version"),
        published_at__isnull=False,
    )
    return MeetingMinutes.objects.filter(
        meeting_date__gte=start, meeting_date__lte=end, published_at__isnull=False
    ).exclude(Exists(newer))


@pytest.fixture
def demo_year():
    with translation.override("en"):
        call_command("seed_demo", stdout=io.StringIO())
    year = timezone.localdate().year + 543 + (1 if timezone.localdate().month >= 10 else 0) - 1
    start = dt.date(year - 544, 10, 1)
    end = dt.date(year - 543, 9, 30)
    return year, start, end


def test_measure_1_and_6_statements_equal_an_independent_recount(demo_year):
    year, start, end = demo_year

    # --- measure 1: circulars --------------------------------------------------------------
    expected = recount_published_with_acks(Circular, "circular", start, end)
    statement = computations.circulars(start, end)
    numbers, monthly = split_monthly(statement.numbers)
    assert numbers == expected
    published_at = Circular.objects.filter(
        published_at__date__gte=start, published_at__date__lte=end
    ).values_list("published_at", flat=True)
    assert monthly == recount_monthly(published_at, start)
    assert sum(monthly.values()) == 12 and list(monthly) == fiscal_months(start)
    assert expected["published"] == 12 and expected["requests"] > 600  # a whole year, for real
    assert 0 < expected["in_time"] < expected["requests"]
    assert (
        f"หนังสือเวียน {expected['published']} ฉบับ บุคลากรรับทราบภายในกำหนดร้อยละ {expected['rate']}"
        in statement.text
    )

    # --- measure 1: meetings per month ---------------------------------------------------------
    held = latest_published_meetings(start, end)
    months = dict(
        held.annotate(month=TruncMonth("meeting_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    per_month = {f"{m.year}-{m.month:02d}": n for m, n in months.items()}
    statement = computations.meetings(start, end)
    assert statement.numbers["meetings"] == held.count() >= 12
    assert statement.numbers["months_with_meeting"] == len(per_month) == 12
    assert {k: v for k, v in statement.numbers["per_month"].items() if v} == per_month
    assert statement.numbers["monthly"]["per_month"] == recount_monthly(
        held.values_list("meeting_date", flat=True), start
    )
    assert statement.text.startswith(f"ประชุมประจำเดือน {held.count()} ครั้ง มีการประชุม 12 จาก 12 เดือน")

    # --- measure 1: problems, resolutions, action items ----------------------------------------
    actions = ActionItem.objects.filter(minutes__in=held)
    closed = actions.filter(status="done", closed_by__isnull=False)
    expected = {
        "problems": Problem.objects.filter(minutes__in=held).count(),
        "resolutions": Resolution.objects.filter(minutes__in=held).count(),
        "action_items": actions.count(),
        "action_items_closed": closed.count(),
        "rate": rate(closed.count(), actions.count()),
    }
    statement = computations.meeting_outcomes(start, end)
    numbers, monthly = split_monthly(statement.numbers)
    assert numbers == expected
    assert monthly == recount_monthly(
        actions.values_list("minutes__meeting_date", flat=True), start
    )
    assert sum(monthly.values()) == expected["action_items"]
    assert expected["problems"] >= 12 and 0 < expected["action_items_closed"] < actions.count()
    assert (
        f"ยกปัญหาและอุปสรรค {expected['problems']} เรื่อง มีมติ {expected['resolutions']} เรื่อง"
        in statement.text
    )

    # --- measure 6: position descriptions ------------------------------------------------------
    expected = recount_published_with_acks(PositionDescription, "positiondescription", start, end)
    statement = computations.position_descriptions(start, end)
    numbers, monthly = split_monthly(statement.numbers)
    assert numbers == expected
    assert monthly == recount_monthly(
        PositionDescription.objects.filter(
            published_at__date__gte=start, published_at__date__lte=end
        ).values_list("published_at", flat=True),
        start,
    )
    assert expected["published"] >= 1 and expected["requests"] >= 1

    # --- measure 6: criteria acknowledged before their round -----------------------------------
    round_start = {1: dt.date(year - 544, 10, 1), 2: dt.date(year - 543, 4, 1)}
    published = EvaluationCriteria.objects.filter(fiscal_year=year, published_at__isnull=False)
    before = sum(
        1
        for c in published
        if c.published_at.astimezone(timezone.get_current_timezone()).date() <= round_start[c.round]
    )
    requests = in_time = 0
    for number, first_day in round_start.items():
        acks = acks_of("evaluationcriteria", published.filter(round=number).values("pk"))
        requests += acks.count()
        in_time += acks.filter(acknowledged_at__date__lte=first_day).count()
    expected = {
        "published": published.count(),
        "published_before_round": before,
        "requests": requests,
        "in_time": in_time,
        "rate": rate(in_time, requests),
    }
    statement = computations.criteria(start, end)
    assert statement.numbers == expected
    assert expected["published"] == 2 and expected["published_before_round"] == 1
    assert 0 < in_time < requests

    # --- measure 6: suggestions ----------------------------------------------------------------
    received = Suggestion.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    answered = received.filter(answered_at__date__lte=end)
    expected = {
        "received": received.count(),
        "answered": answered.count(),
        "rate": rate(answered.count(), received.count()),
    }
    statement = computations.suggestions(start, end)
    numbers, monthly = split_monthly(statement.numbers)
    assert numbers == expected
    assert monthly == recount_monthly(received.values_list("created_at", flat=True), start)
    assert 0 < expected["answered"] < expected["received"]

    # --- the report prints exactly these statements under measures 1 and 6 --------------------
    clerk = Circular.objects.first().created_by
    report = report_services.report_build(year, by=clerk)
    by_number = {m["number"]: m for m in report.measures}
    printed = {a["source"]: a for n in (1, 6) for a in by_number[n]["activities"] if a["source"]}
    assert set(printed) == {
        "circulars", "meetings", "meeting_outcomes", "position_descriptions", "criteria",
        "evaluations", "suggestions",
    }  # fmt: skip
    for source, activity in printed.items():
        fresh = computations.compute(source, start, end)
        assert activity["text"] == fresh.text and activity["numbers"] == fresh.numbers
