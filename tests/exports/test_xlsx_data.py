"""XLSX is data: counts are numbers, rates numbers shown with a percent format, dates are
dates, the heading row prints on every page; text still goes through hrflow.cells."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from notifications import services as notices
from notifications.models import Acknowledgement
from tests.reports.conftest import build, publish
from tests.web.conftest import new_draft, walk

pytestmark = pytest.mark.django_db


def test_the_tracking_xlsx_has_dates_as_dates_and_a_print_title(org, as_):
    circular = walk(new_draft(org, "ประกาศเรื่องวันหยุด"), org, "submit", "approve", "publish")
    ack = Acknowledgement.objects.get(employee=org.employee, object_id=circular.pk)
    notices.acknowledge(ack, user=org.employee.user)
    response = as_(org.clerk).get(reverse("workflows:circular-tracking-xlsx", args=[circular.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.print_title_rows == "$1:$1"
    rows = list(sheet.iter_rows(min_row=2))
    assert rows
    for row in rows:
        deadline, acknowledged = row[4], row[5]
        assert isinstance(deadline.value, dt.datetime)  # openpyxl reads a date cell back so
        assert deadline.value.date() == circular.deadline and deadline.is_date
        assert acknowledged.value is None or acknowledged.is_date
    by_name = {row[1].value: row for row in rows}
    assert by_name[org.employee.full_name][5].is_date


def test_the_report_xlsx_has_its_figures_as_numbers_and_percentages(org, as_, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    report = publish(org, build(org))
    response = as_(None).get(reverse("reports:export", args=[report.pk, "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    main, figures = book.worksheets
    assert main.print_title_rows and figures.print_title_rows
    assert figures["B1"].is_date and figures["B2"].is_date
    values = [row for row in figures.iter_rows(min_row=5) if row[3].value is not None]
    assert values
    for measure, _activity, _label, value in values:
        assert isinstance(measure.value, int)
        assert isinstance(value.value, int | float)
        assert value.number_format in ("#,##0", "0.0%")
