"""Minutes exported in the form-11 layout: the PDF's Thai text is exact under pdftotext, the
DOCX opens with python-docx."""

import io

from django.urls import reverse
from docx import Document as read_docx

from hrflow.thai import thai_digits
from tests.meetings import minutes_world
from tests.web.test_exports import needs_chromium, pdf_text  # noqa: F401

SERIES = "ประชุมประจำเดือนกองการเจ้าหน้าที่"


def test_the_pdf_of_minutes_holds_the_meetings_thai_text_exactly(org, as_, needs_chromium):  # noqa: F811
    march = minutes_world(org)["march"]
    response = as_(org.employee).get(
        reverse("workflows:meetingminutes-export-pdf", args=[march.pk])
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    for words in ("ประจำเดือน", "ผู้ไม่มาประชุม", "ผู้มาประชุม", "ลาพักผ่อน", "ระเบียบวาระที่ ๔"):
        assert words in text, words
    assert "ครั้งที่ ๑/๒๕๖๘" in text
    for person in (org.executive, org.head):
        assert thai_digits(person.full_name) in text  # the agency's Thai digits
    assert "จัดทำแผนลดใช้กระดาษ" in text


def test_the_docx_of_minutes_opens_with_python_docx(org, as_):
    march = minutes_world(org)["march"]
    response = as_(org.clerk).get(reverse("workflows:meetingminutes-export-docx", args=[march.pk]))
    assert response.status_code == 200
    document = read_docx(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "ผู้ไม่มาประชุม" in text and SERIES.removeprefix("ประชุม") in text
    assert thai_digits(org.head.full_name) in text and "ผู้จดรายงานการประชุม" in text
