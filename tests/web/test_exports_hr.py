"""Position descriptions and evaluation criteria as Thai official documents: the PDF's text is
the Thai that was written (pdftotext), the DOCX opens and says the same."""

import io

import pytest
from django.urls import reverse
from docx import Document as read_docx

from personnel.models import OrganisationGoal
from tests.factories import criteria_draft, next_round, position_description_draft
from tests.hr_world import publish
from tests.web.test_exports import pdf_text

pytestmark = pytest.mark.django_db

GOAL = "ประชาชนได้รับบริการที่สะดวกและรวดเร็ว"
COMPONENTS = [
    {
        "name": "ผลสัมฤทธิ์ของงาน",
        "weight": 70,
        "items": [
            {"name": "ความสำเร็จของงานตามแผนปฏิบัติราชการประจำปี", "weight": 60, "goal": 1},
            {"name": "คุณภาพของงาน", "weight": 40},
        ],
    },
    {"name": "สมรรถนะ", "weight": 30, "items": [{"name": "การมุ่งผลสัมฤทธิ์", "weight": 100}]},
]


@pytest.fixture
def criteria(org):
    year, _round = next_round()
    OrganisationGoal.objects.create(fiscal_year=year, number=1, title=GOAL)
    return publish(criteria_draft(org, components=COMPONENTS), org)


@pytest.fixture
def position_description(org):
    return publish(position_description_draft(org, org.employee.position), org)


def docx_text(content):
    document = read_docx(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


CRITERIA_WORDS = (
    "เกณฑ์การประเมินผลการปฏิบัติงาน", "ผลสัมฤทธิ์ของงาน", "ความสำเร็จของงานตามแผนปฏิบัติราชการประจำปี",
    GOAL, "ดีเด่น", "ต้องปรับปรุง", "89.99", "ปีงบประมาณ",
)  # fmt: skip
PDF_CRITERIA_WORDS = (
    "เกณฑ์การประเมินผลการปฏิบัติงาน", "ผลสัมฤทธิ์ของงาน", "ความสำเร็จของงานตาม", "ประจำปี",
    "ประชาชนได้รับ", "รวดเร็ว", "ดีเด่น", "ต้องปรับปรุง", "89.99", "น้ำหนักร้อยละ 70",
)  # fmt: skip
PD_WORDS = ("รายละเอียดของตำแหน่งงาน", "วางแผนอัตรากำลังและสรรหาบุคลากร", "สัดส่วนเวลา", "ปริญญาตรีทุกสาขา")


@pytest.mark.needs("chromium")
def test_the_pdf_of_criteria_holds_their_thai_text_exactly(org, criteria, as_):
    url = reverse("workflows:evaluationcriteria-export-pdf", args=[criteria.pk])
    response = as_(org.employee).get(url + "?digits=arabic")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    # Table cells wrap, so long texts are checked piece by piece, marks and SARA AM included.
    for words in PDF_CRITERIA_WORDS:
        assert words in text, words
    assert org.executive.full_name in text


def test_the_pdf_of_a_position_description_holds_its_thai_text_exactly(
    org, position_description, as_
):
    url = reverse("workflows:positiondescription-export-pdf", args=[position_description.pk])
    text = pdf_text(as_(org.employee).get(url).content)
    for words in PD_WORDS:
        assert words in text, words


def test_the_docx_of_both_kinds_opens_and_says_the_same_in_thai(
    org, criteria, position_description, as_
):
    client = as_(org.employee, lang="en")
    text = docx_text(
        client.get(
            reverse("workflows:evaluationcriteria-export-docx", args=[criteria.pk])
            + "?digits=arabic"
        ).content
    )
    for words in CRITERIA_WORDS:
        assert words in text, words
    url = reverse("workflows:positiondescription-export-docx", args=[position_description.pk])
    text = docx_text(client.get(url).content)
    for words in PD_WORDS:
        assert words in text, words
