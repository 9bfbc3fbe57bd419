"""An auditor, in a real browser, in Thai: finds a circular in the audit trail, opens its
timeline and sees what changed between version 1 and 2, exports the trail as CSV with the
chain's head hash, and a form post from their session is refused with nothing changed."""

from pathlib import Path

import pytest
from django.db import connections

from circulars.models import Circular
from hrflow import audit
from tests.browser.conftest import log_in, menu_link
from tests.web.conftest import revised_circular

pytestmark = pytest.mark.browser
TITLE = "ประกาศเรื่องเวลาปฏิบัติราชการ"


def test_an_auditor_reads_a_circulars_history_exports_it_and_cannot_change_anything(
    org, live_server, browser, tmp_path
):
    try:
        journey(org, live_server, browser, tmp_path)
    finally:
        connections.close_all()


def journey(org, live_server, browser, tmp_path):
    _first, second = revised_circular(org, TITLE)

    auditor = log_in(browser, live_server, org.auditor, accept_downloads=True)
    menu_link(auditor, "audit")[0].click()
    auditor.wait_for_selector("[data-head-hash]")
    assert auditor.locator("[data-head-hash]").inner_text() == audit.head_hash()

    # Find the circular in the trail and open its timeline.
    auditor.fill("#id_q", "เวลาปฏิบัติราชการ")
    auditor.select_option("#id_kind", "transition")
    auditor.click("form.search button[type=submit]")
    auditor.wait_for_selector("tr[data-kind=transition]")
    auditor.locator("tr[data-kind=transition] a", has_text=TITLE).first.click()
    auditor.wait_for_selector("[data-diff]")
    assert auditor.locator("section.version").count() == 2
    diff = auditor.locator("[data-diff]").inner_text()
    assert "เข้างานเวลา 08.30 น." in auditor.locator("[data-diff] del").inner_text()
    assert "เข้างานเวลา 08.00 น." in auditor.locator("[data-diff] ins").inner_text()
    assert "08.30" in diff and "08.00" in diff
    version_1 = auditor.locator("section.version[data-version='1']").inner_text()
    assert org.employee.full_name in version_1  # who acknowledged version 1

    # Export the trail as CSV: the head hash is on it.
    auditor.click("a.crumbs-link, p.crumbs a")
    auditor.wait_for_selector("[data-export=csv]")
    with auditor.expect_download() as download:
        auditor.click("[data-export=csv]")
    saved = Path(tmp_path) / "trail.csv"
    download.value.save_as(saved)
    exported = saved.read_text(encoding="utf-8-sig")
    assert audit.head_hash() in exported and TITLE in exported

    # A form post from the auditor's session is refused, and nothing changes.
    before = audit.verify().count
    token = next(c["value"] for c in auditor.context.cookies() if c["name"] == "csrftoken")
    response = auditor.context.request.post(
        f"{live_server.url}/circulars/{second.pk}/transitions/withdraw/",
        form={"note": "ทดสอบ", "csrfmiddlewaretoken": token},
        headers={"X-CSRFToken": token, "Referer": f"{live_server.url}/circulars/{second.pk}/"},
    )
    assert response.status == 403
    assert "ผู้ตรวจสอบ" in response.text()
    assert Circular.objects.get(pk=second.pk).state == "published"
    assert audit.verify().count == before
