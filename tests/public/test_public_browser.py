"""In a real browser, in Thai: HR ticks "public" on a position description, the executive
publishes it, and a visitor with no login finds it on a phone under its fiscal year, reads it and
downloads it — and a draft's address answers "not found"."""

import tempfile
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from hrflow.thai import fiscal_year
from personnel.models import PositionDescription
from tests.browser.conftest import log_in
from tests.hr_world import draft_of

pytestmark = pytest.mark.browser

TITLE = "รายละเอียดของตำแหน่งนักทรัพยากรบุคคล ประจำปี"
SCREENSHOT = Path(tempfile.gettempdir()) / "hrflow-public-390.png"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_visitor_finds_what_hr_made_public_and_nothing_else(org, live_server, browser):
    try:
        journey(org, live_server, browser)
    finally:
        connections.close_all()  # see tests/browser/test_circular_journey.py


def journey(org, live_server, browser):
    clerk = log_in(browser, live_server, org.clerk)
    clerk.goto(f"{live_server.url}/position-descriptions/new/")
    clerk.fill("#id_title", TITLE)
    clerk.select_option("#id_position", str(org.employee.position.pk))
    clerk.fill("#id_duties", "สรรหาและบรรจุแต่งตั้ง | 60\nพัฒนาบุคลากร | 40")
    clerk.check("#id_is_public")
    clerk.click("button[data-action=save]")
    clerk.wait_for_selector("form[data-step=submit]")
    assert clerk.locator("[data-field=visibility]").inner_text().strip() == "เปิดเผยต่อสาธารณะ"
    clerk.click("form[data-step=submit] button")
    clerk.wait_for_selector(".badge.state-in_review")
    document = PositionDescription.objects.get(title=TITLE)
    assert document.is_public

    executive = log_in(browser, live_server, org.executive)
    executive.goto(f"{live_server.url}/position-descriptions/{document.pk}/")
    executive.click("form[data-step=approve] button")
    executive.wait_for_selector("form[data-step=publish]")
    executive.click("form[data-step=publish] button")
    executive.wait_for_selector(".badge.state-published")
    draft = draft_of(PositionDescription, org, title="ร่างที่ยังไม่เผยแพร่", is_public=True)

    visitor = browser.new_context(locale="th-TH", accept_downloads=True, **PHONE).new_page()
    visitor.set_default_timeout(20_000)
    visitor.goto(f"{live_server.url}/public/")
    fy = fiscal_year(timezone.localdate())
    visitor.click(f"a[data-year='{fy}']")
    visitor.wait_for_selector("[data-kind=position-descriptions]")
    assert "ร่างที่ยังไม่เผยแพร่" not in visitor.content()
    visitor.click(f"a[data-item='position-descriptions-{document.pk}']")
    visitor.wait_for_selector("[data-downloads]")
    assert TITLE in visitor.locator("h1").inner_text()
    assert "พัฒนาบุคลากร" in visitor.locator("[data-duties]").inner_text()
    visitor.screenshot(path=str(SCREENSHOT), full_page=True)
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the public page scrolls sideways on a phone ({width}px)"
    with visitor.expect_download() as download:
        visitor.click("a[data-download=docx]")
    assert download.value.suggested_filename.endswith(f"-{document.pk}-v1.docx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"

    hidden = reverse("public:item", args=[fy, "position-descriptions", draft.pk])
    response = visitor.goto(f"{live_server.url}{hidden}")
    assert response.status == 404
    assert "ไม่พบเอกสารเผยแพร่" in visitor.content()
