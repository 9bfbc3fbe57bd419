"""Meeting minutes: numbering, attendance and agenda rules, action items followed up at the
next meeting, adoption at the next meeting, suggestions and the reminders. Every refusal is a
clear error that writes nothing."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from hrflow import audit
from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.models import AuditEvent
from meetings import followups
from meetings import services as meetings
from meetings import suggestions as suggestion_services
from meetings.models import (
    ActionItem,
    Attendance,
    MeetingMinutes,
    MeetingSeries,
    Problem,
    Resolution,
    Suggestion,
)
from notifications.models import Acknowledgement, Notice
from tests.factories import make_person
from tests.meetings import minutes_draft, office_series
from workflows import services
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db

MARCH = dt.date(2025, 3, 5)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted on their msgids."""
    with translation.override("en"):
        yield


APRIL = dt.date(2025, 4, 2)


def everything():
    """What a refused write must leave as it was."""
    return (
        list(MeetingMinutes.objects.order_by("pk").values()),
        list(Attendance.objects.order_by("pk").values()),
        list(Problem.objects.values()),
        list(Resolution.objects.values()),
        list(ActionItem.objects.order_by("pk").values()),
        TransitionLog.objects.count(),
        Notice.objects.count(),
        list(Suggestion.objects.values()),
    )


def publish(minutes, org):
    for step, who in (
        ("submit", org.clerk),
        ("approve", org.executive),
        ("publish", org.executive),
    ):
        minutes = services.apply_transition(minutes, step, by=who.user)
    return minutes


# --- numbering -------------------------------------------------------------------------------


def test_meetings_are_numbered_per_series_and_buddhist_year_and_restart_each_year(org):
    first = minutes_draft(org, meeting_date=MARCH)
    second = minutes_draft(org, meeting_date=APRIL)
    next_year = minutes_draft(org, meeting_date=dt.date(2026, 1, 7))
    assert (first.number_display, second.number_display) == ("ครั้งที่ 1/2568", "ครั้งที่ 2/2568")
    assert next_year.number_display == "ครั้งที่ 1/2569"
    assert first.title == "รายงานการประชุมประจำเดือนกองการเจ้าหน้าที่ ครั้งที่ 1/2568"


def test_a_meeting_number_reused_in_the_same_year_is_refused_and_writes_nothing(org):
    minutes_draft(org, meeting_date=MARCH, number=3)
    before = everything()
    with pytest.raises(Invalid) as refused:
        minutes_draft(org, meeting_date=APRIL, number=3)
    assert refused.value.field == "number"
    assert "3/2568" in refused.value.message
    assert everything() == before
    assert minutes_draft(org, meeting_date=dt.date(2026, 2, 4), number=3).number_year == 2569


def test_editing_a_draft_onto_another_meetings_number_is_refused(org):
    minutes_draft(org, meeting_date=MARCH, number=1)
    second = minutes_draft(org, meeting_date=APRIL, number=2)
    before = everything()
    with pytest.raises(Invalid):
        meetings.minutes_update(second, by=org.clerk.user, number=1)
    assert everything() == before


# --- attendance ------------------------------------------------------------------------------


def test_a_chair_who_is_not_among_those_present_is_refused_and_writes_nothing(org):
    office_series(org).acting_chairs.add(org.head)  # may chair, but is listed absent
    before = everything()
    with pytest.raises(Invalid) as refused:
        minutes_draft(org, chair=org.head)  # head is listed absent
    assert refused.value.field == "chair"
    assert "chair must be among those present" in refused.value.message
    assert everything() == before


def test_attendees_come_from_the_staff_list(org):
    gone = make_person("retired", unit=org.office)
    gone.user.is_active = False
    gone.user.save()
    before = everything()
    with pytest.raises(Invalid) as refused:
        minutes_draft(org, present=[org.executive, org.clerk, 999999])
    assert "999999" in refused.value.message
    with pytest.raises(Invalid):
        minutes_draft(org, guests=[gone])
    with pytest.raises(Invalid):
        minutes_draft(org, present=[org.executive], absent=[(org.executive.pk, "ป่วย")])
    assert everything() == before


def test_attendance_is_recorded_with_the_reasons_of_those_absent(org):
    minutes = minutes_draft(org, guests=[org.outsider])
    assert [a.employee for a in minutes.present] == [org.executive, org.clerk, org.employee]
    assert [(a.employee, a.reason) for a in minutes.absent] == [(org.head, "ลาพักผ่อน")]
    assert [a.employee for a in minutes.guests] == [org.outsider]


def test_only_the_series_secretary_drafts_its_minutes(org):
    series = office_series(org)
    assert MeetingMinutes.may_create(org.clerk.user)
    for persona in (org.executive, org.employee, org.auditor, org.outsider):
        assert not MeetingMinutes.may_create(persona.user)
        with pytest.raises(Forbidden):
            meetings.minutes_create(
                by=persona.user, series=series, meeting_date=MARCH, chair=org.executive,
                present=[org.executive],
            )  # fmt: skip
    assert not MeetingMinutes.objects.exists()


# --- agenda entries and action items ---------------------------------------------------------


def test_problems_and_resolutions_are_recorded_under_their_agenda_item(org):
    minutes = minutes_draft(org)
    meetings.problem_add(
        minutes, by=org.clerk.user, item=4, text="ระบบลงเวลาขัดข้อง", raised_by=org.employee
    )
    meetings.resolution_add(minutes, by=org.clerk.user, item=4, text="ให้ฝ่ายไอทีแก้ไข")
    item = minutes.agenda()[3]
    assert [(p.text, p.raised_by, p.unit) for p in item["problems"]] == [
        ("ระบบลงเวลาขัดข้อง", org.employee, org.section)
    ]
    assert [r.text for r in item["resolutions"]] == ["ให้ฝ่ายไอทีแก้ไข"]


def test_an_action_item_without_an_owner_is_refused_and_writes_nothing(org):
    minutes = minutes_draft(org)
    before = everything()
    with pytest.raises(Invalid) as refused:
        followups.action_add(
            minutes, by=org.clerk.user, item=4, text="จัดทำแผน", owner=None, due_date=APRIL
        )
    assert refused.value.field == "owner"
    assert everything() == before


def test_an_action_item_due_before_the_meeting_is_refused_and_writes_nothing(org):
    minutes = minutes_draft(org, meeting_date=MARCH)
    before = everything()
    with pytest.raises(Invalid) as refused:
        followups.action_add(
            minutes, by=org.clerk.user, item=4, text="จัดทำแผน", owner=org.employee,
            due_date=MARCH - dt.timedelta(days=1),
        )  # fmt: skip
    assert refused.value.field == "due_date"
    assert "2568" in refused.value.message  # the meeting date, in the Buddhist Era
    assert everything() == before


def test_the_owner_of_an_action_item_is_told_once_the_minutes_are_published(org):
    minutes = minutes_draft(org)
    action = followups.action_add(
        minutes, by=org.clerk.user, item=4, text="จัดทำแผน", owner=org.employee, due_date=APRIL
    )
    assert not Notice.objects.filter(kind="message").exists()  # a draft decides nothing yet
    minutes = publish(minutes, org)
    notice = Notice.objects.get(recipient=org.employee, channel="inapp", kind="message")
    assert notice.acknowledgement is None
    assert "ครั้งที่ 1/2568" in notice.subject
    assert action.text in notice.text
    assert notice.link == minutes.get_absolute_url()
    action.refresh_from_db()
    assert action.notified_at is not None


def action_items(org, minutes, count=2):
    return [
        followups.action_add(
            minutes,
            by=org.clerk.user,
            item=4,
            text=f"ภารกิจที่ {n}",
            owner=org.employee,
            due_date=minutes.meeting_date + dt.timedelta(days=20),
        )
        for n in range(1, count + 1)
    ]


def test_open_action_items_stand_under_item_3_of_the_next_meeting_until_closed(org):
    march = minutes_draft(org, meeting_date=MARCH)
    first, second = action_items(org, march)
    assert ActionItem.followups_for(minutes_draft(org, meeting_date=APRIL)) == []  # unpublished
    march = publish(march, org)
    april = MeetingMinutes.objects.get(number=2)
    assert april.agenda()[2]["followups"] == [first, second]

    followups.action_progress(first, at_minutes=april, by=org.clerk.user, note="ดำเนินการแล้ว 50%")
    closed = followups.action_progress(second, at_minutes=april, by=org.clerk.user, close=True)
    assert (closed.status, closed.closed_by, closed.closed_in) == ("done", org.clerk.user, april)
    assert closed.closed_at is not None
    (event,) = AuditEvent.objects.filter(kind=audit.Kind.ACTION_ITEM)  # progress alone: none
    assert (event.actor_id, event.employee_id) == (org.clerk.user.pk, second.owner_id)
    assert event.data == {"action": second.pk, "closed_in": april.pk, "note": ""}
    assert audit.verify().ok
    assert [a.pk for a in ActionItem.followups_for(april)] == [first.pk, second.pk]
    may = minutes_draft(org, meeting_date=dt.date(2025, 5, 7))
    assert [a.pk for a in ActionItem.followups_for(may)] == [first.pk]  # the open one only
    assert [p.note for p in ActionItem.followups_for(may)[0].progress.all()] == ["ดำเนินการแล้ว 50%"]


def test_progress_is_recorded_only_by_the_secretary_at_a_later_draft(org):
    march = minutes_draft(org, meeting_date=MARCH)
    (action,) = action_items(org, march, 1)
    publish(march, org)
    april = minutes_draft(org, meeting_date=APRIL)
    before = everything()
    with pytest.raises(Forbidden):
        followups.action_progress(action, at_minutes=april, by=org.executive.user, note="x")
    with pytest.raises(Conflict):  # March is published: not a meeting still being recorded
        followups.action_progress(action, at_minutes=march, by=org.clerk.user, note="x")
    assert everything() == before


# --- publish, adoption, corrections ----------------------------------------------------------


def test_published_minutes_ask_the_staff_in_the_series_scope_to_acknowledge(org):
    minutes = publish(minutes_draft(org), org)
    asked = set(Acknowledgement.objects.for_document(minutes).values_list("employee", flat=True))
    assert asked == {org.clerk.pk, org.executive.pk, org.head.pk, org.employee.pk}
    assert not MeetingMinutes.objects.visible_to(org.outsider.user).exists()
    assert MeetingMinutes.objects.visible_to(org.employee.user).get() == minutes


def test_adopting_at_the_next_meeting_locks_the_previous_minutes(org):
    march = publish(minutes_draft(org, meeting_date=MARCH), org)
    april = publish(minutes_draft(org, meeting_date=APRIL), org)
    adopted = meetings.minutes_adopt_previous(april, by=org.clerk.user, ip="203.0.113.9")
    assert (adopted.pk, adopted.adopted_by, adopted.adopted_in) == (march.pk, org.clerk.user, april)
    assert april.agenda()[1]["adopted"] == adopted
    log = TransitionLog.objects.get(
        content_type=ContentType.objects.get_for_model(MeetingMinutes), transition="adopt"
    )
    assert (log.object_id, log.by, log.note, log.from_state, log.to_state) == (
        march.pk,
        org.clerk.user,
        "Adopted at meeting ครั้งที่ 2/2568.",
        "published",
        "adopted",
    )

    before = everything()
    with pytest.raises(Conflict) as refused:
        services.document_revise(adopted, by=org.clerk.user)
    assert "adopted" in refused.value.message
    with pytest.raises(Conflict):
        meetings.minutes_update(adopted, by=org.clerk.user, place="ที่อื่น")
    with pytest.raises(Conflict):
        meetings.minutes_adopt_previous(april, by=org.clerk.user)
    with pytest.raises(Forbidden):
        services.apply_transition(adopted, "withdraw", by=org.executive.user, note="ผิด")
    assert not adopted.may_revise(org.clerk.user)
    assert everything() == before


def test_adoption_needs_published_previous_minutes_and_the_series_officers(org):
    march = minutes_draft(org, meeting_date=MARCH)
    april = minutes_draft(org, meeting_date=APRIL)
    april = publish(april, org)
    with pytest.raises(Conflict):
        meetings.minutes_adopt_previous(april, by=org.clerk.user)  # March is still a draft
    publish(march, org)
    for persona in (org.employee, org.auditor, org.head):
        with pytest.raises(Forbidden):
            meetings.minutes_adopt_previous(april, by=persona.user)
    assert not MeetingMinutes.objects.filter(adopted_at__isnull=False).exists()


def test_a_corrected_version_carries_the_follow_up_of_its_action_items(org):
    march = publish(minutes_draft(org, meeting_date=MARCH), org)
    april = minutes_draft(org, meeting_date=APRIL)
    march_draft = services.document_revise(march, by=org.clerk.user)
    (action,) = action_items(org, march_draft, 1)
    march_v2 = publish(march_draft, org)
    followups.action_progress(action, at_minutes=april, by=org.clerk.user, note="เริ่มแล้ว")
    march_v3 = publish(services.document_revise(march_v2, by=org.clerk.user), org)
    (carried,) = ActionItem.followups_for(april)
    assert carried.minutes == march_v3 and carried.pk != action.pk
    assert [p.note for p in carried.progress.all()] == ["เริ่มแล้ว"]
    told = Notice.objects.filter(recipient=org.employee, kind="message", channel="inapp")
    assert told.count() == 1  # told at version 2; version 3 carries the item, not a new one


def test_a_correction_before_adoption_is_a_new_version_with_its_attendance_and_entries(org):
    march = minutes_draft(org, meeting_date=MARCH)
    action_items(org, march, 1)
    meetings.problem_add(march, by=org.clerk.user, item=1, text="ปัญหา")
    march = publish(march, org)
    draft = services.document_revise(march, by=org.clerk.user)
    assert (draft.number_display, draft.version) == (march.number_display, 2)
    assert [a.employee_id for a in draft.attendance.all()] == [
        a.employee_id for a in march.attendance.all()
    ]
    assert draft.problems.count() == 1 and draft.action_items.count() == 1
    told = Notice.objects.filter(recipient=org.employee, kind="message", channel="inapp")
    assert told.count() == 1  # the owner is not told again


# --- suggestions -----------------------------------------------------------------------------


def test_an_anonymous_suggestion_never_shows_its_author_to_the_secretary_or_the_chair(org):
    series = office_series(org)
    suggestion = suggestion_services.suggestion_submit(
        by=org.employee.user, series=series, text="ควรมีที่จอดรถจักรยาน", anonymous=True
    )
    assert suggestion.submitted_by == org.employee  # HRFlow's own record
    assert suggestion.author_shown == ""
    named = suggestion_services.suggestion_submit(
        by=org.employee.user, series=series, text="ควรมีตู้น้ำ"
    )
    assert named.author_shown == org.employee.full_name
    for persona in (org.clerk, org.executive):
        assert set(suggestion_services.visible_to(persona.user)) == {suggestion, named}
    assert not suggestion_services.visible_to(org.outsider.user).exists()


def test_a_suggestion_placed_on_item_4_and_answered_is_told_back_to_its_author(org):
    suggestion = suggestion_services.suggestion_submit(
        by=org.employee.user, series=office_series(org), text="ควรมีที่จอดรถ", anonymous=True
    )
    minutes = minutes_draft(org)
    with pytest.raises(Forbidden):
        suggestion_services.suggestion_place(suggestion, by=org.employee.user, minutes=minutes)
    suggestion_services.suggestion_place(suggestion, by=org.clerk.user, minutes=minutes)
    assert minutes.agenda()[3]["suggestions"] == [suggestion]
    answered = suggestion_services.suggestion_answer(
        suggestion, by=org.executive.user, outcome="ที่ประชุมเห็นชอบ จัดทำภายในเดือนหน้า"
    )
    assert answered.status == "answered" and answered.answered_by == org.executive.user
    notice = Notice.objects.get(recipient=org.employee, kind="message", channel="inapp")
    assert notice.text == "ที่ประชุมเห็นชอบ จัดทำภายในเดือนหน้า"
    with pytest.raises(Conflict):
        suggestion_services.suggestion_answer(suggestion, by=org.clerk.user, outcome="อีกครั้ง")
    # Auditors see who answered what; the anonymous author stays out of the trail.
    (event,) = AuditEvent.objects.filter(kind=audit.Kind.SUGGESTION)
    assert (event.actor_id, event.employee_id) == (org.executive.user.pk, None)
    assert event.data == {"suggestion": suggestion.pk, "outcome": answered.outcome}
    assert str(org.employee.pk) not in event.summary and org.employee.full_name not in event.summary


def test_a_suggestion_answered_in_a_stale_tab_is_a_409_and_keeps_the_first_answer(org):
    suggestion = suggestion_services.suggestion_submit(
        by=org.employee.user, series=office_series(org), text="ควรมีที่จอดรถ"
    )
    stale = Suggestion.objects.get(pk=suggestion.pk)  # the second tab, opened before the answer
    suggestion_services.suggestion_answer(suggestion, by=org.executive.user, outcome="เห็นชอบ")
    with pytest.raises(Conflict):
        suggestion_services.suggestion_answer(stale, by=org.clerk.user, outcome="ไม่เห็นชอบ")
    suggestion.refresh_from_db()
    assert (suggestion.outcome, suggestion.answered_by) == ("เห็นชอบ", org.executive.user)
    assert AuditEvent.objects.filter(kind=audit.Kind.SUGGESTION).count() == 1


# --- reminders -------------------------------------------------------------------------------


def test_owners_are_reminded_near_the_due_date_once_a_day(org, settings):
    settings.HRFLOW_REMIND_DAYS_BEFORE = [7, 1]
    march = minutes_draft(org, meeting_date=MARCH)
    (action,) = action_items(org, march, 1)
    assert followups.remind_action_items(action.due_date - dt.timedelta(days=1)) == 0  # a draft
    publish(march, org)
    assert followups.remind_action_items(action.due_date - dt.timedelta(days=3)) == 0
    day_before = action.due_date - dt.timedelta(days=1)
    assert followups.remind_action_items(day_before) == 1
    followups.remind_action_items(day_before)  # the beat runs again the same day
    reminders = Notice.objects.filter(recipient=org.employee, dedupe_key__contains=":due:")
    assert reminders.filter(channel="inapp").count() == 1


def test_a_series_with_no_meeting_last_month_reminds_its_secretary_and_chair_once(org):
    series = office_series(org)
    MeetingSeries.objects.filter(pk=series.pk).update(
        created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    minutes_draft(org, meeting_date=MARCH)
    assert followups.remind_idle_series(dt.date(2025, 4, 1)) == 0  # March had a meeting
    assert followups.remind_idle_series(dt.date(2025, 5, 3)) == 1  # April had none
    assert followups.remind_idle_series(dt.date(2025, 5, 4)) == 1
    told = Notice.objects.filter(kind="message", channel="inapp")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [org.clerk.pk, org.executive.pk]
    )
    assert "เมษายน" in told.first().subject
