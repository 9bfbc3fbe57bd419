"""Separation of duties in meeting minutes: HR names who may chair a series; the secretary, who
drafts the minutes, never chairs the meeting nor approves them, whichever way they try (the
service, the page, the API, data written before these rules); and the chair must be recorded as
present for the minutes to be approved."""

import importlib

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from hrflow.errors import Conflict, Forbidden, Invalid
from meetings.models import Attendance, MeetingMinutes
from tests.meetings import minutes_draft, office_series, state_at
from workflows import services
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def written():
    return (
        list(MeetingMinutes.objects.order_by("pk").values()),
        list(Attendance.objects.order_by("pk").values()),
        TransitionLog.objects.count(),
    )


def test_the_secretary_cannot_name_themself_chair_and_nothing_is_written(org):
    before = written()
    with pytest.raises(Invalid) as refused:
        minutes_draft(org, chair=org.clerk)  # the clerk is the secretary, and present
    assert refused.value.field == "chair"
    assert "secretary" in refused.value.message
    assert written() == before


def test_the_secretary_picks_the_chair_only_among_those_hr_named_for_the_series(org):
    with pytest.raises(Invalid) as refused:
        minutes_draft(org, chair=org.employee)  # present, but not named by HR
    assert "HR named" in refused.value.message
    assert not MeetingMinutes.objects.exists()
    office_series(org).acting_chairs.add(org.employee)
    assert minutes_draft(org, chair=org.employee).chair == org.employee
    assert minutes_draft(org, chair=None).chair == org.executive  # the series' usual chair


def test_editing_a_draft_cannot_make_the_secretary_its_chair(org):
    from meetings import services as meetings

    draft = minutes_draft(org)
    before = written()
    for chair in (org.clerk, org.employee):
        with pytest.raises(Invalid):
            meetings.minutes_update(draft, by=org.clerk.user, chair=chair.pk)
    assert written() == before


def test_the_secretary_never_approves_even_where_the_data_names_them_chair(org):
    draft = services.apply_transition(minutes_draft(org), "submit", by=org.clerk.user)
    # Minutes written before these rules, with the secretary as their chair.
    MeetingMinutes.objects.filter(pk=draft.pk).update(chair=org.clerk)
    draft.refresh_from_db()
    assert "approve" not in services.available_transitions(draft, org.clerk.user)
    before = written()
    with pytest.raises(Forbidden):
        services.apply_transition(draft, "approve", by=org.clerk.user)
    assert written() == before


def test_a_chair_hr_no_longer_names_cannot_approve(org):
    series = office_series(org)
    series.acting_chairs.add(org.employee)
    draft = minutes_draft(org, chair=org.employee)
    draft = services.apply_transition(draft, "submit", by=org.clerk.user)
    series.acting_chairs.remove(org.employee)
    with pytest.raises(Forbidden):
        services.apply_transition(draft, "approve", by=org.employee.user)
    draft.refresh_from_db()
    assert draft.state == "in_review"


def test_minutes_are_approved_only_with_their_chair_recorded_as_present(org):
    draft = services.apply_transition(minutes_draft(org), "submit", by=org.clerk.user)
    # Attendance written before the rule (or changed under the draft): the chair is not present.
    Attendance.objects.filter(minutes=draft, employee=org.executive).update(status="absent")
    before = written()
    with pytest.raises(Conflict) as refused:
        services.apply_transition(draft, "approve", by=org.executive.user)
    assert "not recorded as present" in refused.value.message
    assert written() == before
    Attendance.objects.filter(minutes=draft, employee=org.executive).update(status="present")
    assert services.apply_transition(draft, "approve", by=org.executive.user).state == "approved"


def test_the_api_refuses_the_secretary_as_chair_with_a_400_and_a_message(org):
    clerk = APIClient()
    clerk.force_login(org.clerk.user)
    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the message is asserted on its msgid
    body = {
        "series": office_series(org).pk,
        "meeting_date": "2025-05-07",
        "chair": org.clerk.pk,
        "present": [org.executive.pk, org.clerk.pk],
    }
    response = clerk.post("/api/minutes/", body, format="json")
    assert response.status_code == 400
    assert "secretary" in response.json()["detail"]
    assert not MeetingMinutes.objects.exists()
    response = clerk.post("/api/minutes/", {**body, "chair": None}, format="json")
    assert response.status_code == 400  # a null is not "left out"
    body.pop("chair")
    created = clerk.post("/api/minutes/", body, format="json")
    assert created.status_code == 201 and created.json()["chair"] == org.executive.pk


def test_the_page_offers_only_the_series_chairs_and_refuses_the_secretary(org, as_):
    office_series(org)
    page = as_(org.clerk).get(reverse("workflows:meetingminutes-new")).content.decode()
    chairs = page[page.index('id="id_chair"') :].split("</select>", 1)[0]
    assert f'<option value="{org.executive.pk}"' in chairs
    assert f'<option value="{org.clerk.pk}"' not in chairs
    data = {
        "series": office_series(org).pk,
        "meeting_date": "2025-05-07",
        "chair": org.clerk.pk,
        "present": [org.executive.pk, org.clerk.pk],
    }
    response = as_(org.clerk).post(reverse("workflows:meetingminutes-new"), data)
    assert response.status_code == 400
    assert not MeetingMinutes.objects.exists()


def test_the_migration_keeps_the_chairs_used_so_far_except_the_secretary(org):
    series = office_series(org)
    chaired = minutes_draft(org)
    # Chairs the secretary typed before HR named them: the head, and the secretary themself.
    MeetingMinutes.objects.filter(pk=chaired.pk).update(chair=org.head)
    other = minutes_draft(org)
    MeetingMinutes.objects.filter(pk=other.pk).update(chair=org.clerk)
    name = "0005_meeting_series_acting_chairs"
    migration = importlib.import_module(f"workflows.migrations.{name}")
    # On the models as they were at that migration (before the minutes moved to meetings/).
    migration.backfill_acting_chairs(state_at(("workflows", name)), None)
    assert series.chair_ids() == {org.executive.pk, org.head.pk}
    assert set(series.acting_chairs.all()) == {org.head}
