"""Recording a meeting through the pages: what the secretary types becomes the record, and
every rule broken is a form error or a page that says why, with nothing written."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from meetings import services as meetings
from meetings.models import ActionItem, Attendance, MeetingMinutes
from notifications import services as notices
from notifications.models import Notice
from tests.meetings import minutes_draft, minutes_world, office_series, publish


def form_data(org, **changes):
    data = {
        "series": office_series(org).pk,
        "meeting_date": "2025-05-07",
        "start_time": "09:30",
        "end_time": "11:00",
        "place": "ห้องประชุมกองการเจ้าหน้าที่",
        "chair": org.executive.pk,
        "present": [org.executive.pk, org.clerk.pk, org.employee.pk],
        "absent": [org.head.pk],
        "absent_reasons": f"{org.head.staff_id}: ไปราชการต่างจังหวัด",
        "item_1": "ประธานแจ้งให้ทราบ",
    }
    data.update(changes)
    return data


def test_the_secretary_records_a_meeting_with_the_reasons_of_those_absent(org, as_):
    response = as_(org.clerk).post(reverse("workflows:meetingminutes-new"), form_data(org))
    minutes = MeetingMinutes.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workflows:meetingminutes-detail", args=[minutes.pk])
    assert minutes.number_display == "ครั้งที่ 1/2568"
    assert [(a.employee, a.reason) for a in minutes.absent] == [(org.head, "ไปราชการต่างจังหวัด")]
    page = as_(org.clerk).get(response["Location"]).content.decode()
    assert "ไปราชการต่างจังหวัด" in page and org.head.full_name in page


def test_a_chair_not_present_is_a_form_error_and_nothing_is_written(org, as_):
    office_series(org).acting_chairs.add(org.head)  # may chair, but is listed absent
    response = as_(org.clerk).post(
        reverse("workflows:meetingminutes-new"), form_data(org, chair=org.head.pk)
    )
    assert response.status_code == 400
    assert "The chair must be among those present." in response.content.decode()
    assert not MeetingMinutes.objects.exists() and not Attendance.objects.exists()


def test_a_meeting_number_reused_in_the_year_is_a_form_error(org, as_):
    minutes_draft(org, meeting_date=dt.date(2025, 3, 5), number=2)
    response = as_(org.clerk).post(
        reverse("workflows:meetingminutes-new"), form_data(org, number=2)
    )
    assert response.status_code == 400
    assert "Meeting number 2/2568 of this series is already recorded." in response.content.decode()
    assert MeetingMinutes.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"owner": ""}, "An action item needs an owner."),
        ({"due_date": "2025-03-04"}, "The due date cannot be before the meeting"),
    ],
)
def test_an_action_item_without_an_owner_or_due_before_the_meeting_is_refused(
    org, as_, changes, message
):
    minutes = minutes_draft(org, meeting_date=dt.date(2025, 3, 5))
    data = {"kind": "action", "item": "4", "text": "จัดทำแผน", "owner": org.employee.pk}
    data.update({"due_date": "2025-03-31", **changes})
    response = as_(org.clerk).post(
        reverse("workflows:meetingminutes-entries", args=[minutes.pk]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ActionItem.objects.exists() and not Notice.objects.exists()


def test_a_failed_entry_stays_on_the_page_with_what_was_typed_and_every_error_on_top(org, as_):
    minutes = minutes_draft(org, meeting_date=dt.date(2025, 3, 5))
    data = {"kind": "action", "item": "4", "text": "จัดทำแผนลดใช้กระดาษ", "owner": org.employee.pk,
            "unit": "no-such-unit", "due_date": "31/02/2568"}  # fmt: skip
    response = as_(org.clerk).post(
        reverse("workflows:meetingminutes-entries", args=[minutes.pk]), data
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[
        page.index("data-error-summary") : page.index("</ul>", page.index("data-error-summary"))
    ]
    assert 'href="#id_due_date"' in summary and 'href="#id_unit"' in summary  # both at once
    assert "จัดทำแผนลดใช้กระดาษ</textarea>" in page
    assert 'value="31/02/2568"' in page  # the slip, as typed, to correct in place
    assert not ActionItem.objects.exists() and not Notice.objects.exists()


def test_a_refused_entry_keeps_what_was_typed_with_the_service_reason_on_its_field(org, as_):
    minutes = minutes_draft(org, meeting_date=dt.date(2025, 3, 5))
    data = {"kind": "action", "item": "4", "text": "จัดทำแผนลดใช้กระดาษ", "owner": "",
            "due_date": "31/03/2568"}  # fmt: skip
    response = as_(org.clerk).post(
        reverse("workflows:meetingminutes-entries", args=[minutes.pk]), data
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "An action item needs an owner." in page
    assert "จัดทำแผนลดใช้กระดาษ</textarea>" in page and 'value="31/03/2568"' in page
    assert not ActionItem.objects.exists()


def test_adopted_minutes_show_they_are_final_and_cannot_be_edited_or_revised(org, as_):
    world = minutes_world(org)
    april = publish(world["april"], org)
    meetings.minutes_adopt_previous(april, by=org.executive.user)
    march = world["march"]
    page = as_(org.clerk).get(reverse("workflows:meetingminutes-detail", args=[march.pk]))
    assert "These minutes were adopted at the next meeting and are final." in page.content.decode()
    assert b'data-action="revise"' not in page.content
    response = as_(org.clerk).post(reverse("workflows:meetingminutes-revise", args=[march.pk]))
    assert response.status_code == 409
    assert MeetingMinutes.objects.filter(supersedes=march).count() == 0


def test_the_chair_and_the_secretary_are_offered_adoption_and_staff_are_not(org, as_):
    april = minutes_world(org)["april"]
    url = reverse("workflows:meetingminutes-detail", args=[april.pk])
    assert 'data-action="adopt"' not in as_(org.clerk).get(url).content.decode()  # a draft
    publish(april, org)
    for persona, offered in ((org.clerk, True), (org.executive, True), (org.head, False)):
        page = as_(persona).get(url).content.decode()
        assert ('data-action="adopt"' in page) is offered, persona


def test_an_assigned_owner_is_told_in_the_inbox_by_email_and_through_the_api(org, as_, client):
    world = minutes_world(org)
    notices.deliver(list(Notice.objects.values_list("pk", flat=True)))
    inbox = as_(org.employee).get(reverse("notifications:inbox")).content.decode()
    assert "จัดทำแผนลดใช้กระดาษ" in inbox
    assert world["march"].get_absolute_url() in inbox
    sent = [m for m in mail.outbox if "จัดทำแผนลดใช้กระดาษ" in m.body]
    assert len(sent) == 1 and sent[0].to == [org.employee.user.email]
    assert "ครั้งที่ 1/2568" in sent[0].subject  # in Thai: ท่านได้รับมอบหมายงาน…
    assert sent[0].subject.startswith("ท่านได้รับมอบหมายงาน")
    rows = as_(org.employee).get("/api/me/notices/").json()["results"]
    message = next(row for row in rows if row["kind"] == "message")
    assert message["acknowledgement"] is None and "1/2568" in message["subject"]


def test_an_owner_outside_the_series_scope_reads_the_minutes_that_assigned_the_item(org, as_):
    minutes = minutes_draft(org, meeting_date=dt.date(2025, 3, 5))
    from meetings import followups
    from workflows import services

    followups.action_add(
        minutes, by=org.clerk.user, item=4, text="ประสานกองช่าง", owner=org.outsider,
        due_date=dt.date(2025, 3, 20),
    )  # fmt: skip
    url = reverse("workflows:meetingminutes-detail", args=[minutes.pk])
    assert as_(org.outsider).get(url).status_code == 404  # a draft: not yet
    for step, who in (
        ("submit", org.clerk),
        ("approve", org.executive),
        ("publish", org.executive),
    ):
        services.apply_transition(minutes, step, by=who.user)
    assert as_(org.outsider).get(url).status_code == 200


def test_the_auditor_reads_a_minutes_timeline_with_the_diff_between_versions(org, as_):
    from workflows import services

    march = minutes_world(org)["march"]
    draft = services.document_revise(march, by=org.clerk.user)
    meetings.minutes_update(draft, by=org.clerk.user, place="ห้องประชุมใหญ่")
    for step, who in (
        ("submit", org.clerk),
        ("approve", org.executive),
        ("publish", org.executive),
    ):
        services.apply_transition(draft, step, by=who.user)
    response = as_(org.auditor).get(reverse("auditor:document", args=["minutes", march.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ห้องประชุมใหญ่" in page and org.executive.full_name in page
