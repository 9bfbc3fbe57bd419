"""The journey of issue 4, in a real browser, in Thai: HR drafts round-1 criteria for fiscal
year 2569 for permanent employees, an executive publishes them (after the round started, so with
the confirmation and a reason), a real Celery worker delivers the notices, an employee finds them
under "my documents" on a phone and acknowledges, HR's compliance page shows it; HR publishes a
revision, the employee is asked again for the new version and the old acknowledgement stays in
the history."""

import tempfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.utils import timezone

from notifications.models import Acknowledgement, Notice
from personnel.models import EvaluationCriteria
from tests.browser.conftest import log_in, menu_link, wait_for
from tests.factories import make_person
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.browser

TITLE = "เกณฑ์การประเมินผลการปฏิบัติงานลูกจ้างประจำ รอบที่ 1 ปีงบประมาณ 2569"
PERMANENT = "permanent_worker"
# Looked at by a person after a change to the pages: are the criteria readable on a phone?
SCREENSHOT = Path(tempfile.gettempdir()) / "hrflow-criteria-390.png"


def test_criteria_travel_from_hr_to_acknowledgement_and_again_for_a_revision_in_thai(
    org,
    live_server,
    browser,
    worker,
):
    try:
        journey(org, live_server, browser)
    finally:
        connections.close_all()  # see test_circular_journey


def delivered(criteria, recipients):
    notices = Notice.objects.filter(
        acknowledgement__content_type=ContentType.objects.get_for_model(EvaluationCriteria),
        acknowledgement__object_id=criteria.pk,
    )
    wait_for(
        lambda: (
            notices.count() == 2 * recipients
            and not notices.exclude(status=Notice.Status.SENT).exists()
        ),
        what=f"the worker to deliver the notices of version {criteria.version}",
    )


def publish_late(page, live_server, criteria, reason):
    """Approve and publish as the executive: round 1 of 2569 has started, so the publish step
    asks for a reason and the explicit confirmation."""
    page.goto(f"{live_server.url}/evaluation-criteria/{criteria.pk}/")
    page.click("form[data-step=approve] button")
    page.wait_for_selector("form[data-step=publish]")
    page.fill("#note-publish", reason)
    page.check("form[data-step=publish] [data-override]")
    page.click("form[data-step=publish] button")
    page.wait_for_selector(".badge.state-published")


def journey(org, live_server, browser):
    org.employee.employment_type = PERMANENT
    org.employee.save(update_fields=["employment_type"])
    colleagues = [
        make_person(f"perm{n}", unit=org.section, employment_type=PERMANENT) for n in (1, 2)
    ]
    recipients = 1 + len(colleagues)  # every permanent employee, and nobody else

    # HR drafts the criteria: the default components (70/30) and five levels are offered.
    clerk = log_in(browser, live_server, org.clerk)
    clerk.goto(f"{live_server.url}/evaluation-criteria/new/")
    assert "ผลสัมฤทธิ์ของงาน | 70" in clerk.input_value("#id_components")
    assert "ดีมาก | 80 | 89.99" in clerk.input_value("#id_levels")
    clerk.fill("#id_title", TITLE)
    clerk.fill("#id_fiscal_year", "2569")
    clerk.select_option("#id_round", "1")
    clerk.check(f"input[name=employment_types][value={PERMANENT}]")
    clerk.click("button[data-action=save]")
    clerk.wait_for_selector("form[data-step=submit]")
    criteria = EvaluationCriteria.objects.get(title=TITLE)
    assert (criteria.fiscal_year, criteria.round, criteria.employment_types) == (
        2569,
        1,
        [PERMANENT],
    )
    assert "องค์ประกอบ ตัวชี้วัด และน้ำหนัก" in clerk.content()
    clerk.click("form[data-step=submit] button")
    clerk.wait_for_selector(".badge.state-in_review")

    executive = log_in(browser, live_server, org.executive)
    publish_late(executive, live_server, criteria, "ระเบียบการประเมินฉบับใหม่ประกาศล่าช้า")
    entry = TransitionLog.objects.filter(object_id=criteria.pk, transition="publish").last()
    assert "ระเบียบการประเมินฉบับใหม่ประกาศล่าช้า" in entry.note
    delivered(criteria, recipients)

    # The employee finds them under "my documents", on a phone, and acknowledges.
    employee = log_in(
        browser, live_server, org.employee, viewport={"width": 390, "height": 844},
        is_mobile=True, has_touch=True, device_scale_factor=2,
    )  # fmt: skip
    nav, _clicks = menu_link(employee, "my-documents")
    assert nav.inner_text().strip() == "เอกสารของท่าน"
    nav.click()
    current = employee.locator(f"[data-current='{criteria.pk}']")
    assert TITLE in current.inner_text()
    width = employee.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"my documents scrolls sideways on a phone ({width}px)"
    current.locator("a[data-action=read-and-acknowledge]").click()
    employee.wait_for_selector("button[data-action=acknowledge]")
    assert "ดีเด่น" in employee.locator("[data-levels]").inner_text()
    employee.screenshot(path=str(SCREENSHOT), full_page=True)
    width = employee.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the criteria's tables scroll sideways on a phone ({width}px)"
    employee.click("button[data-action=acknowledge]")
    employee.wait_for_selector("[data-acknowledged]")
    first = Acknowledgement.objects.get(employee=org.employee, object_id=criteria.pk, version=1)
    assert first.acknowledged_at is not None

    # HR's compliance view of the round shows it, by unit, and names who is left.
    menu_link(clerk, "compliance")[0].click()
    clerk.wait_for_selector("[data-stat=acknowledged]")
    assert clerk.locator("[data-stat=recipients]").inner_text() == str(recipients)
    assert clerk.locator("[data-stat=acknowledged]").inner_text() == "1"
    outstanding = clerk.locator("[data-outstanding]").inner_text()
    assert all(colleague.full_name in outstanding for colleague in colleagues)
    assert org.employee.full_name not in outstanding
    assert "ฝ่ายสรรหา" in clerk.locator("[data-unit]").first.inner_text()

    # HR publishes a revision: the employee is asked again, the old acknowledgement stays.
    clerk.goto(f"{live_server.url}/evaluation-criteria/{criteria.pk}/")
    clerk.click("form[data-action=revise] button")
    clerk.wait_for_selector("#id_description")
    clerk.fill("#id_description", "เพิ่มตัวชี้วัดด้านการบริการประชาชน")
    clerk.click("button[data-action=save]")
    clerk.wait_for_selector("form[data-step=submit]")
    second = EvaluationCriteria.objects.get(supersedes=criteria)
    clerk.click("form[data-step=submit] button")
    clerk.wait_for_selector(".badge.state-in_review")
    publish_late(executive, live_server, second, "ปรับตัวชี้วัดตามข้อเสนอของบุคลากร")
    delivered(second, recipients)
    criteria.refresh_from_db()
    assert criteria.state == State.ARCHIVED

    employee.goto(f"{live_server.url}/my-documents/")
    current = employee.locator(f"[data-current='{second.pk}']")
    assert current.locator("[data-pending]").count() == 1  # asked again for version 2
    history = employee.locator("[data-history]")
    history.locator("summary").click()
    first.refresh_from_db()
    old = history.locator(f"[data-old='{criteria.pk}']").inner_text()
    # The first acknowledgement, with its date in the Buddhist Era.
    when = timezone.localtime(first.acknowledged_at)
    assert f"รับทราบแล้วเมื่อ {when.day} " in old
    assert f"{when.year + 543} {when:%H:%M}" in old.split("รับทราบแล้วเมื่อ")[1]
    first.refresh_from_db()
    assert first.acknowledged_at is not None
    assert Acknowledgement.objects.get(employee=org.employee, object_id=second.pk).version == 2
