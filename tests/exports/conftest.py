"""Every document HRFlow exports, made once per test from real records: a published circular,
published minutes, a position description, evaluation criteria and an integrity report (and,
for PDFs, the audit trail)."""

import subprocess

import pytest
from django.urls import reverse

from personnel.models import OrganisationGoal
from tests.conftest import need
from tests.factories import criteria_draft, next_round, position_description_draft
from tests.hr_world import publish
from tests.meetings import minutes_world
from tests.reports.conftest import build as build_report
from tests.reports.conftest import publish as publish_report
from tests.web.conftest import new_draft, walk


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def documents(org):
    """name → the export URL without its extension (…/export.pdf and …/export.docx)."""
    circular = new_draft(org, "ประกาศเรื่องการประหยัดพลังงาน")
    circular = walk(circular, org, "submit", "approve", "publish")
    march = minutes_world(org)["march"]
    year, _round = next_round()
    OrganisationGoal.objects.create(fiscal_year=year, number=1, title="บริการรวดเร็ว")
    criteria = publish(criteria_draft(org), org)
    pd = publish(position_description_draft(org, org.employee.position), org)
    report = publish_report(org, build_report(org))

    def kind(name, pk):
        return reverse(f"workflows:{name}-export-pdf", args=[pk]).removesuffix(".pdf")

    return {
        "circular": kind("circular", circular.pk),
        "minutes": kind("meetingminutes", march.pk),
        "criteria": kind("evaluationcriteria", criteria.pk),
        "position description": kind("positiondescription", pd.pk),
        "report": reverse("reports:export", args=[report.pk, "pdf"]).removesuffix(".pdf"),
    }


@pytest.fixture
def signoff(documents, org):
    """The sign-off sheet of the circular, for the unit of a person it asked."""
    from circulars.models import Circular
    from notifications.models import Acknowledgement

    circular = Circular.objects.get(title="ประกาศเรื่องการประหยัดพลังงาน")
    ack = Acknowledgement.objects.for_document(circular).first()
    return reverse("workflows:circular-signoff", args=[circular.pk, ack.unit_id])


def url(base, fmt, query=""):
    return f"{base}.{fmt}{query}"


def run(tool, *args, data=None):
    result = subprocess.run(
        [need(tool), *args], input=data, capture_output=True, check=True, timeout=120
    )
    return result.stdout.decode()


def page_count(pdf: bytes) -> int:
    return run("pdftotext", "-", "-", data=pdf).count("\f")
