"""Circulars: the register, the audience, the body, attachments and who may read what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from circulars import services as circular_services
from circulars.models import Circular, CircularAttachment
from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.thai import be_year
from notifications.models import Acknowledgement
from tests.factories import CircularFactory, PositionFactory, make_person
from workflows import services
from workflows.audience import resolve_audience
from workflows.models import RegisterCounter, State

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def draft(org, audience=None, **fields):
    fields.setdefault("title", "ประกาศเรื่องการลาพักผ่อน")
    return circular_services.circular_create(
        by=org.clerk.user,
        audience=audience or [{"kind": "unit", "id": org.office.pk, "subunits": True}],
        **fields,
    )


def approved(org, audience=None, **fields):
    circular = draft(org, audience, **fields)
    services.apply_transition(circular, "submit", by=org.clerk.user)
    services.apply_transition(circular, "approve", by=org.executive.user)
    return circular


def publish(org, circular):
    return services.apply_transition(circular, "publish", by=org.executive.user)


def recipients(circular) -> set[int]:
    return set(Acknowledgement.objects.for_document(circular).values_list("employee_id", flat=True))


# --- the register -----------------------------------------------------------------------------


def test_publishing_takes_the_next_number_of_the_agency_register(org, settings):
    settings.HRFLOW_REGISTER_CODE = "ชม 51000"
    first = publish(org, approved(org))
    second = publish(org, approved(org))
    year = be_year(timezone.localdate())
    assert (first.register_code, first.number_year, first.number) == ("ชม 51000", year, 1)
    assert (second.number_year, second.number) == (year, 2)
    assert second.number_display == "ที่ ชม 51000/ว 2"
    assert second.number_display_thai == "ที่ ชม ๕๑๐๐๐/ว ๒"
    assert RegisterCounter.objects.get(code="ชม 51000", year=year).last_number == 2


def test_a_draft_has_no_number_until_it_is_published(org):
    circular = approved(org)
    assert circular.number is None
    assert circular.number_display == ""


def test_the_register_runs_per_be_year_and_restarts_in_a_new_one(org, settings):
    code, year = settings.HRFLOW_REGISTER_CODE, be_year(timezone.localdate())
    RegisterCounter.objects.create(code=code, year=year - 1, last_number=120)
    first_of_year = publish(org, approved(org))
    assert (first_of_year.number_year, first_of_year.number) == (year, 1)
    assert RegisterCounter.objects.get(code=code, year=year - 1).last_number == 120

    RegisterCounter.objects.filter(code=code, year=year).update(last_number=41)
    assert publish(org, approved(org)).number == 42


def test_a_publish_that_fails_consumes_no_number(org):
    first = publish(org, approved(org))
    leaver = make_person("leaver", unit=org.other)
    to_nobody = approved(org, audience=[{"kind": "person", "id": leaver.pk}])
    leaver.user.is_active = False
    leaver.user.save()

    with pytest.raises(Invalid):
        publish(org, to_nobody)
    to_nobody.refresh_from_db()
    assert (to_nobody.state, to_nobody.number) == (State.APPROVED, None)
    assert Acknowledgement.objects.for_document(to_nobody).count() == 0

    second = publish(org, approved(org))
    leaver.user.is_active = True
    leaver.user.save()
    third = publish(org, to_nobody)
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert RegisterCounter.objects.get().last_number == 3


# --- the audience -------------------------------------------------------------------------------


def test_everyone_addresses_every_active_employee(org):
    circular = publish(org, approved(org, audience=[{"kind": "everyone"}]))
    everyone = {p.pk for p in vars(org).values() if hasattr(p, "staff_id")}
    assert len(everyone) == 7
    assert recipients(circular) == everyone


def test_a_unit_without_its_subunits_leaves_the_sections_out(org):
    circular = publish(org, approved(org, audience=[{"kind": "unit", "id": org.office.pk}]))
    assert recipients(circular) == {org.head.pk, org.clerk.pk, org.executive.pk}


def test_a_unit_with_its_subunits_reaches_down_the_tree(org):
    below_section = make_person("deep", unit=org.section.children.create(code="SUB", name="งาน"))
    audience = [{"kind": "unit", "id": org.office.pk, "subunits": True}]
    circular = publish(org, approved(org, audience=audience))
    assert recipients(circular) == {
        org.head.pk,
        org.clerk.pk,
        org.executive.pk,
        org.employee.pk,
        below_section.pk,
    }


def test_a_position_addresses_whoever_holds_it_in_any_unit(org):
    nurse = PositionFactory(name="พยาบาลวิชาชีพ")
    for person in (org.employee, org.outsider):
        person.position = nurse
        person.save()
    circular = publish(org, approved(org, audience=[{"kind": "position", "id": nurse.pk}]))
    assert recipients(circular) == {org.employee.pk, org.outsider.pk}


def test_a_named_person_is_addressed_alone(org):
    circular = publish(org, approved(org, audience=[{"kind": "person", "id": org.outsider.pk}]))
    assert recipients(circular) == {org.outsider.pk}


def test_inactive_logins_are_not_addressed(org):
    org.employee.user.is_active = False
    org.employee.user.save()
    circular = publish(org, approved(org))
    assert org.employee.pk not in recipients(circular)
    assert recipients(circular) == {org.head.pk, org.clerk.pk, org.executive.pk}


def test_someone_addressed_several_ways_is_asked_once(org):
    audience = [
        {"kind": "unit", "id": org.section.pk},
        {"kind": "person", "id": org.employee.pk},
        {"kind": "position", "id": org.employee.position_id},
        {"kind": "unit", "id": org.office.pk, "subunits": True},
    ]
    circular = publish(org, approved(org, audience=audience))
    asked = Acknowledgement.objects.for_document(circular)
    assert asked.filter(employee=org.employee).count() == 1
    assert asked.count() == len(recipients(circular)) == 4


def test_the_audience_is_frozen_at_publish(org):
    circular = publish(org, approved(org))
    newcomer = make_person("newcomer", unit=org.office)
    assert newcomer.pk in resolve_audience(circular.audience)
    assert newcomer.pk not in recipients(circular)
    assert not Circular.objects.visible_to(newcomer.user).filter(pk=circular.pk).exists()


@pytest.mark.parametrize(
    "audience",
    [
        [],
        [{"kind": "planet"}],
        [{"kind": "unit"}],
        [{"kind": "unit", "id": "abc"}],
        [{"kind": "person", "id": 999999}],
        ["everyone"],
    ],
)
def test_a_bad_audience_is_refused_and_nothing_is_saved(org, audience):
    with pytest.raises(Invalid) as refused:
        circular_services.circular_create(by=org.clerk.user, title="ผู้รับไม่ถูกต้อง", audience=audience)
    assert refused.value.field == "audience"
    assert Circular.objects.count() == 0


# --- the body -----------------------------------------------------------------------------------

ACTIVE_BODIES = [
    "<p>โปรดทราบ</p><script>alert(1)</script>",
    "<p>โปรดทราบ</p><SCRIPT src='https://evil.example/x.js'></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<p onclick = "steal()">คลิก</p>',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">ดูรายละเอียด</a>',
    '<a href="JaVaScRiPt :alert(1)">ดูรายละเอียด</a>',
    '<iframe src="https://evil.example"></iframe>',
]


@pytest.mark.parametrize("body", ACTIVE_BODIES)
def test_a_body_with_script_is_refused_on_create_and_nothing_is_saved(org, body):
    with pytest.raises(Invalid) as refused:
        draft(org, body=body)
    assert refused.value.field == "body"
    assert Circular.objects.count() == 0


@pytest.mark.parametrize("body", ACTIVE_BODIES)
def test_a_body_with_script_is_refused_on_edit_and_the_draft_is_unchanged(org, body):
    circular = draft(org, body="<p>ฉบับเดิม</p>")
    with pytest.raises(Invalid):
        circular_services.circular_update(
            circular, by=org.clerk.user, lock_version=circular.lock_version, body=body
        )
    stored = Circular.objects.get(pk=circular.pk)
    assert (stored.body, stored.lock_version) == ("<p>ฉบับเดิม</p>", circular.lock_version)


def test_harmless_formatting_is_kept_as_written(org):
    body = (
        "<h2>เรื่อง การลา</h2><p><strong>สำคัญ</strong> <em>โปรด</em> <u>อ่าน</u></p>"
        "<ul><li>ข้อหนึ่ง</li><li>ข้อสอง</li></ul><blockquote>อ้างถึง</blockquote>"
        '<table><tbody><tr><td colspan="2">ตาราง</td></tr></tbody></table>'
    )
    assert draft(org, body=body).body == body


def test_links_keep_their_address_and_open_safely(org):
    circular = draft(org, body='<p><a href="https://www.example.go.th/ita">ITA</a></p>')
    assert circular.body == (
        '<p><a href="https://www.example.go.th/ita" rel="noopener noreferrer">ITA</a></p>'
    )


def test_a_disguised_script_address_does_not_survive(org):
    circular = draft(org, body='<a href="jav&#x61;script:alert(1)">x</a><p style="x">y</p>')
    assert "script" not in circular.body.lower()
    assert "href" not in circular.body and "style" not in circular.body


# --- attachments --------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.HRFLOW_ATTACHMENT_MAX_BYTES = 2048
    return tmp_path


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def test_a_pdf_is_attached_to_a_draft(org, media):
    circular = draft(org)
    upload = SimpleUploadedFile("คำสั่ง.pdf", PDF, content_type="application/pdf")
    attachment = circular_services.circular_attach(circular, by=org.clerk.user, upload=upload)
    assert (attachment.name, attachment.size, attachment.content_type) == (
        "คำสั่ง.pdf",
        len(PDF),
        "application/pdf",
    )
    assert [path.read_bytes() for path in stored_files(media)] == [PDF]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ใหญ่เกิน.pdf", PDF + b"0" * 2048),  # over the limit
        ("คำสั่ง.docx", PDF),  # a PDF's bytes under another name
        ("คำสั่ง.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("ไม่มีนามสกุล", PDF),
        ("ปลอม.pdf", b"<html><script>alert(1)</script></html>"),  # not a PDF inside
        ("ปลอม.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("ภาพ.png", b"GIF89a\x01\x00\x01\x00"),
    ],
)
def test_an_oversized_or_disguised_file_is_refused_and_nothing_is_attached(
    org, media, name, content
):
    circular = draft(org)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(Invalid) as refused:
        circular_services.circular_attach(circular, by=org.clerk.user, upload=upload)
    assert refused.value.field == "file"
    assert CircularAttachment.objects.count() == 0
    assert stored_files(media) == []


def test_only_an_author_may_attach_and_only_to_a_draft(org, media):
    circular = draft(org)
    upload = SimpleUploadedFile("คำสั่ง.pdf", PDF)
    with pytest.raises(Forbidden):
        circular_services.circular_attach(circular, by=org.employee.user, upload=upload)
    services.apply_transition(circular, "submit", by=org.clerk.user)
    with pytest.raises(Conflict):
        circular_services.circular_attach(circular, by=org.clerk.user, upload=upload)
    assert CircularAttachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_clerk_of_another_unit_may_not_attach_to_our_draft(org, media):
    other_clerk = make_person("otherclerk", roles=["employee", "clerk"], unit=org.other)
    with pytest.raises(Forbidden):
        circular_services.circular_attach(
            draft(org), by=other_clerk.user, upload=SimpleUploadedFile("คำสั่ง.pdf", PDF)
        )
    assert CircularAttachment.objects.count() == 0
    assert stored_files(media) == []


# --- who reads what ----------------------------------------------------------------------------


def visible(user, circular) -> bool:
    return Circular.objects.visible_to(user).filter(pk=circular.pk).exists()


def test_another_units_draft_is_never_seen_by_its_outsiders(org):
    other_clerk = make_person("otherclerk", roles=["employee", "clerk"], unit=org.other)
    circular = draft(org)
    for step, persona in (("submit", org.clerk), ("approve", org.executive)):
        for outsider in (org.outsider, other_clerk):
            assert not visible(outsider.user, circular)
        services.apply_transition(circular, step, by=persona.user)
    assert not visible(org.outsider.user, circular)
    assert not visible(other_clerk.user, circular)


def test_an_addressed_employee_sees_the_published_version_only(org):
    circular = approved(org)
    assert not visible(org.employee.user, circular)
    publish(org, circular)
    assert visible(org.employee.user, circular)
    next_version = CircularFactory(
        owner_unit=org.office, created_by=org.clerk.user, version=2, supersedes=circular
    )
    assert list(Circular.objects.visible_to(org.employee.user)) == [circular]
    assert visible(org.clerk.user, next_version)


def test_a_published_internal_circular_stays_hidden_from_those_not_addressed(org):
    internal = publish(org, approved(org))
    public = publish(org, approved(org, is_public=True))
    assert not visible(org.outsider.user, internal)
    assert visible(org.outsider.user, public)


def test_auditors_see_every_circular_in_every_state(org):
    drafts = [draft(org), approved(org), publish(org, approved(org))]
    elsewhere = CircularFactory(owner_unit=org.other, created_by=org.outsider.user)
    assert set(Circular.objects.visible_to(org.auditor.user)) == {*drafts, elsewhere}


def test_an_inactive_login_sees_nothing(org):
    circular = publish(org, approved(org))
    org.employee.user.is_active = False
    org.employee.user.save()
    assert not visible(org.employee.user, circular)
