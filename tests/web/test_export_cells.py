"""Every CSV/XLSX HRFlow serves, walked with hostile names and titles: no cell is a formula or
starts with = + - @ tab or CR (a spreadsheet would run it), and a control character in stored
text (an imported NUL) breaks no export. The walk finds the spreadsheet endpoints in the URL
configuration, so a new one that is not checked here fails the test."""

import csv
import io

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from auditor import views as auditor_views
from evaluations import views as evaluation_views
from hrflow import audit, cells
from public import views as public_views
from reports import services as report_services
from reports import views as report_views
from reports.models import IntegrityReport
from tests.reports.conftest import YEAR, build, publish
from workflows.views import tracking

from .conftest import new_draft, walk

pytestmark = pytest.mark.django_db

HOSTILE = ('=HYPERLINK("http://evil.example","x")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTAB")
# Control characters as a careless import stores them: a NUL where the database keeps it
# (PostgreSQL refuses NUL in text), a vertical tab and an escape everywhere.
CONTROL = "ใจ\x0bดี\x1b"
FORBIDDEN_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(org, settings, tmp_path):
    control = CONTROL + ("" if connection.vendor == "postgresql" else "\x00")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.HRFLOW_AGENCY_NAME = HOSTILE[0]
    for person, name in zip(
        (org.head, org.clerk, org.executive, org.employee), HOSTILE, strict=False
    ):
        person.title, person.first_name, person.last_name = "", name, control
        person.save()
    circular = walk(new_draft(org, HOSTILE[1] + control), org, "submit", "approve", "publish")
    audit.record(audit.Kind.STAFF_IMPORT, actor=org.clerk.user, summary=HOSTILE[3] + control)
    measure = report_services.measures_for(YEAR, create=True).first()
    report_services.measure_update(
        measure, by=org.clerk.user, title="\rCR" + control, steps=HOSTILE[2], outcome=HOSTILE[0]
    )
    report_services.activity_add(measure, by=org.clerk.user, text="=1+1" + control)
    report = publish(org, build(org))
    return circular, report


def spreadsheet_routes():
    """(route, view function) of every URL that serves a CSV or XLSX (or any format by name)."""
    found = []

    def visit(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                visit(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if route.endswith((".csv", ".xlsx")) or "fmt>" in route:
                    found.append((route, pattern.callback))

    visit(get_resolver().url_patterns, "")
    return found


def hostile_round(org):
    """An evaluation round of a unit whose name is a formula with control characters."""
    from evaluations.services import rounds
    from tests.factories import criteria_draft
    from tests.hr_world import publish as publish_document

    org.office.name = HOSTILE[4] + CONTROL
    org.office.save()
    criteria = publish_document(criteria_draft(org), org)
    return rounds.round_open(by=org.clerk.user, criteria=criteria, unit=org.office)[0]


def requests(org, circular, report):
    """(persona, URL) of each spreadsheet, by the view that serves it."""
    tracking_args = [circular.pk]
    round_args = [hostile_round(org).pk]
    public = reverse("public:download", args=[YEAR, IntegrityReport.kind_slug, report.pk, "xlsx"])
    return {
        auditor_views.export_csv: [(org.auditor, reverse("auditor:export-csv"))],
        tracking.tracking_csv: [
            (org.clerk, reverse("workflows:circular-tracking-csv", args=tracking_args))
        ],
        tracking.tracking_xlsx: [
            (org.clerk, reverse("workflows:circular-tracking-xlsx", args=tracking_args))
        ],
        report_views.report_export: [
            (None, reverse("reports:export", args=[report.pk, "xlsx"])),
            (None, reverse("reports:export", args=[report.pk, "xlsx"]) + "?digits=thai"),
        ],
        public_views.download: [(None, public)],
        evaluation_views.round_csv: [
            (org.clerk, reverse("evaluations:round-csv", args=round_args))
        ],
        evaluation_views.round_xlsx: [
            (org.clerk, reverse("evaluations:round-xlsx", args=round_args))
        ],
    }


def unwrapped(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def spreadsheet_cells(response):
    """(cell, is_formula) of a CSV or XLSX response (streamed or not: `getvalue()` reads both)."""
    if response["Content-Type"].startswith("text/csv"):
        text = response.getvalue().decode("utf-8-sig")
        return [(value, False) for row in csv.reader(io.StringIO(text)) for value in row]
    book = load_workbook(io.BytesIO(response.getvalue()))
    return [
        (cell.value, cell.data_type == "f")
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


WALKED = (
    auditor_views.export_csv,
    tracking.tracking_csv,
    tracking.tracking_xlsx,
    report_views.report_export,
    public_views.download,
    evaluation_views.round_csv,
    evaluation_views.round_xlsx,
)


def test_every_spreadsheet_endpoint_is_walked_here():
    walked = {unwrapped(view) for view in WALKED}
    missed = [route for route, view in spreadsheet_routes() if unwrapped(view) not in walked]
    assert not missed


def test_no_spreadsheet_cell_is_a_formula_or_breaks_on_a_control_character(org, hostile, as_):
    circular, report = hostile
    checked = 0
    asked = requests(org, circular, report)
    assert set(asked) == set(WALKED)
    for view, asks in asked.items():
        for persona, url in asks:
            response = as_(persona).get(url)
            assert response.status_code == 200, (view.__name__, url, response.status_code)
            values = spreadsheet_cells(response)
            formulas = [value for value, is_formula in values if is_formula]
            assert not formulas, (url, formulas)
            live = [v for v, _f in values if isinstance(v, str) and v.startswith(FORBIDDEN_STARTS)]
            assert not live, (url, live)
            unsafe = [v for v, _f in values if isinstance(v, str) and cells.XML_ILLEGAL.search(v)]
            assert not unsafe, (url, unsafe)
            checked += 1
            # The hostile text is there, made inert, not dropped.
            assert any(isinstance(v, str) and v.startswith("'") for v, _f in values), url
    assert checked == 8


def test_the_cell_function_keeps_numbers_and_makes_text_inert():
    assert cells.cell(-3) == -3 and cells.cell(2.5) == 2.5 and cells.cell(None) is None
    assert cells.cell("-3") == "'-3"
    assert cells.cell("=1+1") == "'=1+1" and cells.cell("\rx") == "'\rx"
    assert cells.cell("ชื่อ\x00") == "ชื่อ\ufffd"
    assert cells.cell("ปกติ") == "ปกติ"


def test_word_exports_of_stored_text_with_control_characters_do_not_fail(org, hostile, as_):
    circular, report = hostile
    for persona, url in (
        (org.clerk, reverse("workflows:circular-export-docx", args=[circular.pk])),
        (None, reverse("reports:export", args=[report.pk, "docx"])),
        (org.auditor, reverse("auditor:export-pdf")),
    ):
        response = as_(persona).get(url)
        if response.status_code == 503:  # a PDF where this machine has no Chromium
            continue
        assert response.status_code == 200, (url, response.status_code)
