"""The statements HRFlow can make from its own records, one function each.

Each takes the first and last day of a fiscal year and returns a Statement: the numbers and the
Thai sentence the report prints. What is counted (tests/reports/test_computations.py recounts it
independently):

- circulars: the circular versions published in the year (each takes its own register number);
  the acknowledgement requests of those versions, and those acknowledged by their deadline
  (on the deadline's day counts; a request without a deadline counts when acknowledged).
- meetings: meetings (series, year, number) with a published version whose date falls in the
  year, per month (of the months begun by today, for a year still running); problems,
  resolutions and action items of each meeting's latest published version; action items
  closed (status done).
- position descriptions: versions published in the year and their requests acknowledged by the
  deadline.
- criteria: the criteria versions of the fiscal year that were published; published on or
  before the first day of their round; requests acknowledged on or before that day.
- suggestions: submitted in the year; answered (an outcome recorded) by the end of the year.

Statements about a flow over the year carry its monthly series (numbers["monthly"]: what is
counted and its count in each month, October to September), each from one grouped query or the
rows already read: circulars and position descriptions published, meetings held, action items
assigned by meeting month, suggestions received. Criteria and evaluations go by round, not month.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import monthly


@dataclass
class Statement:
    source: str
    text: str
    numbers: dict = field(default_factory=dict)


def _bounds(start: dt.date, end: dt.date):
    """Aware datetimes [start 00:00, end+1 00:00) in the agency's time zone."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def percent(part: int, whole: int) -> str:
    """'97.3' (one decimal), or '-' when there is nothing to divide by."""
    if not whole:
        return "-"
    return f"{100 * part / whole:.1f}"


def _local_date(value):
    return timezone.localtime(value).date()


def _acknowledgement_counts(model, ids, *, by=None) -> tuple[int, int]:
    """(requests, acknowledged in time) of the given document rows. `by(ack)` is the last day
    that counts as in time; the request's own deadline by default."""
    from notifications.models import Acknowledgement

    acks = Acknowledgement.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids)
    ).values_list("object_id", "deadline", "acknowledged_at")
    total = in_time = 0
    for object_id, deadline, acknowledged_at in acks:
        total += 1
        last_day = by(object_id) if by else deadline
        if acknowledged_at is None:
            continue
        if last_day is None or _local_date(acknowledged_at) <= last_day:
            in_time += 1
    return total, in_time


def circulars(start, end) -> Statement:
    from circulars.models import Circular

    lower, upper = _bounds(start, end)
    published = Circular.objects.filter(published_at__gte=lower, published_at__lt=upper)
    ids = list(published.values_list("pk", flat=True))
    total, in_time = _acknowledgement_counts(Circular, ids)
    rate = percent(in_time, total)
    text = (
        f"หนังสือเวียน {len(ids)} ฉบับ บุคลากรรับทราบภายในกำหนดร้อยละ {rate} "
        f"({in_time} จาก {total} รายการ)"
    )
    numbers = {
        "published": len(ids), "requests": total, "in_time": in_time, "rate": rate,
        "monthly": monthly.series(
            "หนังสือเวียนที่เผยแพร่ (ฉบับ)", monthly.counts(published, "published_at"), start, end
        ),
    }  # fmt: skip
    return Statement("circulars", text, numbers)


def _meeting_rows(start, end):
    """The latest published version of each meeting held in the year: (pk, meeting_date)."""
    from meetings.models import MeetingMinutes

    versions = MeetingMinutes.objects.filter(
        meeting_date__gte=start, meeting_date__lte=end, published_at__isnull=False
    ).order_by("series_id", "number_year", "number", "version")
    latest = {}  # one query; a later version of a meeting replaces the earlier one
    for pk, date, *meeting in versions.values_list(
        "pk", "meeting_date", "series_id", "number_year", "number"
    ):
        latest[tuple(meeting)] = (pk, date)
    return list(latest.values())


def meetings(start, end) -> Statement:
    rows = _meeting_rows(start, end)
    per_month = Counter((date.year, date.month) for _pk, date in rows)
    # A year still running counts the months begun so far: "3 of 3", not "3 of 12".
    months = monthly.months(start, min(end, timezone.localdate()))
    held = sum(1 for month in months if per_month[month])
    listing = ", ".join(f"{monthly.label(*m)} {per_month[m]} ครั้ง" for m in months if per_month[m])
    text = f"ประชุมประจำเดือน {len(rows)} ครั้ง มีการประชุม {held} จาก {len(months)} เดือน" + (
        f" ({listing})" if listing else ""
    )
    numbers = {
        "meetings": len(rows),
        "months_with_meeting": held,
        "months": len(months),
        "per_month": {f"{y}-{m:02d}": per_month[(y, m)] for y, m in months},
        "monthly": monthly.series("การประชุม (ครั้ง)", per_month, start, end),
    }
    return Statement("meetings", text, numbers)


def meeting_outcomes(start, end) -> Statement:
    from meetings.models import ActionItem, Problem, Resolution

    rows = _meeting_rows(start, end)
    ids = [pk for pk, _date in rows]
    problems = Problem.objects.filter(minutes_id__in=ids).count()
    resolutions = Resolution.objects.filter(minutes_id__in=ids).count()
    actions = ActionItem.objects.filter(minutes_id__in=ids)
    total = actions.count()
    assigned = Counter()  # by the month of the meeting that assigned them: one grouped query
    month_of = {pk: (date.year, date.month) for pk, date in rows}
    for minutes_id, n in actions.values_list("minutes_id").annotate(n=Count("pk")).order_by():
        assigned[month_of[minutes_id]] += n
    closed = actions.filter(status=ActionItem.Status.DONE).count()
    text = (
        f"ที่ประชุมยกปัญหาและอุปสรรค {problems} เรื่อง มีมติ {resolutions} เรื่อง "
        f"มอบหมายงานติดตาม {total} เรื่อง ดำเนินการแล้วเสร็จ {closed} เรื่อง "
        f"(ร้อยละ {percent(closed, total)})"
    )
    numbers = {
        "problems": problems,
        "resolutions": resolutions,
        "action_items": total,
        "action_items_closed": closed,
        "rate": percent(closed, total),
        "monthly": monthly.series("งานที่มอบหมายตามเดือนที่ประชุม (เรื่อง)", assigned, start, end),
    }
    return Statement("meeting_outcomes", text, numbers)


def position_descriptions(start, end) -> Statement:
    from personnel.models import PositionDescription

    lower, upper = _bounds(start, end)
    published = PositionDescription.objects.filter(published_at__gte=lower, published_at__lt=upper)
    ids = list(published.values_list("pk", flat=True))
    total, in_time = _acknowledgement_counts(PositionDescription, ids)
    rate = percent(in_time, total)
    text = (
        f"เผยแพร่รายละเอียดของตำแหน่งงาน {len(ids)} ฉบับ ผู้ดำรงตำแหน่งและผู้บังคับบัญชา"
        f"รับทราบภายในกำหนดร้อยละ {rate} ({in_time} จาก {total} รายการ)"
    )
    numbers = {
        "published": len(ids), "requests": total, "in_time": in_time, "rate": rate,
        "monthly": monthly.series(
            "รายละเอียดของตำแหน่งงานที่เผยแพร่ (ฉบับ)",
            monthly.counts(published, "published_at"), start, end,
        ),
    }  # fmt: skip
    return Statement("position_descriptions", text, numbers)


def criteria(start, end) -> Statement:
    from hrflow.thai import fiscal_year
    from personnel.models import EvaluationCriteria

    year = fiscal_year(end)
    rows = list(
        EvaluationCriteria.objects.filter(fiscal_year=year, published_at__isnull=False).values_list(
            "pk", "round", "published_at"
        )
    )
    starts = {pk: EvaluationCriteria.round_bounds(year, number)[0] for pk, number, _at in rows}
    before = sum(1 for pk, _number, at in rows if _local_date(at) <= starts[pk])
    total, in_time = _acknowledgement_counts(
        EvaluationCriteria, starts, by=lambda object_id: starts[object_id]
    )
    rate = percent(in_time, total)
    text = (
        f"ประกาศเกณฑ์การประเมินผลการปฏิบัติงาน {len(rows)} ฉบับ ประกาศก่อนเริ่มรอบการประเมิน "
        f"{before} ฉบับ บุคลากรรับทราบก่อนเริ่มรอบร้อยละ {rate} ({in_time} จาก {total} รายการ)"
    )
    numbers = {
        "published": len(rows),
        "published_before_round": before,
        "requests": total,
        "in_time": in_time,
        "rate": rate,
    }
    return Statement("criteria", text, numbers)


def suggestions(start, end) -> Statement:
    from meetings.models import Suggestion

    lower, upper = _bounds(start, end)
    received = Suggestion.objects.filter(created_at__gte=lower, created_at__lt=upper)
    total = received.count()
    answered = received.filter(answered_at__isnull=False, answered_at__lt=upper).count()
    text = (
        f"รับข้อเสนอแนะจากบุคลากร {total} เรื่อง ตอบและแจ้งผลแล้ว {answered} เรื่อง "
        f"(ร้อยละ {percent(answered, total)})"
    )
    numbers = {
        "received": total, "answered": answered, "rate": percent(answered, total),
        "monthly": monthly.series(
            "ข้อเสนอแนะที่ได้รับ (เรื่อง)", monthly.counts(received, "created_at"), start, end
        ),
    }  # fmt: skip
    return Statement("suggestions", text, numbers)


def evaluations(start, end) -> Statement:
    from evaluations.measures import fiscal_year_counts
    from hrflow.thai import fiscal_year

    n = fiscal_year_counts(fiscal_year(end))
    text = (
        f"ประเมินผลการปฏิบัติงานบุคลากร {n['evaluated']} จาก {n['cases']} ราย "
        f"ตามเกณฑ์ที่รับทราบก่อนเริ่มรอบ {n['against_acknowledged']} ราย "
        f"(ร้อยละ {percent(n['against_acknowledged'], n['evaluated'])}) "
        f"ตกลงข้อตกลงการปฏิบัติราชการก่อนเริ่มรอบ {n['agreed_before_start']} ราย "
        f"(ร้อยละ {percent(n['agreed_before_start'], n['cases'])}) "
        f"อุทธรณ์ {n['appeals']} เรื่อง วินิจฉัยแล้ว {n['appeals_decided']} เรื่อง "
        f"ประเมินแล้วเสร็จตามกำหนด {n['completed_on_time']} ราย "
        f"(ร้อยละ {percent(n['completed_on_time'], n['cases'])})"
    )
    return Statement("evaluations", text, n)


# key → (label shown to HR, function); the order is the menu's.
SOURCES = {
    "circulars": (_("Circulars and their acknowledgement"), circulars),
    "meetings": (_("Monthly meetings held"), meetings),
    "meeting_outcomes": (
        _("Problems, resolutions and action items of the meetings"),
        meeting_outcomes,
    ),
    "position_descriptions": (
        _("Position descriptions and their acknowledgement"),
        position_descriptions,
    ),
    "criteria": (_("Evaluation criteria acknowledged before the round"), criteria),
    "suggestions": (_("Staff suggestions received and answered"), suggestions),
    "evaluations": (_("Performance evaluations: fair and on time"), evaluations),
}


def compute(source: str, start, end) -> Statement:
    return SOURCES[source][1](start, end)
