"""Done-when 2: the PDF's text is exactly the report's Thai (pdftotext, stacked marks and SARA
AM included), the DOCX's Thai runs carry the complex-script font, the XLSX is in TH Sarabun
16 pt; `?digits=thai` writes Thai digits."""

import io
import re
import subprocess

import pytest
from django.urls import reverse
from docx import Document as read_docx
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tests.conftest import need
from tests.reports.conftest import build, publish

pytestmark = pytest.mark.django_db

WORDS = ("ประจำปี", "น้ำ", "ผู้ใหญ่", "ประจำเดือน", "หนังสือเวียน", "ผลลัพธ์")


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        [need("pdftotext"), "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def contains(text: str, phrase: str) -> bool:
    """The phrase, character for character, where a line may break between any two characters
    (Thai words have no spaces between them) or at a space."""
    parts = ["[ \n]" if char == " " else re.escape(char) for char in phrase]
    return re.search("\n?".join(parts), text) is not None


@pytest.fixture
def report(org):
    return publish(org, build(org))


@pytest.mark.needs("chromium")
def test_the_pdf_holds_the_thai_text_exactly(org, report, as_):
    url = reverse("reports:export", args=[report.pk, "pdf"])
    response = as_(None).get(url + "?digits=arabic")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for word in WORDS:
        assert word in text, word
    assert contains(text, report.title)
    # The column headings stand side by side, so pdftotext may read them interleaved.
    assert contains(text, "ผลลัพธ์/ความสำเร็จ") and contains(text, "ของการดำเนินการ")
    for measure in report.measures:
        for activity in measure["activities"]:
            if activity["source"]:
                assert contains(text, f"มาตรการที่ {measure['number']}: {activity['text']}")
    assert "ที่ประชุมยกปัญหาและอุปสรรค" in text
    assert not contains(text, "ที่ประชุมยกปั ญหา")  # no gap read into a word
    assert org.executive.full_name in text  # the approving executive signs
    assert "2569" in text and "๒๕๖๙" not in text

    # The agency's style (Thai digits unless its Agency setting says otherwise) by default.
    thai = as_(None).get(url)
    assert "-thai-digits.pdf" in thai["Content-Disposition"]
    text = pdf_text(thai.content)
    assert contains(text, "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙") and "2569" not in text


def test_the_docx_carries_the_thai_font_on_the_complex_script_runs(report, as_):
    response = as_(None).get(reverse("reports:export", args=[report.pk, "docx"]) + "?digits=arabic")
    assert response.status_code == 200
    document = read_docx(io.BytesIO(response.content))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [*document.paragraphs, *(p for cell in cells for p in cell.paragraphs)]
    text = "\n".join(p.text for p in paragraphs)
    for word in WORDS:
        assert word in text, word
    assert report.title in text
    thai_runs = [run for p in paragraphs for run in p.runs if re.search("[ก-๙]", run.text)]
    assert len(thai_runs) > 20
    for run in thai_runs:
        rpr = run._element.rPr
        assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "TH SarabunPSK"
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    section = document.sections[0]
    assert section.page_width > section.page_height  # A4 landscape, for the four columns
    assert round(section.left_margin.cm, 1) == 3.0 and round(section.right_margin.cm, 1) == 2.0


def test_the_xlsx_has_the_four_columns_in_thai_sarabun(report, as_):
    response = as_(None).get(reverse("reports:export", args=[report.pk, "xlsx"]) + "?digits=thai")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert sheet["A1"].value.endswith("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙")
    assert "ขั้นตอน/วิธีปฏิบัติ" in values
    assert any(str(v).startswith("๑. กระบวนการปฏิบัติงานที่โปร่งใส") for v in values)
    assert not any(re.search("[0-9]", str(v)) for v in values)
    assert sheet["A1"].font.name == "TH SarabunPSK" and sheet["A1"].font.size == 16
