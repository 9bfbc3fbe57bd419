"""A whole past fiscal year for the demo, so the integrity report has real numbers: a circular
and a meeting of the year's meeting series every month (problems, resolutions, action items
closed at the next meeting), position descriptions, the two rounds' criteria and staff
suggestions — made through the services, then dated back into the year (publishing dates,
the workflow log, acknowledgement times; seed_demo then dates the register numbers back, see
demo.register). Acknowledgements of that year are written in bulk:
acknowledging a thousand requests one by one would make every fresh start slow.

The year is the last complete fiscal year before today (seed_demo runs any day)."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from circulars import services as circular_services
from demo.evidence import PUBLIC_TITLES
from demo.measure6 import COMPONENTS, GOALS
from hrflow.thai import fiscal_year, fiscal_year_bounds
from meetings import followups
from meetings import services as meetings
from meetings import suggestions as suggestion_services
from meetings.models import ActionItem, MeetingMinutes, MeetingSeries, Suggestion
from notifications.models import Acknowledgement
from personnel import services as hr_documents
from personnel.models import EvaluationCriteria, OrganisationGoal
from workflows import services
from workflows.models import TransitionLog

CIRCULARS = (
    "แนวทางการปฏิบัติงานด้านสารบรรณอิเล็กทรอนิกส์",
    "มาตรการประหยัดพลังงานและการใช้น้ำประปาในสำนักงาน",
    "แนวปฏิบัติการยืมและการใช้ทรัพย์สินของทางราชการ",
    "ประกาศเจตจำนงสุจริตของผู้บริหาร ประจำปีงบประมาณ",
    "คู่มือการให้บริการประชาชน ณ จุดบริการ",
    "แนวทางการรับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "มาตรการป้องกันผลประโยชน์ทับซ้อน",
    "แผนการจัดซื้อจัดจ้างประจำปีงบประมาณ",
    "ประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ",
    "การเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน",
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "ผลการประเมินคุณธรรมและความโปร่งใสและแนวทางการปรับปรุง",
)
PROBLEMS = (
    "ระบบเครือข่ายอินเทอร์เน็ตขัดข้องบ่อย",
    "ผู้มาติดต่อรอรับบริการนาน",
    "เอกสารเบิกจ่ายส่งล่าช้า",
    "ห้องเก็บเอกสารคับแคบ",
    "รถส่วนกลางไม่เพียงพอต่อการออกตรวจพื้นที่",
    "ผู้ใหญ่บ้านแจ้งถนนในพื้นที่ชำรุด",
)
SUGGESTIONS = (
    "ควรจัดจุดบริการน้ำดื่มสำหรับผู้มาติดต่อ",
    "ควรเผยแพร่ผลการจัดซื้อจัดจ้างทุกเดือน",
    "ควรมีแบบประเมินความพึงพอใจออนไลน์",
    "ควรจัดอบรมการใช้ระบบสารบรรณอิเล็กทรอนิกส์",
    "ควรปรับปรุงป้ายบอกทางภายในอาคาร",
    "ควรมีช่องทางร้องเรียนที่ไม่ต้องเปิดเผยชื่อ",
    "ควรจัดกิจกรรมจิตอาสาประจำปี",
    "ควรจัดตารางการใช้ห้องประชุมออนไลน์",
    "ควรเพิ่มที่จอดรถสำหรับผู้มาติดต่อ",
    "ควรทำคู่มือการยืมพัสดุให้ชัดเจน",
)
HISTORY_NOTE = "ข้อมูลย้อนหลังของปีงบประมาณที่ผ่านมา (ข้อมูลสาธิต)"


def _at(day: dt.date, hour=10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _months(start):
    day = start
    for _ in range(12):
        yield day
        day = (day + dt.timedelta(days=32)).replace(day=1)


def _date_back(document, published: dt.date):
    """Move a document's publishing, its log and its requests to the day it was published."""
    model = type(document)
    model.objects.filter(pk=document.pk).update(published_at=_at(published))
    ct = ContentType.objects.get_for_model(model)
    logs = TransitionLog.objects.filter(content_type=ct, object_id=document.pk)
    for offset, log in enumerate(logs.order_by("pk")):
        steps_before = len(logs) - 1 - offset
        when = _at(published) - dt.timedelta(hours=steps_before)
        TransitionLog.objects.filter(pk=log.pk).update(at=when)
    Acknowledgement.objects.filter(content_type=ct, object_id=document.pk).update(
        requested_at=_at(published)
    )


def _acknowledge(document, *, on_time_day: dt.date, late_day: dt.date, late_every: int):
    """Every request is acknowledged: in time, except every `late_every`-th (late)."""
    acks = Acknowledgement.objects.for_document(document).order_by("employee_id")
    ids = list(acks.values_list("pk", flat=True))
    late = ids[::late_every] if late_every else []
    Acknowledgement.objects.filter(pk__in=late).update(
        acknowledged_at=_at(late_day, 14), user_agent="seed_demo"
    )
    Acknowledgement.objects.filter(pk__in=ids).exclude(pk__in=late).update(
        acknowledged_at=_at(on_time_day, 14), user_agent="seed_demo"
    )


def _walk(document, clerk, executive, *, override=False):
    for step in ("submit", "approve", "publish"):
        actor = clerk if step == "submit" else executive
        late = override and step == "publish"
        document = services.apply_transition(
            document, step, by=actor, note=HISTORY_NOTE if late else "", override=late
        )
    return document


def seed(people, positions, today=None) -> int:
    """The last complete fiscal year's records; returns the fiscal year seeded."""
    today = today or timezone.localdate()
    year = fiscal_year(today) - 1
    start, _end = fiscal_year_bounds(year)
    clerk, executive = people["clerk"], people["executive"]
    staff = sorted(people.values(), key=lambda e: e.staff_id)
    others = [e for e in staff if e.pk not in {clerk.pk, executive.pk}]
    _circulars(start, clerk.user, executive.user)
    _meetings(start, clerk, executive, others)
    _measure6(year, start, clerk.user, executive.user, positions)
    return year


def _circulars(start, clerk, executive):
    for index, (month, title) in enumerate(zip(_months(start), CIRCULARS, strict=True)):
        published = month + dt.timedelta(days=4)
        circular = circular_services.circular_create(
            by=clerk,
            title=title,
            body=f"<p>เพื่อให้บุคลากรรับทราบและถือปฏิบัติเรื่อง{title}</p>",
            deadline=published + dt.timedelta(days=14),
            audience=[{"kind": "everyone"}],
            is_public=index % 3 == 0 or title in PUBLIC_TITLES,
        )
        circular = _walk(circular, clerk, executive)
        _date_back(circular, published)
        _acknowledge(
            circular,
            on_time_day=published + dt.timedelta(days=3),
            late_day=published + dt.timedelta(days=20),
            late_every=17 + index % 5,
        )


def _meetings(start, clerk, executive, others):
    series = MeetingSeries.objects.create(
        # Not named after the fiscal year: meetings are numbered within the BE (calendar) year,
        # so October to December hold the numbers of the year before (ครั้งที่ 1/2568 …).
        name="ประชุมประจำเดือนผู้บริหารและบุคลากร",
        unit=None,
        secretary=clerk,
        chair=executive,
    )
    present = [executive.pk, clerk.pk, *(e.pk for e in others[:15])]
    previous, suggestions = None, []
    for index, month in enumerate(_months(start)):
        day = month + dt.timedelta(days=14)
        minutes = meetings.minutes_create(
            by=clerk.user, series=series, meeting_date=day, chair=executive, present=present,
            absent=[(others[20].pk, "ลาพักผ่อน")], place="ห้องประชุมสำนักปลัด ชั้น 2",
            start_time=dt.time(9, 30), end_time=dt.time(12, 0),
            item_1="ประธานแจ้งผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสประจำปี",
        )  # fmt: skip
        if previous is not None:
            for number, action in enumerate(ActionItem.followups_for(minutes)):
                followups.action_progress(
                    action,
                    at_minutes=minutes,
                    by=clerk.user,
                    note="ดำเนินการแล้วเสร็จ",
                    close=(index + number) % 4 != 0,
                )
        for offset in range(1 + index % 2):
            meetings.problem_add(
                minutes, by=clerk.user, item=4,
                text=PROBLEMS[(index + offset) % len(PROBLEMS)],
                raised_by=others[(index + offset) % len(others)].pk,
            )  # fmt: skip
        meetings.resolution_add(
            minutes, by=clerk.user, item=4, text="มอบหมายหน่วยงานที่เกี่ยวข้องดำเนินการแก้ไข"
        )
        followups.action_add(
            minutes, by=clerk.user, item=4, text=f"แก้ไขปัญหา{PROBLEMS[index % len(PROBLEMS)]}",
            owner=others[index % len(others)].pk, due_date=day + dt.timedelta(days=21),
        )  # fmt: skip
        if index < len(SUGGESTIONS):
            suggestions.append(
                suggestion_services.suggestion_submit(
                    by=others[30 + index].user,
                    series=series,
                    text=SUGGESTIONS[index],
                    anonymous=index % 4 == 1,
                )
            )
            Suggestion.objects.filter(pk=suggestions[-1].pk).update(
                created_at=_at(day - dt.timedelta(days=5))
            )
        minutes = _walk(minutes, clerk.user, executive.user)
        if previous is not None:
            meetings.minutes_adopt_previous(minutes, by=clerk.user)
        published = day + dt.timedelta(days=2)
        _date_back(minutes, published)
        _acknowledge(
            minutes,
            on_time_day=published + dt.timedelta(days=2),
            late_day=published + dt.timedelta(days=40),
            late_every=13,
        )
        previous = minutes
    for action in ActionItem.objects.filter(minutes__series=series, status="done").select_related(
        "closed_in"
    ):
        ActionItem.objects.filter(pk=action.pk).update(closed_at=action.closed_in.published_at)
    for index, suggestion in enumerate(suggestions):
        if index % 5 != 4:
            suggestion_services.suggestion_answer(
                suggestion, by=executive.user, outcome="ที่ประชุมพิจารณาและมอบหมายผู้รับผิดชอบแล้ว"
            )
            Suggestion.objects.filter(pk=suggestion.pk).update(
                answered_at=F("created_at") + dt.timedelta(days=12)
            )
    # The year is over and this series with it (today's meetings are demo.minutes' series): it
    # no longer asks for a monthly meeting.
    MeetingSeries.objects.filter(pk=series.pk).update(is_active=False)
    for minutes in MeetingMinutes.objects.filter(series=series, adopted_in__isnull=False):
        MeetingMinutes.objects.filter(pk=minutes.pk).update(
            adopted_at=minutes.adopted_in.published_at
        )


def _measure6(year, start, clerk, executive, positions):
    for number, title in enumerate(GOALS, start=1):
        OrganisationGoal.objects.get_or_create(
            fiscal_year=year, number=number, defaults={"title": title}
        )
    for index, code in enumerate(("P02", "P07", "P08")):
        position = positions.get(code)
        if position is None:
            continue
        published = start + dt.timedelta(days=20 + 30 * index)
        document = hr_documents.position_description_create(
            by=clerk,
            title=f"รายละเอียดของตำแหน่ง{position.name} ประจำปีงบประมาณ {year}",
            position=position,
            purpose=f"ปฏิบัติงานในตำแหน่ง{position.name}ตามที่ได้รับมอบหมาย",
            duties=[{"text": "ปฏิบัติงานตามภารกิจของหน่วยงาน", "share": 100}],
            deadline=published + dt.timedelta(days=15),
        )
        document = _walk(document, clerk, executive)
        _date_back(document, published)
        _acknowledge(
            document,
            on_time_day=published + dt.timedelta(days=5),
            late_day=published + dt.timedelta(days=30),
            late_every=4,
        )
    for round_number, days_before in ((1, 10), (2, -3)):
        round_start = EvaluationCriteria.round_bounds(year, round_number)[0]
        published = round_start - dt.timedelta(days=days_before)
        document = hr_documents.evaluation_criteria_create(
            by=clerk,
            title=f"เกณฑ์การประเมินผลการปฏิบัติงานข้าราชการ รอบที่ {round_number}/{year}",
            fiscal_year=year,
            round=round_number,
            employment_types=["civil_servant", "contract", "permanent_worker"],
            components=COMPONENTS,
            deadline=round_start,
        )
        document = _walk(
            document, clerk, executive, override=document.step_needs_override("publish")
        )
        _date_back(document, published)
        _acknowledge(
            document,
            on_time_day=max(published, round_start - dt.timedelta(days=2)),
            late_day=round_start + dt.timedelta(days=7),
            late_every=6,
        )
