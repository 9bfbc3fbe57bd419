"""Every reports URL for every role (tests/web/test_url_coverage.py points here)."""

import pytest
from django.urls import reverse

from reports import services as report_services
from reports.evidence import measure_tag
from reports.models import Activity
from tests.reports.conftest import YEAR, build

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "employee", "clerk", "executive", "auditor", "admin")
# page → expected GET status per role, in ROLES order (302: to the login page).
GET = {
    "list": (302, 403, 200, 200, 200, 403),
    "detail": (302, 403, 200, 200, 200, 403),
    "measures": (302, 403, 200, 200, 200, 403),
    "export": (404, 404, 200, 200, 200, 404),
    "evidence": (404, 404, 200, 200, 200, 404),
}
# page → expected POST status per role.
POST = {
    "build": (302, 403, 302, 403, 403, 403),
    "step": (302, 403, 302, 403, 403, 403),  # submit: HR only
    "activity": (302, 403, 302, 403, 403, 403),
    "measure": (302, 403, 302, 403, 403, 403),
    "activity-add": (302, 403, 302, 403, 403, 403),
    "evidence-upload": (302, 403, 302, 403, 403, 403),
    "evidence-remove": (302, 403, 302, 403, 403, 403),  # HR, while no submitted report has it
    "measures-start": (302, 403, 302, 403, 403, 403),  # HR starts a year's measures
    "measure-tag": (302, 403, 302, 403, 403, 403),  # HR tags evidence to a measure
    "measure-untag": (302, 403, 302, 403, 403, 403),
}


@pytest.fixture
def world(org):
    report = build(org)
    activity = Activity.objects.filter(measure__fiscal_year=YEAR, source="").first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = report_services.evidence_add(
        activity, by=org.clerk.user, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")
    )
    tag = measure_tag(activity.measure, by=org.clerk.user, target=f"evidence:{evidence.pk}")
    return {
        "list": reverse("reports:list"),
        "detail": reverse("reports:detail", args=[report.pk]),
        "measures": reverse("reports:measures", args=[YEAR]),
        "export": reverse("reports:export", args=[report.pk, "xlsx"]),
        "evidence": reverse("reports:evidence", args=[evidence.pk]),
        "build": (reverse("reports:build"), {"fiscal_year": YEAR}),
        "step": (reverse("reports:step", args=[report.pk, "submit"]), {}),
        "activity": (reverse("reports:activity", args=[activity.pk]), {"text": "สรุป"}),
        "measure": (
            reverse("reports:measure", args=[activity.measure_id]),
            {"title": "มาตรการ", "steps": "1. ขั้นตอน"},
        ),
        "activity-add": (
            reverse("reports:activity-add", args=[activity.measure_id]),
            {"text": "กิจกรรมใหม่"},
        ),
        "evidence-upload": (reverse("reports:evidence-upload", args=[activity.pk]), {}),
        "evidence-remove": (reverse("reports:evidence-remove", args=[evidence.pk]), {}),
        "measures-start": (reverse("reports:measures-start", args=[YEAR + 1]), {}),
        "measure-tag": (
            reverse("reports:measure-tag", args=[activity.measure_id]),
            {"target": f"evidence:{evidence.pk}"},
        ),
        "measure-untag": (reverse("reports:measure-untag", args=[tag.pk]), {}),
    }


def persona(org, role):
    return None if role == "anonymous" else getattr(org, role)


@pytest.mark.parametrize("page", GET)
def test_get_status_per_role(org, world, as_, page):
    got = tuple(as_(persona(org, role)).get(world[page]).status_code for role in ROLES)
    assert got == GET[page]


@pytest.mark.parametrize("page", POST)
def test_post_status_per_role(org, world, as_, page):
    url, data = world[page]
    got = []
    for role in ROLES:
        if page == "evidence-upload" and role == "clerk":
            from django.core.files.uploadedfile import SimpleUploadedFile

            data = {"file": SimpleUploadedFile("b.pdf", b"%PDF-1.4\n")}
        got.append(as_(persona(org, role)).post(url, data).status_code)
    assert tuple(got) == POST[page]
