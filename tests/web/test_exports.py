"""Exports as Thai official documents: the PDF's text is exactly the Thai that was written
(pdftotext, including SARA AM and stacked marks), the DOCX carries the Thai font on the
complex-script attributes, and a server without Chromium says so instead of failing."""

import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document as read_docx
from docx.oxml.ns import qn

from hrflow import exports
from hrflow.thai import thai_digits
from tests.conftest import need
from tests.web.conftest import new_draft, walk

TITLE = "ประกาศเรื่องการประหยัดน้ำประจำปีสำหรับผู้ใหญ่และบุคลากร"
BODY = "<p>ขอให้บุคลากรทุกคนปฏิบัติตามมาตรการประจำเดือน</p><ul><li>ปิดน้ำทุกครั้ง</li></ul>"


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        [need("pdftotext"), "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.fixture
def published_circular(org):
    return walk(new_draft(org, TITLE, body=BODY), org, "submit", "approve", "publish")


@pytest.fixture
def needs_chromium():
    need("chromium")


def test_the_pdf_of_a_circular_holds_its_thai_text_exactly(
    org, published_circular, as_, needs_chromium
):
    response = as_(org.employee).get(
        reverse("workflows:circular-export-pdf", args=[published_circular.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for words in ("ประจำปี", "น้ำ", "ผู้ใหญ่", "ประจำเดือน", "บันทึกข้อความ", "เรื่อง", "ที่ ลพ"):
        assert words in text, words
    # Whole lines, not just words: no false gap after a tall consonant with an upper vowel.
    assert TITLE in text
    assert "ขอให้บุคลากรทุกคนปฏิบัติตามมาตรการประจำเดือน" in text
    # the executive who published signs it (the agency's Thai digits: "นายสมชาย๒")
    assert thai_digits(org.executive.full_name) in text


def test_the_docx_carries_the_thai_font_on_the_complex_script_runs(org, published_circular, as_):
    # English pages, but an official document is Thai whatever the reader's language.
    response = as_(org.employee, lang="en").get(
        reverse("workflows:circular-export-docx", args=[published_circular.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = read_docx(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert TITLE in text and "ขอให้บุคลากรทุกคนปฏิบัติตามมาตรการประจำเดือน" in text
    assert "เรื่อง" in text and "• ปิดน้ำทุกครั้ง" in text
    thai_runs = [run for p in document.paragraphs for run in p.runs if "ประจำ" in run.text]
    assert thai_runs
    for run in thai_runs:
        rpr = run._element.rPr
        assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "TH SarabunPSK"
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    section = document.sections[0]
    assert round(section.left_margin.cm, 1) == 3.0 and round(section.right_margin.cm, 1) == 2.0


def test_a_server_without_chromium_answers_503_with_a_reason(
    org, published_circular, as_, settings
):
    settings.HRFLOW_CHROMIUM = "/nonexistent/chromium"
    response = as_(org.employee).get(
        reverse("workflows:circular-export-pdf", args=[published_circular.pk])
    )
    assert response.status_code == 503
    assert "Chromium" in response.content.decode()


def test_a_table_row_with_a_missing_cell_is_refused_when_the_export_is_built():
    with pytest.raises(ValueError, match="one cell per column"):
        exports.OfficialDocument("x").table(["a", "b"], [["1"]])


def test_rich_text_is_sanitised_again_on_its_way_into_an_export():
    html = '<p onclick="x()">ข้อความ</p><script>bad()</script>'
    doc = exports.OfficialDocument("x", digits="arabic").rich_text(html)
    assert "script" not in doc.html() and "onclick" not in doc.html()
    assert "ข้อความ" in doc.html()
