"""The journey of the issue, in a real browser, in Thai: a clerk drafts a circular to one unit
and submits it, an executive approves and publishes it, a real Celery worker delivers the
notices, an addressed employee acknowledges it from the inbox, the clerk's tracking shows 1 of N,
and an employee of another unit sees nothing of it."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone

from circulars.models import Circular
from notifications.models import Acknowledgement, Notice
from tests.browser.conftest import log_in, menu_link, pick, wait_for
from tests.factories import make_person

pytestmark = pytest.mark.browser

# Looked at by a person after a change to the pages: is the inbox usable on a phone?
SCREENSHOT = Path(tempfile.gettempdir()) / "hrflow-inbox-390.png"
TITLE = "หนังสือเวียนเรื่องการเข้าร่วมอบรมจริยธรรม"


def test_a_circular_travels_from_draft_to_acknowledgement_in_thai(
    org, live_server, browser, worker
):
    try:
        journey(org, live_server, browser)
    finally:
        # Beside Playwright's event loop the ORM works on a connection of its own that
        # pytest-django does not close; left open, it keeps PostgreSQL from dropping the test
        # database at the end of the session.
        connections.close_all()


def journey(org, live_server, browser):
    colleagues = [make_person(f"staff{n}", unit=org.section) for n in (1, 2)]
    recipients = 1 + len(colleagues)  # the section: employee and two colleagues
    deadline = timezone.localdate() + dt.timedelta(days=14)

    # The clerk drafts the circular to one unit and submits it.
    clerk = log_in(browser, live_server, org.clerk)
    new_circular, _clicks = menu_link(clerk, "circulars-new")
    new_circular.click()
    clerk.fill("#id_title", TITLE)
    clerk.fill("#id_body", "ขอเชิญบุคลากรทุกท่านเข้าร่วมอบรม\n\nณ ห้องประชุมใหญ่")
    clerk.fill("#id_deadline", deadline.isoformat())
    pick(clerk, "id_audience_units", "สรรหา", "ฝ่ายสรรหา")
    clerk.click("button[data-action=save]")
    clerk.wait_for_selector("form[data-step=submit]")
    circular = Circular.objects.get(title=TITLE)
    assert TITLE in clerk.locator("h1").inner_text()
    assert "ฝ่ายสรรหา" in clerk.content()  # the audience, described
    assert f"{deadline.year + 543}" in clerk.locator(".facts").inner_text()  # Buddhist Era
    assert clerk.locator("form[data-step=submit] button").inner_text().strip() == "เสนอพิจารณา"
    clerk.click("form[data-step=submit] button")
    clerk.wait_for_selector(".badge.state-in_review")

    # The executive approves and publishes it.
    executive = log_in(browser, live_server, org.executive)
    executive.goto(f"{live_server.url}/circulars/{circular.pk}/")
    assert executive.locator("form[data-step=approve] button").inner_text().strip() == "อนุมัติ"
    executive.click("form[data-step=approve] button")
    executive.wait_for_selector("form[data-step=publish]")
    executive.click("form[data-step=publish] button")
    executive.wait_for_selector(".badge.state-published")
    circular.refresh_from_db()
    assert executive.locator(".docno").first.inner_text() == f"ที่ {circular.register_code}/ว 1"

    # The worker delivers every notice (in-app and email), each once.
    notices = Notice.objects.filter(acknowledgement__object_id=circular.pk)
    wait_for(
        lambda: (
            notices.count() == 2 * recipients
            and not notices.exclude(status=Notice.Status.SENT).exists()
        ),
        what="the worker to deliver the notices",
    )

    # An addressed employee finds it in the inbox, on a phone, and acknowledges it.
    employee = log_in(
        browser, live_server, org.employee, viewport={"width": 390, "height": 844},
        is_mobile=True, has_touch=True, device_scale_factor=2,
    )  # fmt: skip
    inbox, _clicks = menu_link(employee, "inbox")  # the phone lands on its work queue
    inbox.click()
    notice = employee.locator(".notice.unread")
    assert TITLE in notice.inner_text()
    employee.screenshot(path=str(SCREENSHOT), full_page=True)
    width = employee.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the inbox scrolls sideways on a phone ({width}px)"
    notice.locator("a").first.click()
    employee.wait_for_selector("button[data-action=acknowledge]")
    assert "ขอเชิญบุคลากรทุกท่านเข้าร่วมอบรม" in employee.locator(".prose").inner_text()
    assert employee.locator("button[data-action=acknowledge]").inner_text().strip() == "รับทราบ"
    employee.click("button[data-action=acknowledge]")
    employee.wait_for_selector("[data-acknowledged]")
    assert (
        f"{timezone.localdate().year + 543}" in employee.locator("[data-acknowledged]").inner_text()
    )
    ack = Acknowledgement.objects.get(employee=org.employee, object_id=circular.pk)
    assert ack.acknowledged_at is not None
    assert "Chrome" in ack.user_agent or "Mobile" in ack.user_agent

    # The clerk's tracking shows 1 of N.
    clerk.goto(f"{live_server.url}/circulars/{circular.pk}/tracking/")
    assert "ติดตามการรับทราบ" in clerk.locator("h1").inner_text()
    assert clerk.locator("[data-stat=acknowledged]").inner_text() == "1"
    assert clerk.locator("[data-stat=recipients]").inner_text() == str(recipients)
    assert clerk.locator("[data-stat=delivered]").inner_text() == str(recipients)
    for colleague in colleagues:
        assert colleague.full_name in clerk.locator(".people").inner_text()

    # An employee of another unit sees nothing of it.
    outsider = log_in(browser, live_server, org.outsider)
    assert TITLE not in outsider.content()
    outsider.goto(f"{live_server.url}/circulars/")
    assert TITLE not in outsider.content()
    response = outsider.goto(f"{live_server.url}/circulars/{circular.pk}/")
    assert response.status == 404
    assert TITLE not in outsider.content()
    assert not Notice.objects.filter(recipient=org.outsider).exists()
