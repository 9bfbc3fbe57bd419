"""Done when: the circular PDF of the demo's external-style circular, rendered to PNG, is laid
out as the form requires — emblem at the top centre when uploaded, ที่ left and the address
right on one line, the date below them; and the memo (บันทึกข้อความ) as its form places them.

Positions are read from the PDF itself: each word's box from `pdftotext -bbox`, the emblem's
from the first page rendered to PNG at 72 dpi (one pixel is one PDF point), where it is the
only coloured ink (the text is black). Pages are A4 with the สารบรรณ margins: 3 cm left, 2 cm
right."""

import html
import io
import re
import subprocess
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageChops

from circulars.models import Circular
from demo.letterhead import emblem_png
from hrflow.agency import Agency
from hrflow.models import Employee
from tests.conftest import need
from tests.web.conftest import new_draft, walk

pytestmark = [pytest.mark.django_db, pytest.mark.needs("chromium", "pdftotext", "pdftoppm")]

POINTS_PER_CM = 72 / 2.54
PAGE_WIDTH = 21 * POINTS_PER_CM
LEFT_MARGIN = 3 * POINTS_PER_CM
TEXT_CENTRE = (LEFT_MARGIN + PAGE_WIDTH - 2 * POINTS_PER_CM) / 2
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def first_page_words(pdf: bytes) -> list[SimpleNamespace]:
    """The words of page 1, top to bottom, each with its box in points."""
    out = subprocess.run(
        [need("pdftotext"), "-bbox", "-f", "1", "-l", "1", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [
        SimpleNamespace(
            x0=float(x0), y0=float(y0), x1=float(x1), y1=float(y1), text=html.unescape(text)
        )
        for x0, y0, x1, y1, text in WORD.findall(out)
    ]


def emblem_box(pdf: bytes, tmp_path) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) in points of the coloured ink of page 1, or None."""
    source = tmp_path / "letter.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [need("pdftoppm"), "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", source,
         tmp_path / "page"],
        check=True, capture_output=True,
    )  # fmt: skip
    page = Image.open(tmp_path / "page.png").convert("RGB")
    red, _green, blue = page.split()
    # Coloured where red is far above blue (the emblem's red and gold); black and white are not.
    mask = ImageChops.subtract(red, blue).point(lambda value: 255 if value > 80 else 0)
    return mask.getbbox()


def the(words, text, *, after=None, starts=False):
    """The first word that is `text` (or starts with it; below `after`, when given)."""
    found = [
        w
        for w in words
        if (w.text.startswith(text) if starts else w.text == text)
        and (after is None or w.y0 > after.y0)
    ]
    assert found, (text, [w.text for w in words][:40])
    return found[0]


def same_line(a, b) -> bool:
    return abs(a.y1 - b.y1) < 1.5 and abs(a.y0 - b.y0) < 1.5


def with_emblem():
    agency, _ = Agency.objects.update_or_create(pk=1, defaults={"name": "องค์การทดสอบ"})
    agency.emblem.save("emblem.png", ContentFile(emblem_png()), save=True)


def pdf_of(circular, client) -> bytes:
    response = client.get(reverse("workflows:circular-export-pdf", args=[circular.pk]))
    assert response.status_code == 200, response.content[:300]
    return response.content


def test_the_demos_letter_has_the_emblem_at_the_top_centre_then_number_and_address_then_date(
    tmp_path, client
):
    with translation.override("en"):
        call_command("seed_demo", stdout=io.StringIO())
    letter = Circular.objects.get(letter_form=Circular.Form.EXTERNAL, state="published")
    client.force_login(Employee.objects.get(user__username="auditor").user)
    pdf = pdf_of(letter, client)
    words = first_page_words(pdf)

    number = the(words, "ที่")
    assert abs(number.x0 - LEFT_MARGIN) < 3, "ที่ starts at the left margin"
    # The demo agency's name is long: the column wraps it (องค์การบริหารส่วนจังหวัด / ลำปาง …).
    name = the(words, "องค์การบริหารส่วนจังหวัด", starts=True)
    assert same_line(number, name), (number, name)
    assert name.x0 > TEXT_CENTRE, "the agency's name and address are in the right half"
    # The address's lines under the name, in the same column.
    street = the(words, "ถนนพหลโยธิน")
    province = the(words, "จังหวัดลำปาง", after=street)
    for line in (street, province):
        assert abs(line.x0 - name.x0) < 1 and line.y0 > name.y1 - 1
    # The date below both, starting between them (about the centre of the page).
    month = next(w for w in words if w.y0 > province.y1 - 1 and re.search("[ก-๙]{4,}", w.text))
    day = max((w for w in words if same_line(w, month) and w.x1 <= month.x0), key=lambda w: w.x0)
    assert re.fullmatch("[๐-๙]{1,2}", day.text), day
    assert day.x0 > number.x1 and day.x0 < name.x0
    assert day.y0 > max(number.y1, province.y1) - 1
    subject = the(words, "เรื่อง")
    assert subject.y0 > day.y1 - 1 and abs(subject.x0 - LEFT_MARGIN) < 3
    urgent = the(words, "ด่วน")
    assert urgent.y1 < number.y0 and abs(urgent.x0 - LEFT_MARGIN) < 3

    box = emblem_box(pdf, tmp_path)
    assert box is not None, "the uploaded emblem is printed"
    left, top, right, bottom = box
    assert abs((left + right) / 2 - TEXT_CENTRE) < 3, ("centred on the text", box)
    assert bottom < number.y0 and top < 2.5 * POINTS_PER_CM + 40, ("at the top", box)
    assert 2.8 * POINTS_PER_CM < bottom - top < 3.2 * POINTS_PER_CM, "about 3 cm high"
    # once: ขอแสดงความนับถือ, the closing of the form, not repeated
    assert [w.text for w in words].count("ขอแสดงความนับถือ") <= 1


def test_a_memo_has_the_emblem_beside_its_title_and_number_and_date_on_one_line(
    org, tmp_path, client
):
    with_emblem()
    circular = new_draft(org, "ประกาศเรื่องการประหยัดพลังงาน", addressee="บุคลากรทุกคน")
    circular = walk(circular, org, "submit", "approve", "publish")
    client.force_login(org.auditor.user)
    pdf = pdf_of(circular, client)
    words = first_page_words(pdf)

    title = the(words, "บันทึกข้อความ")
    assert abs((title.x0 + title.x1) / 2 - TEXT_CENTRE) < 3, "the title is centred"
    office = the(words, "ส่วนราชการ")
    number, date = the(words, "ที่"), the(words, "วันที่")
    assert title.y1 < office.y0 < number.y0
    assert same_line(number, date), (number, date)
    assert abs(number.x0 - LEFT_MARGIN) < 3 and date.x0 >= TEXT_CENTRE - 1
    addressed = the(words, "เรียน")
    assert addressed.y0 > the(words, "เรื่อง").y1 - 1 and addressed.y0 > number.y1 - 1

    box = emblem_box(pdf, tmp_path)
    assert box is not None
    left, top, _right, bottom = box
    assert abs(left - LEFT_MARGIN) < 3, ("at the left margin", box)
    assert 1.3 * POINTS_PER_CM < bottom - top < 1.7 * POINTS_PER_CM, "about 1.5 cm high"
    assert top < title.y1 and bottom > title.y0, "on the title's line"
    assert bottom < office.y0


def test_without_an_uploaded_emblem_a_letter_has_none_and_keeps_its_layout(org, tmp_path, client):
    Agency.objects.update_or_create(pk=1, defaults={"name": "องค์การทดสอบ", "address": "ถนนทดสอบ"})
    circular = new_draft(org, "ประกาศเรื่องการประหยัดพลังงาน", letter_form="external")
    circular = walk(circular, org, "submit", "approve", "publish")
    client.force_login(org.auditor.user)
    pdf = pdf_of(circular, client)
    words = first_page_words(pdf)

    assert emblem_box(pdf, tmp_path) is None
    number, name = the(words, "ที่"), the(words, "องค์การทดสอบ")
    assert same_line(number, name) and name.x0 > TEXT_CENTRE
    street = the(words, "ถนนทดสอบ")
    assert street.y0 > name.y1 - 1 and abs(street.x0 - name.x0) < 1
