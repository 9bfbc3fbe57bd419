"""The minutes journey of the issue, in a real browser, in Thai: the secretary records a meeting
with two problems, two resolutions and two action items; the chair approves and publishes it; a
real Celery worker delivers the notices and staff acknowledge; at the next meeting the two open
action items stand under item 3, and adopting the previous minutes locks them."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from django.db import connections

from hrflow.errors import Conflict
from meetings.models import ActionItem, MeetingMinutes
from notifications.models import Acknowledgement, Notice
from tests.browser.conftest import log_in, menu_link, pick, wait_for
from tests.factories import make_person
from tests.meetings import office_series
from workflows import services

pytestmark = pytest.mark.browser

SCREENSHOT = Path(tempfile.gettempdir()) / "hrflow-minutes-390.png"
MARCH = dt.date(2025, 3, 5)
APRIL = dt.date(2025, 4, 2)


def test_minutes_travel_from_the_meeting_to_adoption_at_the_next_one(
    org,
    live_server,
    browser,
    worker,
):
    try:
        journey(org, live_server, browser)
    finally:
        connections.close_all()  # see test_circular_journey


def record_meeting(page, live_server, org, series, date, absent=()):
    page.goto(f"{live_server.url}/minutes/new/")
    page.select_option("#id_series", str(series.pk))
    page.fill("#id_meeting_date", date.isoformat())
    page.fill("#id_start_time", "09:30")
    page.fill("#id_end_time", "11:00")
    page.fill("#id_place", "ห้องประชุมกองการเจ้าหน้าที่")
    pick(page, "id_chair", org.executive.staff_id, org.executive.full_name)
    for person in (org.executive, org.clerk, org.employee):
        pick(page, "id_present", person.staff_id, person.full_name)
    if absent:
        for person, _reason in absent:
            pick(page, "id_absent", person.staff_id, person.full_name)
        page.fill(
            "#id_absent_reasons", "\n".join(f"{p.staff_id}: {reason}" for p, reason in absent)
        )
    page.fill("#id_item_1", "ประธานแจ้งนโยบายประหยัดพลังงาน")
    page.click("button[data-action=save]")
    page.wait_for_selector("form[data-step=submit]")
    return MeetingMinutes.objects.get(meeting_date=date)


def add_entry(page, kind, text, **extra):
    page.select_option("#id_kind", kind)
    page.select_option("#id_item", "4")
    page.fill("#id_text", text)
    if "owner" in extra:
        pick(page, "id_owner", extra["owner"].staff_id, extra["owner"].full_name)
        page.fill("#id_due_date", extra["due"].isoformat())
    if "raised_by" in extra:
        pick(page, "id_raised_by", extra["raised_by"].staff_id, extra["raised_by"].full_name)
    page.click("button[data-action=add-entry]")
    page.wait_for_selector(f"text={text}")


def journey(org, live_server, browser):
    series = office_series(org)
    colleague = make_person("staff1", unit=org.section)

    # The secretary records the March meeting with two problems, resolutions and action items.
    secretary = log_in(browser, live_server, org.clerk)
    march = record_meeting(
        secretary, live_server, org, series, MARCH, absent=[(org.head, "ไปราชการต่างจังหวัด")]
    )
    assert "ครั้งที่ 1/2568" in secretary.locator("[data-number]").inner_text()
    assert "ไปราชการต่างจังหวัด" in secretary.locator("[data-absent]").inner_text()
    add_entry(secretary, "problem", "เครื่องถ่ายเอกสารชำรุดบ่อย", raised_by=org.employee)
    add_entry(secretary, "problem", "ระบบลงเวลาขัดข้องช่วงเช้า", raised_by=colleague)
    add_entry(secretary, "resolution", "ให้จัดซื้อเครื่องถ่ายเอกสารใหม่")
    add_entry(secretary, "resolution", "ให้ฝ่ายไอทีตรวจสอบระบบลงเวลา")
    due = MARCH + dt.timedelta(days=25)
    add_entry(secretary, "action", "จัดทำคำของบประมาณ", owner=org.employee, due=due)
    add_entry(secretary, "action", "ตรวจสอบระบบลงเวลา", owner=colleague, due=due)
    item4 = secretary.locator("[data-item='4']")
    assert item4.locator("[data-problems] li").count() == 2
    assert item4.locator("[data-resolutions] li").count() == 2
    assert item4.locator("[data-actions] li").count() == 2
    assert "ระเบียบวาระที่ 4" in item4.locator("h2").inner_text()  # Thai interface
    secretary.click("form[data-step=submit] button")
    secretary.wait_for_selector(".badge.state-in_review")

    # The chair approves and publishes.
    chair = log_in(browser, live_server, org.executive)
    chair.goto(f"{live_server.url}/minutes/{march.pk}/")
    chair.click("form[data-step=approve] button")
    chair.wait_for_selector("form[data-step=publish]")
    chair.click("form[data-step=publish] button")
    chair.wait_for_selector(".badge.state-published")

    # The worker delivers every notice: the owners' assignments and the acknowledgement requests.
    asked = {org.clerk.pk, org.executive.pk, org.head.pk, org.employee.pk, colleague.pk}
    acks = Acknowledgement.objects.for_document(march)
    assert set(acks.values_list("employee", flat=True)) == asked
    wait_for(
        lambda: (
            Notice.objects.filter(acknowledgement__in=acks).count() == 2 * len(asked)
            and not Notice.objects.exclude(status=Notice.Status.SENT).exists()
        ),
        what="the worker to deliver the notices",
    )

    # Staff acknowledge from the inbox, on a phone; the owner sees the assignment notice.
    employee = log_in(
        browser, live_server, org.employee, viewport={"width": 390, "height": 844},
        is_mobile=True, has_touch=True, device_scale_factor=2,
    )  # fmt: skip
    inbox, _clicks = menu_link(employee, "inbox")  # the phone lands on its work queue
    inbox.click()
    assert "จัดทำคำของบประมาณ" in employee.locator(".notice-message").first.inner_text()
    employee.goto(f"{live_server.url}/minutes/{march.pk}/")
    employee.screenshot(path=str(SCREENSHOT), full_page=True)
    width = employee.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the minutes scroll sideways on a phone ({width}px)"
    employee.click("a.button.primary >> text=อ่านและรับทราบ")
    employee.click("button[data-action=acknowledge]")
    employee.wait_for_selector("[data-acknowledged]")
    assert acks.get(employee=org.employee).acknowledged_at is not None

    # At the April meeting, the two open action items stand under item 3.
    april = record_meeting(secretary, live_server, org, series, APRIL)
    followups = secretary.locator("[data-item='3'] [data-action-item]")
    assert followups.count() == 2
    assert "จัดทำคำของบประมาณ" in followups.nth(0).inner_text()
    first = ActionItem.objects.get(text="จัดทำคำของบประมาณ")
    form = secretary.locator(f"[data-action-item='{first.pk}'] form[data-follow-up]")
    form.locator("textarea").fill("ส่งคำของบประมาณแล้ว")
    form.locator("input[name=close]").check()
    form.locator("button").click()
    secretary.wait_for_selector(f"[data-action-item='{first.pk}'] .badge.done")
    first.refresh_from_db()
    assert (first.status, first.closed_by, first.closed_in) == ("done", org.clerk.user, april)

    # Once April's minutes are published, the secretary records there that the meeting adopted
    # March's, which locks them.
    assert secretary.locator("form[data-action=adopt]").count() == 0  # not from a draft
    secretary.click("form[data-step=submit] button")
    secretary.wait_for_selector(".badge.state-in_review")
    chair.goto(f"{live_server.url}/minutes/{april.pk}/")
    chair.click("form[data-step=approve] button")
    chair.wait_for_selector("form[data-step=publish]")
    chair.click("form[data-step=publish] button")
    chair.wait_for_selector(".badge.state-published")
    secretary.goto(f"{live_server.url}/minutes/{april.pk}/")
    secretary.click("form[data-action=adopt] button")
    secretary.wait_for_selector("[data-adopts]")
    assert "ครั้งที่ 1/2568" in secretary.locator("[data-adopts]").inner_text()
    march.refresh_from_db()
    assert march.adopted_in == april and march.adopted_by == org.clerk.user
    secretary.goto(f"{live_server.url}/minutes/{march.pk}/")
    assert secretary.locator("[data-final]").count() == 1
    assert secretary.locator("form[data-action=revise]").count() == 0
    with pytest.raises(Conflict):
        services.document_revise(march, by=org.clerk.user)

    # An employee of another unit sees nothing of the minutes.
    outsider = log_in(browser, live_server, org.outsider)
    response = outsider.goto(f"{live_server.url}/minutes/{march.pk}/")
    assert response.status == 404
