"""Done-when 3, in a real browser and in Thai: HR builds the report of a fiscal year, the
executive approves and publishes it, and a visitor with no login finds it on the public evidence
page (on a phone), downloads it — and reaches nothing that is not published."""

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from hrflow.thai import fiscal_year, thai_digits
from reports import services as report_services
from reports.models import Activity
from tests.browser.conftest import log_in, menu_link
from tests.conftest import need
from tests.reports.test_exports import contains
from tests.web.conftest import new_draft, walk

pytestmark = pytest.mark.browser

SCREENSHOT = Path(tempfile.gettempdir()) / "hrflow-report-public-390.png"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_hr_builds_the_executive_publishes_a_visitor_downloads(org, live_server, browser):
    try:
        journey(org, live_server, browser)
    finally:
        connections.close_all()  # see tests/browser/test_circular_journey.py


def journey(org, live_server, browser):
    fy = fiscal_year(timezone.localdate())
    walk(new_draft(org, "หนังสือเวียนเรื่องการประหยัดน้ำประจำปี"), org, "submit", "approve", "publish")
    # Last year's report stays a draft, with an evidence file: none of it may be reachable.
    hidden = report_services.report_build(fy - 1, by=org.clerk.user)
    activity = Activity.objects.filter(measure__fiscal_year=fy - 1, source="").first()
    evidence = report_services.evidence_add(
        activity, by=org.clerk.user, upload=SimpleUploadedFile("ร่าง.pdf", b"%PDF-1.4\n")
    )

    clerk = log_in(browser, live_server, org.clerk)
    menu_link(clerk, "reports")[0].click()
    clerk.fill("#id_fiscal_year", str(fy))
    clerk.click("form[data-action=build] button[type=submit]")
    clerk.wait_for_selector("form[data-step=submit]")
    assert "หนังสือเวียน 1 ฉบับ" in clerk.locator("[data-source=circulars]").inner_text()
    clerk.click("form[data-step=submit] button")
    clerk.wait_for_selector(".badge.state-in_review")

    executive = log_in(browser, live_server, org.executive)
    executive.goto(f"{live_server.url}/reports/")
    executive.click(f"a[data-report='{fy}']")
    executive.click("form[data-step=approve] button")
    executive.wait_for_selector("form[data-step=publish]")
    executive.click("form[data-step=publish] button")
    executive.wait_for_selector(".badge.state-published")
    title = executive.locator("h1").inner_text().strip()
    assert title.endswith(f"ประจำปีงบประมาณ พ.ศ. {fy}")

    visitor = browser.new_context(locale="th-TH", accept_downloads=True, **PHONE).new_page()
    visitor.set_default_timeout(30_000)
    visitor.goto(f"{live_server.url}/public/")
    assert not visitor.locator(f"a[data-year='{fy - 1}']").count()  # only a draft that year
    visitor.click(f"a[data-year='{fy}']")
    visitor.wait_for_selector("[data-kind=integrity-reports]")
    report_link = visitor.locator("[data-kind=integrity-reports] a[data-item]")
    assert report_link.count() == 1
    report_link.click()
    visitor.wait_for_selector("[data-downloads]")
    assert visitor.locator("h1").inner_text().strip() == title
    assert "หนังสือเวียน 1 ฉบับ" in visitor.content()
    visitor.screenshot(path=str(SCREENSHOT), full_page=True)
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the public page scrolls sideways on a phone ({width}px)"
    with visitor.expect_download() as download:
        visitor.click("a[data-download=pdf]")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        [need("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    # In the agency's digits (Thai unless its setting says otherwise), as every document.
    assert contains(text, thai_digits(title)) and "ประจำปี" in text and "น้ำ" in text
    with visitor.expect_download() as download:
        visitor.click("a[data-download=xlsx]")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"

    for path in (
        reverse("public:item", args=[fy - 1, "integrity-reports", hidden.pk]),
        reverse("public:download", args=[fy - 1, "integrity-reports", hidden.pk, "pdf"]),
        reverse("reports:export", args=[hidden.pk, "pdf"]),
        reverse("reports:evidence", args=[evidence.pk]),
    ):
        response = visitor.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
    for path in (reverse("reports:list"), reverse("reports:detail", args=[hidden.pk])):
        visitor.goto(f"{live_server.url}{path}")
        assert "/login/" in visitor.url, path  # HR's pages ask for a login
