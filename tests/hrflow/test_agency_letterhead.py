"""The agency's letterhead, set by the admin: its emblem is a PNG or JPEG checked by its content
(as every upload, hrflow.uploads) and by Pillow; anything else is a form error and nothing is
stored. A circular is printed as the form its author chose, with เรียน, อ้างถึง and urgency as
written; a value that is none of the choices is a 400 on its field, nothing written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from circulars import services as circular_services
from circulars.models import Circular
from demo.letterhead import emblem_png
from hrflow.agency import Agency, letterhead
from hrflow.errors import Invalid

pytestmark = pytest.mark.django_db

ADD = "admin:hrflow_agency_add"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(width, height) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def form(emblem_name, content):
    return {
        "name": "องค์การบริหารส่วนจังหวัดทดสอบ",
        "digits": "thai",
        "address": "ถนนทดสอบ\nจังหวัดทดสอบ ๑๐๐๐๐",
        "phone": "๐ ๕๔๒๒ ๖๐๐๐",
        "emblem": SimpleUploadedFile(emblem_name, content, content_type="image/png"),
    }


def test_the_admin_uploads_the_emblem_and_letters_carry_it_with_the_address(client, hr_admin):
    client.force_login(hr_admin)
    content = emblem_png()
    response = client.post(reverse(ADD), form("garuda.png", content))
    assert response.status_code == 302, response.content.decode()[:2000]
    head = letterhead()
    assert head.emblem == content and head.emblem_type == "image/png"
    assert head.address == ("ถนนทดสอบ", "จังหวัดทดสอบ ๑๐๐๐๐")
    assert head.name == "องค์การบริหารส่วนจังหวัดทดสอบ" and head.phone == "๐ ๕๔๒๒ ๖๐๐๐"
    # The change page shows the stored emblem inline: MEDIA_ROOT has no address to link to.
    page = client.get(reverse("admin:hrflow_agency_change", args=[1])).content.decode()
    assert 'src="data:image/png;base64,' in page and "/media/agency/" not in page


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("garuda.png", b"%PDF-1.4 not an image", "image"),  # a PDF named .png
        ("garuda.pdf", b"%PDF-1.4 a document", "image"),  # a PDF, allowed elsewhere
        ("garuda.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image"),  # a PNG's magic, no image
        ("garuda.png", png(4001, 10), "4000"),  # too many pixels
    ],
)
def test_an_emblem_that_is_not_a_readable_png_or_jpeg_is_refused_and_nothing_is_stored(
    client, hr_admin, name, content, says
):
    client.force_login(hr_admin)
    client.cookies["django_language"] = "en"
    response = client.post(reverse(ADD), form(name, content))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["emblem"] and says in " ".join(errors["emblem"]), errors
    assert not Agency.objects.exists()


def test_someone_who_is_not_the_admin_cannot_set_the_emblem(client, org):
    client.force_login(org.clerk.user)
    response = client.post(reverse(ADD), form("garuda.png", emblem_png()))
    assert response.status_code in (302, 403)
    assert not Agency.objects.exists()


def test_the_letter_fields_are_written_as_given_and_a_bad_choice_is_a_400(org):
    circular = circular_services.circular_create(
        by=org.clerk.user,
        title="ประกาศเรื่องการแต่งกาย",
        audience=[{"kind": "everyone"}],
        letter_form="external",
        addressee="  หัวหน้าส่วนราชการทุกส่วน ",
        reference="หนังสือจังหวัด ที่ ลป 0017/ว 12",
        urgency="most_urgent",
    )
    assert circular.letter_form == Circular.Form.EXTERNAL
    assert circular.addressee == "หัวหน้าส่วนราชการทุกส่วน"
    for field, value in (("letter_form", "fax"), ("urgency", "now"), ("addressee", "ก" * 301)):
        with pytest.raises(Invalid) as refused:
            circular_services.circular_update(circular, by=org.clerk.user, **{field: value})
        assert refused.value.field == field
    circular.refresh_from_db()
    assert (circular.letter_form, circular.urgency) == ("external", "most_urgent")
    assert circular.lock_version == 0


def test_checked_image_refuses_a_pdf_that_checked_upload_would_take():
    from hrflow.uploads import checked_image, checked_upload

    document = SimpleUploadedFile("emblem.pdf", b"%PDF-1.4 a document")
    assert checked_upload(document) == "application/pdf"
    with pytest.raises(Invalid) as refused, translation.override("en"):
        checked_image(document)
    assert refused.value.field == "file" and "PNG or JPEG" in refused.value.message
    assert checked_image(SimpleUploadedFile("emblem.png", png(40, 40))) == "image/png"
