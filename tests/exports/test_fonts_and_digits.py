"""One font and one digit style per document: every PDF HRFlow makes embeds Sarabun and no
other font; every digit of a document is Thai or every digit is Arabic, by the agency's setting
or the download's `?digits=`, under two different file names; multi-page PDFs are numbered.

Exempt from the digit style (hrflow.exports.digits): web addresses, IPv4 addresses and hex
digests of 16+ characters — a link, an address or a hash must stay what it is."""

import re

import pytest
from django.urls import reverse

from hrflow.agency import Agency
from hrflow.exports import OfficialDocument
from hrflow.exports import digits as digit_styles
from tests.exports.conftest import page_count, run, url

pytestmark = pytest.mark.django_db

ARABIC = re.compile("[0-9]")
THAI = re.compile("[๐-๙]")


def without_exempt(text: str) -> str:
    return digit_styles.EXEMPT.sub("", text)


def fonts(pdf: bytes) -> list[tuple[str, str]]:
    """(name, embedded) of every font pdffonts lists."""
    lines = run("pdffonts", "-", data=pdf).splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines if line.strip()]


def every_pdf(documents, signoff, as_, org, query=""):
    client = as_(org.auditor)
    pdfs = {"sign-off sheet": client.get(signoff + query)}
    for name, base in documents.items():
        response = client.get(url(base, "pdf", query))
        assert response.status_code == 200, (name, response.content[:300])
        pdfs[name] = response
    audit = client.get(reverse("auditor:export-pdf") + query)
    assert audit.status_code == 200
    pdfs["audit trail"] = audit
    return pdfs


def test_digits_of_text_are_converted_and_addresses_hashes_and_ips_are_not():
    text = "ครั้งที่ 9/2569 https://hr.example/p/12 10.0.0.12 " + "ab12" * 8
    thai = digit_styles.convert(text, "thai")
    assert thai.startswith("ครั้งที่ ๙/๒๕๖๙ https://hr.example/p/12 10.0.0.12 ab12")
    assert digit_styles.convert(thai, "arabic") == text
    html = '<p>ข้อ 1 <a href="https://x.example/2">ดู 3</a></p>'
    assert digit_styles.convert_html(html, "thai") == (
        '<p>ข้อ ๑ <a href="https://x.example/2">ดู ๓</a></p>'
    )


def test_a_style_that_is_neither_is_refused():
    with pytest.raises(ValueError):
        digit_styles.choose("roman")
    with pytest.raises(ValueError):
        OfficialDocument(title="x").with_digits("roman")


@pytest.mark.needs("chromium", "pdffonts", "pdftotext")
def test_every_pdf_embeds_sarabun_only_and_writes_thai_digits_by_default(
    documents, signoff, as_, org
):
    for name, response in every_pdf(documents, signoff, as_, org).items():
        listed = fonts(response.content)
        assert listed, name
        for font, embedded in listed:
            assert re.fullmatch(r"[A-Z]{6}\+Sarabun-(Regular|Bold|Italic|BoldItalic)", font), (
                name,
                font,
            )
            assert embedded == "yes", (name, font)
        text = run("pdftotext", "-", "-", data=response.content)
        stray = ARABIC.findall(without_exempt(text))
        assert not stray, (name, [line for line in text.splitlines() if ARABIC.search(line)][:5])
        assert THAI.search(text), name
        assert "-thai-digits." in response["Content-Disposition"], name


@pytest.mark.needs("chromium", "pdftotext")
def test_a_download_may_ask_for_arabic_digits_under_another_file_name(documents, signoff, as_, org):
    for name, response in every_pdf(documents, signoff, as_, org, "?digits=arabic").items():
        text = run("pdftotext", "-", "-", data=response.content)
        assert not THAI.findall(text), (name, [ln for ln in text.splitlines() if THAI.search(ln)])
        assert ARABIC.search(text), name
        assert "-arabic-digits." in response["Content-Disposition"], name


@pytest.mark.needs("chromium", "pdftotext")
def test_the_agencys_setting_chooses_the_style_of_a_plain_download(documents, as_, org):
    Agency.objects.create(name="องค์การบริหารส่วนจังหวัดทดสอบ", digits="arabic")
    response = as_(org.employee).get(url(documents["circular"], "pdf"))
    assert response.status_code == 200
    assert "-arabic-digits.pdf" in response["Content-Disposition"]
    assert not THAI.search(run("pdftotext", "-", "-", data=response.content))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_an_unknown_digit_style_is_a_400_with_a_reason(documents, as_, org, fmt):
    for base in documents.values():
        response = as_(org.auditor).get(url(base, fmt, "?digits=roman"))
        assert response.status_code == 400
        assert "digits=" in response.content.decode()


@pytest.mark.needs("chromium", "pdftotext")
def test_a_multi_page_pdf_is_numbered_from_its_second_page():
    doc = OfficialDocument(title="ทดสอบเลขหน้า", digits="thai")
    doc.table(["ลำดับ", "ชื่อ"], [[str(n), f"บุคลากร {n}"] for n in range(1, 90)], widths=[1, 5])
    pdf = doc.pdf()
    pages = run("pdftotext", "-", "-", data=pdf).split("\f")[:-1]
    assert len(pages) >= 3
    assert not re.search(r"-\s*๑\s*-", pages[0])
    for number, page in enumerate(pages[1:], start=2):
        assert re.search(rf"-\s*{digit_styles.convert(number, 'thai')}\s*-", page), number
    assert page_count(pdf) == len(pages)
