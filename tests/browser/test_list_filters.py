"""The lists' filter form in the browser, at 1280 px and on a 390 px phone: labelled in Thai,
stacked on the phone without sideways scrolling, a search sent by the form lands in the
address (a bookmark) and narrows the list, a bad value shows the error summary — axe-core
finds nothing critical or serious on any of it. And a tracking page printed to PDF shows the
table and none of the menu, buttons or forms."""

import shutil
import subprocess

import pytest
from django.db import connections
from django.urls import reverse

from tests.browser.conftest import axe_violations, signed_in_page
from tests.browser.test_menu import WIDTHS
from tests.web.conftest import new_draft, walk

pytestmark = pytest.mark.browser


def field_boxes(form):
    return [
        form.locator(f".field:has(#id_{name})").bounding_box() for name in ("q", "year", "unit")
    ]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_filter_form_is_labelled_fits_the_screen_and_narrows_the_list(
    width, org, live_server, browser
):
    wanted = new_draft(org, "ประกาศจัดซื้อไม้กวาด")
    other = walk(new_draft(org, "ประกาศเรื่องวันหยุด"), org, "submit", "approve", "publish")
    options = WIDTHS[width]
    try:
        page = signed_in_page(browser, live_server, org.clerk, bypass_csp=True, **options)
        page.goto(live_server.url + reverse("workflows:circular-list"))
        form = page.locator("form.list-filters")
        labels = [form.locator(f"label[for=id_{name}]").inner_text() for name in ("q", "year")]
        assert labels == ["ค้นหา", "ปีงบประมาณ (พ.ศ.)"]
        boxes = field_boxes(form)
        if width == "phone":  # stacked (year and state side by side), from the same left edge
            assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
            assert {round(box["x"]) for box in boxes} == {round(boxes[0]["x"])}
        else:  # one row, the fields' tops level
            assert len({round(box["y"]) for box in boxes}) == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= options["viewport"]["width"]
        assert axe_violations(page) == []

        page.fill("#id_q", "กวาด")
        page.select_option("#id_state", "draft")
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/circulars/?q=*")
        assert "state=draft" in page.url
        titles = page.locator(".doc-title").all_inner_texts()
        assert titles == [wanted.title] and other.title not in page.content()
        assert page.locator("#id_q").input_value() == "กวาด"

        page.goto(live_server.url + reverse("workflows:circular-list") + "?year=abc")
        summary = page.locator(".error-summary")
        assert "ปีงบประมาณ" in summary.inner_text()
        assert len(page.locator(".doc-title").all_inner_texts()) == 2  # the unfiltered list
        if width != "phone":  # the year's error grows its own cell: the row stays level
            boxes = field_boxes(page.locator("form.list-filters"))
            assert len({round(box["y"]) for box in boxes}) == 1
            assert boxes[1]["height"] > max(boxes[0]["height"], boxes[2]["height"])
        assert axe_violations(page) == []
        page.context.close()
    finally:
        connections.close_all()


def test_a_printed_tracking_page_has_the_table_and_no_menu_buttons_or_forms(
    org, live_server, browser, tmp_path
):
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    circular = walk(new_draft(org, "ประกาศเรื่องการแต่งกาย"), org, "submit", "approve", "publish")
    try:
        page = signed_in_page(browser, live_server, org.clerk)
        page.goto(live_server.url + reverse("workflows:circular-tracking", args=[circular.pk]))
        screen = page.locator("body").inner_text()
        assert "ส่งออก Excel" in screen  # the buttons are there on screen
        pdf = tmp_path / "tracking.pdf"
        page.pdf(path=str(pdf), format="A4")
        page.context.close()
    finally:
        connections.close_all()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert circular.title in text and org.office.name in text  # the page and its table
    for absent in ("Excel", "CSV", "เตือนผู้ที่ยังไม่รับทราบ", "ออกจากระบบ", "HRFlow", "/circulars/"):
        assert absent not in text, f"{absent!r} is printed"
