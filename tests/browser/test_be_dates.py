"""Every date field of the pages, in a real browser, in Thai: a date typed as dd/mm/BBBB (or
picked from the calendar, which opens in the Buddhist Era) is stored as that day and shown back
in the Buddhist Era; a slip is an error summary that takes the focus, with the slip kept."""

import datetime as dt

import pytest
from django.db import connections
from django.utils import timezone

from circulars.models import Circular
from hrflow.models import Employee
from hrflow.thai import MONTHS_TH, format_date
from meetings.models import ActionItem, MeetingMinutes
from personnel.models import EvaluationCriteria, PositionDescription
from tests.browser.conftest import log_in, pick
from tests.meetings import office_series

pytestmark = pytest.mark.browser

PERMANENT = Employee.EmploymentType.PERMANENT_WORKER


def be(date: dt.date) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year + 543}"


def next_month(date: dt.date) -> dt.date:
    year, month = (date.year + 1, 1) if date.month == 12 else (date.year, date.month + 1)
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def test_every_date_field_takes_and_shows_a_buddhist_era_date(org, live_server, browser):
    try:
        journey(org, live_server, browser)
    finally:
        connections.close_all()  # see test_circular_journey


def saved_and_shown(page, date):
    page.click("button[data-action=save]")
    page.wait_for_selector("form[data-step=submit]")
    assert format_date(date) in page.locator("main").inner_text()  # e.g. 20 ธันวาคม 2569


def journey(org, live_server, browser):
    today = timezone.localdate()
    series = office_series(org)  # the clerk is its secretary
    clerk = log_in(browser, live_server, org.clerk)

    # A circular's deadline, picked from the calendar with the keyboard.
    clerk.goto(f"{live_server.url}/circulars/new/")
    clerk.fill("#id_title", "หนังสือเวียนทดสอบวันที่")
    clerk.fill("#id_body", "เนื้อหา")
    clerk.check("#id_audience_everyone")
    clerk.click("[data-be-date-toggle]")
    title = clerk.locator("[data-be-calendar-title]").inner_text()
    assert title == f"{MONTHS_TH[today.month - 1]} {today.year + 543}", title  # in BE
    focused = clerk.evaluate("document.activeElement.getAttribute('data-date')")
    assert focused == be(today)
    clerk.keyboard.press("PageDown")  # the same day next month
    clerk.keyboard.press("Enter")
    picked = next_month(today)
    assert clerk.input_value("#id_deadline") == be(picked)
    assert clerk.locator("[data-be-calendar]").is_hidden()
    saved_and_shown(clerk, picked)
    circular = Circular.objects.get(title="หนังสือเวียนทดสอบวันที่")
    assert circular.deadline == picked
    clerk.goto(f"{live_server.url}/circulars/{circular.pk}/edit/")
    assert clerk.input_value("#id_deadline") == be(picked)  # shown back in BE for editing
    clerk.goto(f"{live_server.url}/circulars/{circular.pk}/")
    clerk.click("form[data-step=submit] button")  # an event for the audit search below
    clerk.wait_for_selector(".badge.state-in_review")

    # A position description's deadline, typed.
    deadline = today + dt.timedelta(days=10)
    clerk.goto(f"{live_server.url}/position-descriptions/new/")
    clerk.fill("#id_title", "ภาระงานทดสอบวันที่")
    clerk.select_option("#id_position", str(org.clerk.position_id))
    clerk.fill("#id_duties", "งานสารบรรณ | 100")
    clerk.fill("#id_deadline", be(deadline))
    saved_and_shown(clerk, deadline)
    assert PositionDescription.objects.get(title="ภาระงานทดสอบวันที่").deadline == deadline

    # Evaluation criteria's deadline, typed.
    deadline = today + dt.timedelta(days=12)
    clerk.goto(f"{live_server.url}/evaluation-criteria/new/")
    clerk.fill("#id_title", "หลักเกณฑ์ทดสอบวันที่")
    clerk.check(f"input[name=employment_types][value={PERMANENT}]")
    clerk.fill("#id_deadline", be(deadline))
    saved_and_shown(clerk, deadline)
    assert EvaluationCriteria.objects.get(title="หลักเกณฑ์ทดสอบวันที่").deadline == deadline

    # The meeting date of minutes, and an action item's due date under them.
    meeting = today - dt.timedelta(days=3)
    due = today + dt.timedelta(days=20)
    clerk.goto(f"{live_server.url}/minutes/new/")
    clerk.select_option("#id_series", str(series.pk))
    clerk.fill("#id_meeting_date", be(meeting))
    clerk.fill("#id_start_time", "09:30")
    clerk.fill("#id_end_time", "11:00")
    clerk.fill("#id_place", "ห้องประชุม")
    pick(clerk, "id_chair", org.executive.staff_id, org.executive.full_name)
    for person in (org.executive, org.clerk):
        pick(clerk, "id_present", person.staff_id, person.full_name)
    saved_and_shown(clerk, meeting)
    minutes = MeetingMinutes.objects.get(series=series)
    assert minutes.meeting_date == meeting

    clerk.select_option("#id_kind", "action")
    clerk.fill("#id_text", "จัดทำแผนทดสอบวันที่")
    pick(clerk, "id_owner", org.employee.staff_id, org.employee.full_name)
    clerk.fill("#id_due_date", "31/02/2569")  # a slip first: the page keeps it and says so
    clerk.click("button[data-action=add-entry]")
    clerk.wait_for_selector("[data-error-summary]")
    assert clerk.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "ปี พ.ศ." in clerk.locator("[data-error-summary]").inner_text()
    assert clerk.input_value("#id_text") == "จัดทำแผนทดสอบวันที่"
    assert clerk.input_value("#id_due_date") == "31/02/2569"
    clerk.locator("[data-error-summary] a[href='#id_due_date']").click()
    assert clerk.evaluate("document.activeElement.id") == "id_due_date"
    clerk.fill("#id_due_date", be(due))
    clerk.click("button[data-action=add-entry]")
    clerk.wait_for_selector("[data-actions]")
    assert ActionItem.objects.get(text="จัดทำแผนทดสอบวันที่").due_date == due
    assert format_date(due) in clerk.locator("[data-actions]").inner_text()

    # The audit search's date range: typed in BE, kept in BE, and it finds today's events
    # (the submission above) and none of yesterday's.
    auditor = log_in(browser, live_server, org.auditor)
    for day, found in ((today, True), (today - dt.timedelta(days=1), False)):
        auditor.goto(f"{live_server.url}/audit/")
        auditor.fill("#id_date_from", be(day))
        auditor.fill("#id_date_to", be(day))
        assert auditor.locator("label[for=id_date_to]").inner_text().startswith("ถึงวันที่")
        auditor.click("form.search button[type=submit]")
        auditor.wait_for_url("**date_to=*")
        assert auditor.input_value("#id_date_from") == be(day)
        assert auditor.input_value("#id_date_to") == be(day)
        assert ("หนังสือเวียนทดสอบวันที่" in auditor.locator("main").inner_text()) is found
