"""The demo's monthly staff meeting: three meetings made through the services — the first
adopted at the second, the second published and being acknowledged, the third a draft that
follows up the open action items — and staff suggestions, one of them anonymous."""

import datetime as dt

from django.utils import timezone

from meetings import followups
from meetings import services as meetings
from meetings import suggestions as suggestion_services
from meetings.models import MeetingSeries
from notifications.models import Acknowledgement
from notifications.services import acknowledge
from workflows import services

SERIES = "ประชุมประจำเดือนบุคลากรองค์การบริหารส่วนจังหวัด"
PLACE = "ห้องประชุมองค์การบริหารส่วนจังหวัดลำปาง ชั้น 2"


def seed(people) -> list:
    clerk, executive, employee = people["clerk"], people["executive"], people["employee"]
    staff = sorted(people.values(), key=lambda e: e.staff_id)
    others = [e for e in staff if e.pk not in {clerk.pk, executive.pk, employee.pk}]
    present = [executive, clerk, employee, *others[:12]]
    absent = [(others[12].pk, "ลาป่วย"), (others[13].pk, "ไปราชการ")]
    series = MeetingSeries.objects.create(name=SERIES, unit=None, secretary=clerk, chair=executive)
    today = timezone.localdate()
    first_date, second_date = today - dt.timedelta(days=58), today - dt.timedelta(days=28)

    def record(date, item_1):
        return meetings.minutes_create(
            by=clerk.user, series=series, meeting_date=date, chair=executive,
            present=[p.pk for p in present], absent=absent, place=PLACE,
            start_time=dt.time(9, 30), end_time=dt.time(11, 30), item_1=item_1,
        )  # fmt: skip

    def publish(minutes):
        for step, who in (("submit", clerk), ("approve", executive), ("publish", executive)):
            minutes = services.apply_transition(minutes, step, by=who.user)
        return minutes

    first = record(first_date, "ประธานแจ้งนโยบายการประหยัดพลังงานและการลดใช้กระดาษ")
    meetings.problem_add(
        first, by=clerk.user, item=4, text="เครื่องถ่ายเอกสารชำรุดบ่อย งานเอกสารล่าช้า",
        raised_by=others[0].pk,
    )  # fmt: skip
    meetings.problem_add(
        first, by=clerk.user, item=4, text="ระบบลงเวลาปฏิบัติราชการขัดข้องช่วงเช้า",
        raised_by=others[1].pk,
    )  # fmt: skip
    meetings.resolution_add(first, by=clerk.user, item=4, text="ให้กองคลังจัดหาเครื่องถ่ายเอกสารใหม่")
    meetings.resolution_add(first, by=clerk.user, item=4, text="ให้ตรวจสอบระบบลงเวลาภายในเดือนนี้")
    done = followups.action_add(
        first, by=clerk.user, item=4, text="จัดทำคำของบประมาณจัดหาเครื่องถ่ายเอกสาร",
        owner=others[0].pk, due_date=first_date + dt.timedelta(days=20),
    )  # fmt: skip
    followups.action_add(
        first, by=clerk.user, item=4, text="ตรวจสอบและแก้ไขระบบลงเวลาปฏิบัติราชการ",
        owner=employee.pk, due_date=today + dt.timedelta(days=5),
    )  # fmt: skip
    first = publish(first)

    second = record(second_date, "ประธานแจ้งผลการประเมินคุณธรรมและความโปร่งใส")
    followups.action_progress(
        done, at_minutes=second, by=clerk.user, note="ส่งคำของบประมาณแล้ว", close=True
    )
    meetings.resolution_add(second, by=clerk.user, item=5, text="ให้จัดกิจกรรม 5ส ทุกวันศุกร์")
    second = publish(second)
    meetings.minutes_adopt_previous(second, by=clerk.user)
    for index, ack in enumerate(
        Acknowledgement.objects.for_document(second).select_related("employee__user")
    ):
        if index % 2 == 0 and ack.employee_id != employee.pk:
            acknowledge(ack, user=ack.employee.user, user_agent="seed_demo")

    third = record(today - dt.timedelta(days=1), "ประธานแจ้งกำหนดการตรวจประเมินประจำปี")
    hidden = suggestion_services.suggestion_submit(
        by=employee.user, series=series, text="ควรจัดที่จอดรถจักรยานสำหรับบุคลากร", anonymous=True
    )
    suggestion_services.suggestion_place(hidden, by=clerk.user, minutes=third)
    answered = suggestion_services.suggestion_submit(
        by=others[2].user, series=series, text="ควรเพิ่มจุดบริการน้ำดื่ม"
    )
    suggestion_services.suggestion_answer(
        answered, by=executive.user, outcome="ที่ประชุมเห็นชอบ ให้ฝ่ายบริหารงานทั่วไปดำเนินการ"
    )
    suggestion_services.suggestion_submit(
        by=others[3].user, series=series, text="ควรมีการอบรมการใช้ระบบสารบรรณอิเล็กทรอนิกส์"
    )
    return [first, second, third]
