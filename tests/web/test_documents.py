import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from circulars.models import Circular, CircularAttachment
from workflows import services
from workflows.models import RegisterCounter, State, TransitionLog

from .conftest import new_draft, walk


def form_data(org, **overrides):
    data = {
        "title": "ประกาศเรื่องการปฏิบัติงานนอกเวลา",
        "body": "บรรทัดแรก\n\nย่อหน้าที่สอง",
        "deadline": "25/11/2579",
        "audience_units": [org.office.pk],
        "audience_subunits": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def transition_url(circular, name):
    return reverse("workflows:circular-transition", args=[circular.pk, name])


def detail_url(circular):
    return reverse("workflows:circular-detail", args=[circular.pk])


def test_a_clerk_drafts_a_circular_with_a_buddhist_era_deadline_and_a_unit_audience(org, as_):
    response = as_(org.clerk).post(reverse("workflows:circular-new"), form_data(org))
    circular = Circular.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(circular)
    assert circular.state == State.DRAFT
    assert circular.deadline == dt.date(2036, 11, 25)
    assert circular.audience == [{"kind": "unit", "id": org.office.pk, "subunits": True}]
    assert circular.owner_unit == org.office
    assert circular.body == "<p>บรรทัดแรก</p>\n\n<p>ย่อหน้าที่สอง</p>"


def test_the_audience_chooser_builds_every_kind_of_target(org, as_):
    data = form_data(
        org,
        audience_subunits=None,
        audience_positions=[org.employee.position.pk],
        audience_people=[org.outsider.pk],
    )
    as_(org.clerk).post(reverse("workflows:circular-new"), data)
    assert Circular.objects.get().audience == [
        {"kind": "unit", "id": org.office.pk, "subunits": False},
        {"kind": "position", "id": org.employee.position.pk},
        {"kind": "person", "id": org.outsider.pk},
    ]
    as_(org.clerk).post(reverse("workflows:circular-new"), form_data(org, audience_everyone="on"))
    assert Circular.objects.order_by("pk").last().audience == [{"kind": "everyone"}]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"body": "<p>hi</p><script>alert(1)</script>"}, "scripts or event handlers"),
        ({"body": '<img src=x onerror="alert(1)">'}, "scripts or event handlers"),
        ({"audience_units": None, "audience_subunits": None}, "Choose who the document is for"),
        ({"deadline": "31/02/2569"}, "Buddhist-Era year"),
        ({"deadline": "1/1/68"}, "Buddhist-Era year"),
        ({"deadline": "1/1/1800"}, "does not look right"),
        ({"title": ""}, "This field is required"),
    ],
)
def test_a_bad_draft_is_refused_with_a_form_error_and_nothing_is_saved(
    org, as_, overrides, message
):
    response = as_(org.clerk).post(reverse("workflows:circular-new"), form_data(org, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Circular.objects.exists()


def test_the_new_circular_form_opens_for_a_clerk_with_the_audience_chooser(org, as_):
    page = as_(org.clerk).get(reverse("workflows:circular-new")).content.decode()
    for name in ("audience_everyone", "audience_units", "audience_subunits", "audience_people"):
        assert f'name="{name}"' in page
    assert 'name="deadline"' in page and "data-be-date" in page


def test_the_clerk_submits_and_the_log_records_who_and_from_where(org, draft, as_):
    response = as_(org.clerk).post(transition_url(draft, "submit"), {"note": "ขอเสนอ"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW
    entry = TransitionLog.objects.get()
    assert (entry.by, entry.note, entry.ip) == (org.clerk.user, "ขอเสนอ", "127.0.0.1")
    page = as_(org.clerk).get(detail_url(draft)).content.decode()
    assert "ขอเสนอ" in page  # the history shows the note


def test_sending_back_without_a_reason_is_a_400_on_the_page_and_changes_nothing(org, draft, as_):
    walk(draft, org, "submit")
    response = as_(org.executive).post(transition_url(draft, "send_back"), {"note": "  "})
    assert response.status_code == 400
    assert "Please give a reason." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW
    assert TransitionLog.objects.count() == 1


def test_publishing_a_draft_is_a_409_and_consumes_no_number(org, draft, as_):
    response = as_(org.executive).post(transition_url(draft, "publish"))
    assert response.status_code == 409
    assert "the step “Publish” is not possible now" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.state, draft.number) == (State.DRAFT, None)
    assert not RegisterCounter.objects.exists()
    assert not TransitionLog.objects.exists()


def test_a_step_from_a_page_showing_an_older_state_is_a_409_and_changes_nothing(org, draft, as_):
    published = walk(draft, org, "submit", "approve", "publish")
    services.apply_transition(published, "withdraw", by=org.executive.user, note="ยกเลิก")
    response = as_(org.executive).post(
        transition_url(draft, "archive"), {"from_state": State.PUBLISHED}
    )
    assert response.status_code == 409
    assert "Someone else changed this document first" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == State.WITHDRAWN
    assert TransitionLog.objects.filter(transition="archive").count() == 0


def test_every_step_button_carries_the_state_the_page_shows(org, draft, as_):
    walk(draft, org, "submit")
    page = as_(org.executive).get(detail_url(draft)).content.decode()
    assert page.count('name="from_state" value="in_review"') == 2  # send back, approve


def test_a_clerk_approving_is_a_403_with_the_message(org, draft, as_):
    walk(draft, org, "submit")
    response = as_(org.clerk).post(transition_url(draft, "approve"))
    assert response.status_code == 403
    assert "You may not take the step “Approve” on this document." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW


def test_an_unknown_step_is_a_400(org, draft, as_):
    response = as_(org.clerk).post(transition_url(draft, "explode"))
    assert response.status_code == 400
    assert not TransitionLog.objects.exists()


def test_a_transition_is_post_only(org, draft, as_):
    assert as_(org.clerk).get(transition_url(draft, "submit")).status_code == 405
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_the_detail_page_offers_the_steps_this_user_may_take_now(org, draft, as_):
    walk(draft, org, "submit")
    executive_page = as_(org.executive).get(detail_url(draft)).content.decode()
    assert 'data-step="approve"' in executive_page
    assert 'data-step="send_back"' in executive_page
    assert 'data-step="submit"' not in executive_page
    clerk_page = as_(org.clerk).get(detail_url(draft)).content.decode()
    assert "data-step=" not in clerk_page
    auditor_page = as_(org.auditor).get(detail_url(draft)).content.decode()
    assert "data-step=" not in auditor_page
    assert draft.title in auditor_page


def test_the_detail_page_describes_the_audience_and_shows_the_number(
    org, published, employee_ack, as_
):
    page = as_(org.employee).get(detail_url(published)).content.decode()
    assert "กองการเจ้าหน้าที่ and its sub-units" in page
    assert published.number_display in page
    assert reverse("notifications:acknowledgement", args=[employee_ack.pk]) in page


def test_editing_a_draft_saves_it_and_bumps_its_lock_version(org, draft, as_):
    client = as_(org.clerk)
    edit = reverse("workflows:circular-edit", args=[draft.pk])
    page = client.get(edit).content.decode()
    assert f'name="lock_version" value="{draft.lock_version}"' in page
    data = form_data(org, title="หัวเรื่องใหม่", lock_version=draft.lock_version)
    response = client.post(edit, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.lock_version) == ("หัวเรื่องใหม่", 1)


def test_the_edit_form_chooses_the_letter_form_and_refuses_one_that_is_not_a_choice(
    org, draft, as_
):
    client = as_(org.clerk)
    edit = reverse("workflows:circular-edit", args=[draft.pk])
    assert 'name="letter_form"' in client.get(edit).content.decode()
    bad = form_data(org, letter_form="fax", urgency="most_urgent", lock_version=0)
    response = client.post(edit, bad)
    assert response.status_code == 400 and 'id="id_letter_form"' in response.content.decode()
    draft.refresh_from_db()
    assert (draft.letter_form, draft.urgency, draft.lock_version) == ("memo", "", 0)
    letter = form_data(
        org, letter_form="external", urgency="most_urgent", addressee="บุคลากรทุกคน",
        reference="หนังสือจังหวัด ที่ ลป 0017/ว 12", lock_version=0,
    )  # fmt: skip
    assert client.post(edit, letter).status_code == 302
    draft.refresh_from_db()
    assert (draft.letter_form, draft.urgency, draft.addressee) == (
        "external",
        "most_urgent",
        "บุคลากรทุกคน",
    )


def test_a_stale_edit_form_gets_a_409_and_does_not_overwrite(org, draft, as_):
    client = as_(org.clerk)
    edit = reverse("workflows:circular-edit", args=[draft.pk])
    client.post(edit, form_data(org, title="บันทึกครั้งแรก", lock_version=0))
    response = client.post(edit, form_data(org, title="บันทึกทับ", lock_version=0))
    assert response.status_code == 409
    assert "Someone else saved this draft first" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "บันทึกครั้งแรก"


def test_an_edit_form_without_its_lock_version_is_refused(org, draft, as_):
    edit = reverse("workflows:circular-edit", args=[draft.pk])
    response = as_(org.clerk).post(edit, form_data(org, title="ไม่มีเวอร์ชัน"))
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.title != "ไม่มีเวอร์ชัน"


def test_only_a_draft_can_be_edited(org, draft, as_):
    walk(draft, org, "submit")
    edit = reverse("workflows:circular-edit", args=[draft.pk])
    assert as_(org.clerk).get(edit).status_code == 409
    response = as_(org.clerk).post(edit, form_data(org, title="สาย", lock_version=0))
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.title != "สาย"


def upload(name, content, kind="application/pdf"):
    return SimpleUploadedFile(name, content, kind)


def test_a_clerk_attaches_a_pdf_and_an_addressed_employee_downloads_it(org, draft, as_):
    attach = reverse("workflows:circular-attach", args=[draft.pk])
    response = as_(org.clerk).post(attach, {"file": upload("คำสั่ง.pdf", b"%PDF-1.4 content")})
    assert response.status_code == 302
    attachment = CircularAttachment.objects.get()
    walk(draft, org, "submit", "approve", "publish")
    url = reverse("workflows:circular-attachment", args=[draft.pk, attachment.pk])
    response = as_(org.employee).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 content"
    assert as_(org.outsider).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ....", "Only PDF, PNG and JPEG"),
        ("fake.pdf", b"<html>not a pdf</html>", "Only PDF, PNG and JPEG"),
        ("big.pdf", b"%PDF-" + b"x" * 2048, "The file is too large"),
    ],
)
def test_a_bad_attachment_is_a_form_error_and_nothing_is_attached(
    org, draft, as_, settings, name, content, message
):
    settings.HRFLOW_ATTACHMENT_MAX_BYTES = 1024
    attach = reverse("workflows:circular-attach", args=[draft.pk])
    response = as_(org.clerk).post(attach, {"file": upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CircularAttachment.objects.exists()


def test_the_list_filters_by_state_and_shows_only_what_the_user_may_see(org, draft, published, as_):
    client = as_(org.clerk)
    drafts = client.get(reverse("workflows:circular-list"), {"state": "draft"}).content.decode()
    assert draft.title in drafts and published.title not in drafts
    employee_list = as_(org.employee).get(reverse("workflows:circular-list")).content.decode()
    assert published.title in employee_list and draft.title not in employee_list
    outsider_list = as_(org.outsider).get(reverse("workflows:circular-list")).content.decode()
    assert published.title not in outsider_list
    bogus = as_(org.clerk).get(reverse("workflows:circular-list"), {"state": "bogus"})
    assert bogus.status_code == 400


def test_the_list_is_paginated(org, as_):
    for n in range(23):
        new_draft(org, title=f"ร่างที่ {n:02d}")
    client = as_(org.clerk)
    first = client.get(reverse("workflows:circular-list")).content.decode()
    second = client.get(reverse("workflows:circular-list"), {"page": 2}).content.decode()
    assert first.count('class="card doc-item"') == 20
    assert second.count('class="card doc-item"') == 3
    assert client.get(reverse("workflows:circular-list"), {"page": "x"}).status_code == 200


def test_the_pages_are_thai_by_default_with_buddhist_era_dates(org, published, as_):
    page = as_(org.employee, lang="").get(detail_url(published)).content.decode()
    assert '<html lang="th">' in page
    months = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
              "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")  # fmt: skip
    deadline = f"{published.deadline.day} {months[published.deadline.month - 1]}"
    assert f"{deadline} {published.deadline.year + 543}" in page
    assert 'action="/i18n/setlang/"' in page
    assert 'action="/logout/"' in page


def test_a_clerk_starts_a_new_version_and_its_publishing_retires_the_old_one(org, published, as_):
    client = as_(org.clerk)
    assert 'data-action="revise"' in client.get(detail_url(published)).content.decode()
    response = client.post(reverse("workflows:circular-revise", args=[published.pk]))
    revision = Circular.objects.get(supersedes=published)
    assert response.status_code == 302
    assert response["Location"] == reverse("workflows:circular-edit", args=[revision.pk])
    assert (revision.version, revision.state, revision.title) == (2, State.DRAFT, published.title)

    # One open revision at a time: the button is gone and a second post is a 409.
    page = client.get(detail_url(published)).content.decode()
    assert 'data-action="revise"' not in page
    assert reverse("workflows:circular-detail", args=[revision.pk]) in page
    again = client.post(reverse("workflows:circular-revise", args=[published.pk]))
    assert again.status_code == 409
    assert Circular.objects.filter(supersedes=published).count() == 1

    walk(revision, org, "submit", "approve", "publish")
    published.refresh_from_db()
    assert published.state == State.ARCHIVED
    page = client.get(detail_url(revision)).content.decode()
    assert reverse("workflows:circular-detail", args=[published.pk]) in page  # ‹ version 1


def test_a_draft_cannot_be_revised(org, draft, as_):
    response = as_(org.clerk).post(reverse("workflows:circular-revise", args=[draft.pk]))
    assert response.status_code == 409
    assert not Circular.objects.filter(supersedes=draft).exists()
