"""Evidence mapped to measures (a public document or an evidence file tagged with the measure
it proves, listed under it with its public address and counted), typed outcomes checked against
computed figures (a figure below its threshold is submitted only with HR's confirmation), and
the agency — not the top unit — named on the report and the public page."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hrflow.agency import Agency
from hrflow.errors import Forbidden, Invalid
from hrflow.thai import fiscal_year
from public import registry as public_registry
from reports import evidence as tags
from reports import services as report_services
from reports.models import Activity, IntegrityReport, Measure, MeasureTag
from tests.reports.conftest import publish
from tests.web.conftest import new_draft, walk
from workflows.models import State, TransitionLog
from workflows.services import apply_transition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%demo evidence\n"


@pytest.fixture
def year():
    return fiscal_year(timezone.localdate())  # what is published today falls in this year


def measure(year, number):
    report_services.measures_for(year, create=True)
    return Measure.objects.get(fiscal_year=year, number=number)


def public_circular(org, title, **fields):
    return walk(
        new_draft(org, title, is_public=True, **fields), org, "submit", "approve", "publish"
    )


def export_cells(client, report):
    response = client.get(reverse("reports:export", args=[report.pk, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def test_a_tagged_public_circular_is_listed_under_its_measure_with_its_public_address(
    org, as_, year
):
    borrowing = public_circular(org, "แนวปฏิบัติการยืมทรัพย์สินของทางราชการ")
    plan = public_circular(org, "แผนการจัดซื้อจัดจ้างประจำปี")
    property_measure, budget = measure(year, 4), measure(year, 5)
    clerk = as_(org.clerk)
    for target_measure, circular in ((property_measure, borrowing), (budget, plan)):
        response = clerk.post(
            reverse("reports:measure-tag", args=[target_measure.pk]),
            {"target": f"circulars:{circular.pk}"},
        )
        assert response.status_code == 302, response.content.decode()
    # Tagging twice changes nothing.
    clerk.post(reverse("reports:measure-tag", args=[budget.pk]), {"target": f"circulars:{plan.pk}"})
    assert MeasureTag.objects.count() == 2

    report = publish(org, report_services.report_build(year, by=org.clerk.user))

    url = public_registry.item_url(year, "circulars", borrowing.pk)
    fourth, fifth = report.measures[3], report.measures[4]
    assert [(e["title"], e["url"]) for e in fourth["tagged"]] == [(borrowing.title, url)]
    assert fourth["tagged_counts"] == [["หนังสือเวียน", 1]]  # as JSON keeps the pairs
    assert [e["title"] for e in fifth["tagged"]] == [plan.title]
    assert all(not m["tagged"] for m in report.measures if m["number"] not in (4, 5))
    assert as_(None).get(url).status_code == 200  # the address the report gives is public
    page = as_(None).get(public_registry.item_url(year, "integrity-reports", report.pk))
    assert page.status_code == 200 and f'href="{url}"' in page.content.decode()
    text = export_cells(as_(None), report)
    assert f"{settings.HRFLOW_SITE_URL}{url}" in text  # an address keeps its digits …
    assert "หลักฐานที่อ้างอิง (หนังสือเวียน ๑):" in text  # … the count is in the agency's Thai ones


def test_only_a_document_on_the_public_page_is_tagged_and_only_by_hr(org, as_, year):
    internal = walk(new_draft(org, "หนังสือเวียนภายใน"), org, "submit", "approve", "publish")
    public = public_circular(org, "ประกาศเจตจำนงสุจริต")
    seventh = measure(year, 7)
    url = reverse("reports:measure-tag", args=[seventh.pk])

    for target in (f"circulars:{internal.pk}", "circulars:999999", "nothing:1", "circulars:x", ""):
        response = as_(org.clerk).post(url, {"target": target})
        assert response.status_code == 400, target
    assert (
        "public evidence page"
        in as_(org.clerk).post(url, {"target": f"circulars:{internal.pk}"}).content.decode()
    )
    for persona in (org.employee, org.executive, org.outsider):
        assert as_(persona).post(url, {"target": f"circulars:{public.pk}"}).status_code == 403
    assert as_(org.auditor).post(url, {"target": f"circulars:{public.pk}"}).status_code == 403
    assert MeasureTag.objects.count() == 0
    with pytest.raises(Forbidden):
        tags.measure_tag(seventh, by=org.employee.user, target=f"circulars:{public.pk}")
    with pytest.raises(Invalid):
        tags.measure_tag(seventh, by=org.clerk.user, target=f"circulars:{internal.pk}")


def test_an_evidence_file_tagged_to_another_measure_is_public_with_its_report(org, as_, year):
    first = measure(year, 1)
    activity = first.activities.filter(source="").first() or Activity.objects.create(
        measure=first, order=9, text="จัดทำคู่มือ"
    )
    evidence = report_services.evidence_add(
        activity, by=org.clerk.user, upload=SimpleUploadedFile("คู่มือการยืมพัสดุ.pdf", PDF)
    )
    fourth = measure(year, 4)
    tag = tags.measure_tag(fourth, by=org.clerk.user, target=f"evidence:{evidence.pk}")
    page = as_(org.clerk).get(reverse("reports:measures", args=[year]))
    assert reverse("reports:measure-untag", args=[tag.pk]) in page.content.decode()
    report = report_services.report_build(year, by=org.clerk.user)
    file_url = reverse("reports:evidence", args=[evidence.pk])
    assert [e["url"] for e in report.measures[3]["tagged"]] == [file_url]
    assert as_(None).get(file_url).status_code == 404  # a draft's evidence is not public yet

    publish(org, report)

    assert as_(None).get(file_url).status_code == 200


def test_hr_untags_and_the_next_build_leaves_the_document_out(org, as_, year):
    circular = public_circular(org, "มาตรการป้องกันผลประโยชน์ทับซ้อน")
    tag = tags.measure_tag(measure(year, 7), by=org.clerk.user, target=f"circulars:{circular.pk}")
    untag = reverse("reports:measure-untag", args=[tag.pk])
    assert as_(org.employee).post(untag).status_code == 403
    assert as_(org.clerk).post(untag).status_code == 302
    assert as_(org.clerk).post(untag).status_code == 404  # gone already
    report = report_services.report_build(year, by=org.clerk.user)
    assert report.measures[6]["tagged"] == []


def below_threshold_report(org, as_, year):
    """A circular nobody has acknowledged yet, and HR's 90 % threshold on that figure."""
    walk(new_draft(org, "ประกาศเรื่องการแต่งกาย"), org, "submit", "approve", "publish")
    activity = Activity.objects.get(measure=measure(year, 1), source="circulars")
    response = as_(org.clerk).post(
        reverse("reports:activity", args=[activity.pk]), {"text": "", "threshold": "90"}
    )
    assert response.status_code == 302
    return report_services.report_build(year, by=org.clerk.user)


def test_hr_sees_each_computed_figure_beside_the_typed_outcome(org, as_, year):
    report = below_threshold_report(org, as_, year)
    assert report.shortfalls() == [{"measure": 1, "share": "0.0", "threshold": "90", "met": False}]
    page = as_(org.clerk).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'data-check="circulars" data-met="no"' in page
    assert "Computed: 0.0 % · threshold 90 %" in page
    assert 'name="override"' in page  # the confirmation is asked for on the submit form
    # Measure 6's statement about the criteria carries the reference threshold of 80 %.
    assert Activity.objects.get(measure__fiscal_year=year, source="criteria").threshold == 80


def test_a_figure_below_its_threshold_is_not_submitted_without_the_confirmation(org, as_, year):
    report = below_threshold_report(org, as_, year)
    url = reverse("reports:step", args=[report.pk, "submit"])
    logged = TransitionLog.objects.count()

    response = as_(org.clerk).post(url, {"from_state": State.DRAFT, "note": ""})

    assert response.status_code == 400
    assert "measure 1: 0.0 % &lt; 90 %" in response.content.decode()
    report.refresh_from_db()
    assert report.state == State.DRAFT and TransitionLog.objects.count() == logged
    with pytest.raises(Invalid):
        apply_transition(report, "submit", by=org.clerk.user)

    response = as_(org.clerk).post(url, {"from_state": State.DRAFT, "override": "1"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.IN_REVIEW
    assert "ผู้จัดทำรายงานยืนยันการส่งรายงานตามที่เป็น" in export_cells(as_(org.clerk), report)


def test_a_threshold_is_a_percentage_of_a_computed_figure(org, as_, year):
    computed = Activity.objects.get(measure=measure(year, 1), source="circulars")
    written = Activity.objects.create(measure=computed.measure, order=9, text="อบรม")
    for value in ("101", "-1", "abc", "NaN", "1e9"):
        response = as_(org.clerk).post(
            reverse("reports:activity", args=[computed.pk]), {"threshold": value}
        )
        assert response.status_code == 400, value
    response = as_(org.clerk).post(
        reverse("reports:activity", args=[written.pk]), {"text": "อบรม", "threshold": "50"}
    )
    assert response.status_code == 400
    computed.refresh_from_db()
    written.refresh_from_db()
    assert computed.threshold is None and written.threshold is None


def test_the_report_and_the_public_page_name_the_agency_not_the_top_unit(org, as_, year):
    assert report_services.report_build(year, by=org.clerk.user).agency == ""
    Agency.objects.create(name="องค์การบริหารส่วนจังหวัดลำพูน")
    report = publish(org, report_services.report_build(year, by=org.clerk.user))
    assert report.agency == "องค์การบริหารส่วนจังหวัดลำพูน"
    page = as_(None).get(reverse("public:index")).content.decode()
    assert "องค์การบริหารส่วนจังหวัดลำพูน" in page and org.office.name not in page
    assert IntegrityReport.objects.get(pk=report.pk).agency != org.office.name
