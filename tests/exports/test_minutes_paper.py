"""Minutes on paper: a name never splits across lines, a heading never ends a page, an empty
agenda item says "ไม่มี", the minute-taker and the checker (the approving chair: the model
names no other checker) each sign with a date, a follow-up's state is not said twice."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hrflow.thai import format_date, thai_digits
from meetings import followups
from tests.exports.conftest import run
from tests.factories import make_person
from tests.meetings import minutes_draft, publish

pytestmark = pytest.mark.django_db

LONG_NAME = ("นางสาว", "อรทัยวรรณประภาพรรัตน์", "ศรีสุวรรณวงศ์ไพบูลย์กิจเจริญ")
REPORT = "ที่ประชุมพิจารณาแผนการลดใช้กระดาษและพลังงานของหน่วยงานอย่างละเอียด " * 40


@pytest.fixture
def april(org):
    title, first, last = LONG_NAME
    person = make_person(
        "long-name", unit=org.office, title=title, first_name=first, last_name=last
    )
    present = [org.executive, org.clerk, org.employee, person]
    march = minutes_draft(org, meeting_date=dt.date(2025, 3, 5), present=present)
    action = followups.action_add(
        march, by=org.clerk.user, item=4, text="จัดทำแผนลดใช้กระดาษ", owner=person,
        due_date=dt.date(2025, 3, 31),
    )  # fmt: skip
    publish(march, org)
    april = minutes_draft(org, meeting_date=dt.date(2025, 4, 2), present=present, item_4=REPORT)
    followups.action_progress(
        action, at_minutes=april, by=org.clerk.user, note="ดำเนินการแล้วเสร็จ", close=True
    )
    return publish(april, org), person


@pytest.mark.needs("chromium", "pdftotext")
def test_the_minutes_pdf_keeps_names_whole_says_nothing_once_and_has_two_signers(
    org, april, as_, tmp_path
):
    minutes, person = april
    response = as_(org.executive).get(
        reverse("workflows:meetingminutes-export-pdf", args=[minutes.pk])
    )
    assert response.status_code == 200
    text = run("pdftotext", "-", "-", data=response.content)
    lines = text.splitlines()
    for employee in (org.executive, org.clerk, org.employee, person):
        name = thai_digits(employee.full_name)
        assert any(name in line for line in lines), name  # whole, on one line
    # Every place the long name is written, it is written whole.
    assert text.count(LONG_NAME[1][:6]) == sum(line.count(person.full_name) for line in lines)
    (tmp_path / "minutes.pdf").write_bytes(response.content)
    assert "ไม่มี" in text  # items 1–5 with nothing under them (item 5 here)
    assert "ดำเนินการแล้วเสร็จ" in text
    assert "ดำเนินการแล้วเสร็จ: ดำเนินการแล้วเสร็จ" not in text
    today = format_date(timezone.localdate(), lang="th", digits=True)
    for label, signer in (
        ("ผู้จดรายงานการประชุม", org.clerk),
        ("ผู้ตรวจรายงานการประชุม", org.executive),
    ):
        at = text.index(label)
        block = text[at : at + 200]
        assert f"({thai_digits(signer.full_name)})" in block, label
        assert f"วันที่ {today}" in block, label
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    for page in pages[:-1]:
        last = [line for line in page.splitlines() if line.strip()][-1]
        assert not last.startswith(("ระเบียบวาระที่", "ผู้มาประชุม", "ผู้ไม่มาประชุม")), last
    for page in pages[:-1]:
        # No fragment of a line that went on to the next page (its tone marks printed alone).
        last = [line for line in page.splitlines() if line.strip()][-1]
        assert not re.fullmatch(r"[ก-๛]{1,3}", last.strip()), last


@pytest.mark.needs("chromium", "pdftoppm")
def test_the_minutes_pdf_renders_to_png(org, april, as_, tmp_path):
    minutes, _person = april
    response = as_(org.executive).get(
        reverse("workflows:meetingminutes-export-pdf", args=[minutes.pk])
    )
    source = tmp_path / "minutes.pdf"
    source.write_bytes(response.content)
    run("pdftoppm", "-r", "60", "-png", str(source), str(tmp_path / "page"))
    assert len(list(tmp_path.glob("page-*.png"))) >= 2
