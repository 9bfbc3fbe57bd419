"""The case as the Thai form (แบบประเมินผลการปฏิบัติงาน), PDF and DOCX: what it says, and who may
download it (the case page's readers; anyone else 404, and nothing is written). The agency's
documents are in Thai digits by default (hrflow.Agency.digits), so what is expected is too."""

import io
import subprocess

import pytest
from docx import Document

from evaluations.services import appeals, cases
from hrflow.thai import thai_digits as th
from tests.evaluations.conftest import scores_of, snapshot
from tests.evaluations.test_api_access import PERSONAS, expect, persona, through

pytestmark = pytest.mark.django_db

READERS = ("self", "evaluator", "second", "committee", "hr", "auditor", "executive")
needs_pdftotext = pytest.mark.needs("pdftotext")


def pdf_text(content: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()


@needs_pdftotext
def test_the_pdf_form_names_the_person_and_gives_the_total_and_the_level_in_thai(opened, as_):
    through(opened, "reviewed")
    case = opened.case
    case.refresh_from_db()

    response = as_(opened.staff[0]).get(f"/evaluations/cases/{case.pk}/form.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert th(case.person.full_name) in text
    assert str(case.total) == "80.00" and "๘๐.๐๐" in text
    assert case.level == "ดีมาก" and "ดีมาก" in text
    for part in ("แบบประเมินผลการปฏิบัติงาน", "ส่วนที่ ๒ สรุปผลการประเมิน", "อบรม",
                 "ผู้รับการประเมินได้รับทราบผลการประเมินแล้ว", "เห็นด้วยกับผลการประเมิน",
                 "ลายมือชื่อ"):  # fmt: skip
        assert part in text, part


def test_the_docx_form_opens_with_the_scores_and_the_indicators_tables(opened, as_):
    through(opened, "acknowledged")
    case = opened.case

    response = as_(opened.boss).get(f"/evaluations/cases/{case.pk}/form.docx")

    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    summary, indicators, signatures = tables
    assert summary[-1][0] == "รวม" and summary[-1][-1] == "๘๐.๐๐"
    assert [row[2] for row in indicators[1:]] == [item.name for item in case.items.all()]
    assert [row[5] for row in indicators[1:]] == ["๔ / ๕"] * 3
    assert signatures[1][1].startswith(th(case.person.full_name))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "ระดับ" in paragraphs and "ดีมาก" in paragraphs
    # Not reviewed yet: the second level's opinion and signing date are still open.
    assert "ผู้บังคับบัญชาเหนือขึ้นไปยังไม่ได้ให้ความเห็น" in paragraphs


def test_a_declined_result_shows_the_witness_and_an_appeal_its_decision(opened, as_):
    through(opened, "scored")
    case = opened.case
    cases.result_decline(case, by=opened.boss.user, witness="นางพยาน ใจดี")
    cases.second_level_review(
        case, by=opened.chief.user, scores=scores_of(case, 5, 5, 5), reason="ผลงานเกินเป้า"
    )

    response = as_(opened.hr).get(f"/evaluations/cases/{case.pk}/form.docx")

    document = Document(io.BytesIO(response.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "ไม่ลงนามรับทราบผลการประเมิน" in paragraphs and "นางพยาน ใจดี" in paragraphs
    assert "มีความเห็นต่างจากผู้ประเมิน: ผลงานเกินเป้า" in paragraphs
    signatures = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert signatures[1][2] == "ไม่ลงนาม (พยาน: นางพยาน ใจดี)"
    assert signatures[3][1].startswith(th(opened.chief.full_name))


def test_an_appeal_and_its_decision_are_on_the_form(opened, as_):
    through(opened, "appealed")
    appeals.appeal_decide(
        opened.case, by=opened.org.executive.user, upheld=False, reasons="คงผลเดิม"
    )
    response = as_(opened.staff[0]).get(f"/evaluations/cases/{opened.case.pk}/form.docx")
    paragraphs = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "ยื่นอุทธรณ์เมื่อวันที่" in paragraphs and "ขอทบทวน" in paragraphs
    assert "คงผลเดิม" in paragraphs


@pytest.mark.parametrize("who", PERSONAS)
def test_the_docx_form_is_for_the_case_readers_only(opened, as_, who):
    through(opened, "scored")
    before = snapshot()
    response = as_(persona(opened, who)).get(f"/evaluations/cases/{opened.case.pk}/form.docx")
    if who == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == expect(READERS)[who]
    assert snapshot() == before


@pytest.mark.parametrize("who", ("anonymous", "colleague", "outsider"))
def test_the_pdf_form_is_refused_to_who_may_not_read_the_case(opened, as_, who):
    before = snapshot()
    response = as_(persona(opened, who)).get(f"/evaluations/cases/{opened.case.pk}/form.pdf")
    assert response.status_code == (302 if who == "anonymous" else 404)
    assert snapshot() == before


def test_the_case_page_links_to_both_forms(opened, as_):
    page = as_(opened.staff[0]).get(f"/evaluations/cases/{opened.case.pk}/").content.decode()
    assert f"/evaluations/cases/{opened.case.pk}/form.pdf" in page
    assert f"/evaluations/cases/{opened.case.pk}/form.docx" in page
