"""The report on the one workflow: HR builds it from the records, the executive approves and
publishes it, every move is logged; nobody is asked to acknowledge it. Measures of a new year
start from the previous year's; evidence files are checked and only published ones are public."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hrflow.errors import Conflict, Forbidden, Invalid
from notifications.models import Acknowledgement, Notice
from reports import services as report_services
from reports.models import Activity, IntegrityReport, Measure
from tests.reports.conftest import YEAR, build, publish
from workflows.models import State, TransitionLog
from workflows.services import apply_transition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%demo evidence\n"


def test_hr_builds_the_report_of_a_year_from_the_seven_reference_measures(org):
    report = build(org)

    assert report.state == State.DRAFT and report.fiscal_year == YEAR
    assert "ประจำปีงบประมาณ พ.ศ. 2569" in report.title
    assert [m["number"] for m in report.measures] == [1, 2, 3, 4, 5, 6, 7]
    sources = [a["source"] for m in report.measures for a in m["activities"] if a["source"]]
    assert sources == [
        "circulars", "meetings", "meeting_outcomes", "position_descriptions", "criteria",
        "evaluations", "suggestions",
    ]  # fmt: skip
    first = report.measures[0]["activities"][0]
    assert first["text"].startswith("หนังสือเวียน 0 ฉบับ") and first["numbers"]["rate"] == "-"
    assert Measure.objects.filter(fiscal_year=YEAR).count() == 7
    assert report.agency == ""  # never the top unit: the agency is named in the settings


def test_the_agency_named_in_the_settings_heads_the_report(org, settings):
    settings.HRFLOW_AGENCY_NAME = "สำนักงานสาธารณสุขจังหวัดลำพูน"
    assert build(org).agency == "สำนักงานสาธารณสุขจังหวัดลำพูน"


def test_the_report_moves_through_the_workflow_logged_and_asks_nobody(org):
    report = publish(org, build(org))

    assert report.state == State.PUBLISHED and report.published_at is not None
    log = TransitionLog.objects.filter(
        content_type__model="integrityreport", object_id=report.pk
    ).order_by("pk")
    assert [(e.transition, e.by_id) for e in log] == [
        ("build", org.clerk.user.pk),
        ("submit", org.clerk.user.pk),
        ("approve", org.executive.user.pk),
        ("publish", org.executive.user.pk),
    ]
    assert not Acknowledgement.objects.filter(content_type__model="integrityreport").exists()
    # Only the approvers were told it waits for them: nobody is asked to acknowledge it.
    assert not Notice.objects.exclude(kind=Notice.Kind.MESSAGE).exists()


def test_a_published_report_shows_its_public_address_and_the_public_page_serves_it(org, as_):
    report = build(org)
    public_url = f"/public/{YEAR}/integrity-reports/{report.pk}/"
    assert public_url not in as_(org.clerk).get(report.get_absolute_url()).content.decode()
    assert as_(None).get(public_url).status_code == 404

    publish(org, report)

    assert public_url in as_(org.clerk).get(report.get_absolute_url()).content.decode()
    page = as_(None).get(public_url)
    assert page.status_code == 200 and "หนังสือเวียน 0 ฉบับ" in page.content.decode()


def test_only_the_executive_approves_and_a_report_past_draft_is_not_rebuilt(org):
    report = apply_transition(build(org), "submit", by=org.clerk.user)
    with pytest.raises(Forbidden):
        apply_transition(report, "approve", by=org.clerk.user)
    with pytest.raises(Conflict):
        report_services.report_build(YEAR, by=org.clerk.user)
    with pytest.raises(Forbidden):
        report_services.report_build(YEAR, by=org.executive.user)
    with pytest.raises(Invalid):
        report_services.report_build("2569x", by=org.clerk.user)


def test_rebuilding_a_draft_refreshes_it_in_place(org):
    report = build(org)
    activity = Activity.objects.filter(measure__fiscal_year=YEAR, source="").first()
    report_services.activity_update(activity, by=org.clerk.user, text="ตรวจการใช้น้ำประจำเดือน")

    again = build(org)

    assert again.pk == report.pk and IntegrityReport.objects.count() == 1
    texts = [a["text"] for m in again.measures for a in m["activities"]]
    assert "ตรวจการใช้น้ำประจำเดือน" in texts


def test_a_new_year_starts_from_a_copy_of_the_previous_years_measures(org):
    measures = report_services.measures_for(2568, create=True)
    first = measures.get(number=1)
    first.title = "มาตรการที่แก้ไขแล้ว"
    first.save()

    copied = report_services.measures_for(2569, create=True)

    assert copied.count() == 7
    assert copied.get(number=1).title == "มาตรการที่แก้ไขแล้ว"
    assert copied.get(number=1).activities.count() == first.activities.count()


def test_evidence_is_checked_and_public_only_once_its_report_is_published(org, as_):
    report_services.measures_for(YEAR, create=True)
    activity = Activity.objects.filter(measure__fiscal_year=YEAR, source="").first()
    with pytest.raises(Invalid):
        report_services.evidence_add(
            activity, by=org.clerk.user, upload=SimpleUploadedFile("x.pdf", b"not a pdf")
        )
    response = as_(org.clerk).post(
        reverse("reports:evidence-upload", args=[activity.pk]),
        {"file": SimpleUploadedFile("คำสั่งแต่งตั้ง.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = activity.evidence.get()
    url = reverse("reports:evidence", args=[evidence.pk])
    report = build(org)

    assert as_(None).get(url).status_code == 404
    assert as_(org.employee).get(url).status_code == 404
    assert as_(org.auditor).get(url).status_code == 200

    publish(org, report)

    response = as_(None).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    sheet = as_(None).get(reverse("reports:export", args=[report.pk, "xlsx"]))
    assert sheet.status_code == 200
    cells = [
        c.value for row in load_workbook(io.BytesIO(sheet.content)).active.iter_rows() for c in row
    ]
    assert any("หลักฐาน: คำสั่งแต่งตั้ง.pdf http://" in str(v) and url in str(v) for v in cells)
    # Evidence added after the report was published is not in it, and not public.
    later = report_services.evidence_add(
        activity, by=org.clerk.user, upload=SimpleUploadedFile("ภายหลัง.pdf", PDF)
    )
    assert as_(None).get(reverse("reports:evidence", args=[later.pk])).status_code == 404
    # The auditor's trail lists the report's steps like any document's.
    trail = as_(org.auditor).get(reverse("auditor:search"))
    assert trail.status_code == 200 and "Publish: Approved → Published" in trail.content.decode()


def test_hr_removes_evidence_uploaded_by_mistake_until_a_submitted_report_lists_it(org, as_):
    report_services.measures_for(YEAR, create=True)
    activity = Activity.objects.filter(measure__fiscal_year=YEAR, source="").first()
    wrong, kept = (
        report_services.evidence_add(
            activity, by=org.clerk.user, upload=SimpleUploadedFile(name, PDF)
        )
        for name in ("ไฟล์ผิด.pdf", "คำสั่ง.pdf")
    )
    path = wrong.file.path
    page = as_(org.clerk).get(reverse("reports:measures", args=[YEAR])).content.decode()
    assert reverse("reports:evidence-remove", args=[wrong.pk]) in page
    for persona in (org.employee, org.executive, org.auditor):
        refused = as_(persona).post(reverse("reports:evidence-remove", args=[wrong.pk]))
        assert refused.status_code == 403, persona
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = as_(org.clerk).post(reverse("reports:evidence-remove", args=[wrong.pk]))
    assert response.status_code == 302
    assert list(activity.evidence.all()) == [kept]
    assert not os.path.exists(path)  # the file goes with its row
    again = as_(org.clerk).post(reverse("reports:evidence-remove", args=[wrong.pk]))
    assert again.status_code == 404

    report = apply_transition(build(org), "submit", by=org.clerk.user)
    assert kept.pk in report.evidence_ids()
    refused = as_(org.clerk).post(reverse("reports:evidence-remove", args=[kept.pk]))
    assert refused.status_code == 409
    assert "stays as its evidence" in refused.content.decode()
    assert list(activity.evidence.all()) == [kept]


def test_anonymous_visitors_download_a_published_report_but_not_a_draft(org, as_):
    report = build(org)
    url = reverse("reports:export", args=[report.pk, "xlsx"])
    assert as_(None).get(url).status_code == 404
    assert as_(org.employee).get(url).status_code == 404
    assert as_(org.clerk).get(url).status_code == 200

    publish(org, report)

    assert as_(None).get(url).status_code == 200
    assert as_(None).get(reverse("reports:export", args=[report.pk, "exe"])).status_code == 404
    assert as_(None).get(url + "?digits=roman").status_code == 400


def test_hr_words_the_measures_and_adds_activities_on_the_measures_page(org, as_):
    report_services.measures_for(YEAR, create=True)
    measure = Measure.objects.get(fiscal_year=YEAR, number=4)
    client = as_(org.clerk)

    response = client.post(
        reverse("reports:measure", args=[measure.pk]),
        {"title": "การกำกับดูแลทรัพย์สิน", "steps": "1. ตรวจนับ\n\n2. รายงาน", "outcome": "ครบ"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("reports:activity-add", args=[measure.pk]), {"text": "ตรวจนับพัสดุประจำปี"}
    )
    assert response.status_code == 302
    assert (
        client.post(reverse("reports:measure", args=[measure.pk]), {"title": " "}).status_code
        == 400
    )
    assert (
        client.post(reverse("reports:activity-add", args=[measure.pk]), {"text": ""}).status_code
        == 400
    )

    measure.refresh_from_db()
    assert measure.title == "การกำกับดูแลทรัพย์สิน" and measure.step_lines() == [
        "1. ตรวจนับ",
        "2. รายงาน",
    ]
    report = build(org)
    fourth = report.measures[3]
    assert fourth["title"] == "การกำกับดูแลทรัพย์สิน" and fourth["steps"] == ["1. ตรวจนับ", "2. รายงาน"]
    assert fourth["activities"][-1]["text"] == "ตรวจนับพัสดุประจำปี"
    page = as_(org.clerk).get(reverse("reports:measures", args=[YEAR]))
    assert "ตรวจนับพัสดุประจำปี" in page.content.decode()


def test_a_year_still_running_counts_the_months_begun_so_far(org):
    from hrflow.thai import fiscal_year, fiscal_year_bounds
    from reports import computations

    today = timezone.localdate()
    start, end = fiscal_year_bounds(fiscal_year(today))
    begun = (today.year - start.year) * 12 + today.month - start.month + 1

    statement = computations.meetings(start, end)

    assert statement.numbers["months"] == begun and len(statement.numbers["per_month"]) == begun
    assert f"มีการประชุม 0 จาก {begun} เดือน" in statement.text


def test_a_step_from_a_page_that_showed_an_older_state_is_a_409(org, as_):
    report = apply_transition(build(org), "submit", by=org.clerk.user)
    url = reverse("reports:step", args=[report.pk, "approve"])

    stale = as_(org.executive).post(url, {"from_state": "draft"})
    assert stale.status_code == 409
    assert as_(org.executive).post(url, {"from_state": "in_review"}).status_code == 302
    report.refresh_from_db()
    assert report.state == State.APPROVED


def test_opening_a_year_without_measures_creates_nothing_and_hr_creates_them_with_a_post(org, as_):
    page = reverse("reports:measures", args=[2600])
    start = reverse("reports:measures-start", args=[2600])
    for persona in (org.clerk, org.executive, org.auditor):
        assert as_(persona).get(page).status_code == 200
    assert not Measure.objects.filter(fiscal_year=2600).exists()
    assert f'action="{start}"' in as_(org.clerk).get(page).content.decode()
    assert f'action="{start}"' not in as_(org.executive).get(page).content.decode()

    assert as_(org.executive).post(start).status_code == 403
    assert as_(org.auditor).post(start).status_code == 403
    assert as_(org.clerk).get(start).status_code == 405
    assert not Measure.objects.filter(fiscal_year=2600).exists()
    response = as_(org.clerk).post(start)
    assert response.status_code == 302 and response["Location"] == page
    assert Measure.objects.filter(fiscal_year=2600).count() == 7
    assert as_(org.clerk).post(start).status_code == 302  # again: the year stands, no copies
    assert Measure.objects.filter(fiscal_year=2600).count() == 7
