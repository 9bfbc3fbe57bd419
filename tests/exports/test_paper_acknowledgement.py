"""A proxy acknowledgement recorded from the paper sheet: the day it was signed (not the typing
day; not in the future, not before publication: 400, nothing written) and an optional checked
scan; the tracking exports show both the recording and the paper's date."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from notifications.models import Acknowledgement
from tests.web.conftest import new_draft, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(org):
    return walk(new_draft(org, "ประกาศเรื่องวันหยุด"), org, "submit", "approve", "publish")


@pytest.fixture
def ack(org, published):
    return Acknowledgement.objects.get(employee=org.employee, object_id=published.pk)


def proxy(client, published, ack, **data):
    url = reverse("workflows:circular-proxy", args=[published.pk, ack.pk])
    return client.post(url, {"reason": "ลงนามในใบลงนามรับทราบแล้ว", **data})


@pytest.mark.parametrize(
    "signed_on, message",
    [
        (lambda today: today + dt.timedelta(days=1), "in the future"),
        (lambda today: today - dt.timedelta(days=30), "before the document was published"),
        (lambda today: "31/02/2569", "Enter the date the paper was signed."),
    ],
)
def test_a_paper_date_that_cannot_be_is_refused_and_nothing_is_written(
    org, published, ack, as_, signed_on, message, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = proxy(as_(org.clerk), published, ack, signed_on=str(signed_on(timezone.localdate())))
    assert response.status_code == 400
    assert message in response.content.decode()
    ack.refresh_from_db()
    assert ack.acknowledged_at is None and ack.paper_signed_on is None


def test_a_scan_that_is_not_a_pdf_or_image_is_refused(org, published, ack, as_, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("sheet.pdf", b"MZ not a pdf", "application/pdf")
    response = proxy(as_(org.clerk), published, ack, scan=fake)
    assert response.status_code == 400
    ack.refresh_from_db()
    assert ack.acknowledged_at is None
    assert not list(tmp_path.rglob("*sheet*"))


def test_the_paper_date_and_scan_are_kept_and_exported_beside_the_recording(
    org, published, ack, as_, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    scan = SimpleUploadedFile("sheet.pdf", b"%PDF-1.4 signed sheet", "application/pdf")
    client = as_(org.clerk)
    response = proxy(client, published, ack, signed_on=today.isoformat(), scan=scan)
    assert response.status_code == 302
    ack.refresh_from_db()
    assert ack.paper_signed_on == today and ack.acknowledged_at is not None
    assert ack.paper_scan.read() == b"%PDF-1.4 signed sheet"
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("workflows:circular-tracking-csv", args=[published.pk])
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0][-1] == "Signed on paper"
    row = next(r for r in rows if r[1] == org.employee.full_name)
    assert row[5]  # recorded (today, by the clerk) …
    assert row[8].startswith(f"{today.day} ") and str(today.year + 543) in row[8]  # … and signed
    sheet = load_workbook(
        io.BytesIO(
            client.get(reverse("workflows:circular-tracking-xlsx", args=[published.pk])).content
        )
    ).active
    line = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == org.employee.full_name)
    assert line[8].is_date and line[8].value.date() == today
    assert line[5].is_date


def test_hr_and_the_auditor_download_the_scan_the_tracking_page_links_and_nobody_else(
    org, published, ack, as_, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    scan = b"\x89PNG\r\n\x1a\n" + b"scan of the signed sheet"
    today = timezone.localdate()
    sheet = SimpleUploadedFile("ใบลงนาม.png", scan, "image/png")
    recorded = proxy(as_(org.clerk), published, ack, signed_on=str(today), scan=sheet)
    assert recorded.status_code == 302
    download = reverse("workflows:circular-paper-scan", args=[published.pk, ack.pk])
    for persona in (org.clerk, org.auditor):
        client = as_(persona)
        page = client.get(reverse("workflows:circular-tracking", args=[published.pk]))
        assert f'href="{download}"' in page.content.decode()
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == scan
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment;")
        assert f"paper-{org.employee.staff_id}.png" in response["Content-Disposition"]
    assert as_(org.employee).get(download).status_code == 403  # their own scan is HR's record
    assert as_(org.outsider).get(download).status_code == 404
    # Another person's acknowledgement without a scan, or another document's: nothing there.
    other = Acknowledgement.objects.get(employee=org.clerk, object_id=published.pk)
    bare = reverse("workflows:circular-paper-scan", args=[published.pk, other.pk])
    assert as_(org.auditor).get(bare).status_code == 404
    elsewhere = walk(new_draft(org, "ประกาศอื่น"), org, "submit", "approve", "publish")
    crossed = reverse("workflows:circular-paper-scan", args=[elsewhere.pk, ack.pk])
    assert as_(org.auditor).get(crossed).status_code == 404
