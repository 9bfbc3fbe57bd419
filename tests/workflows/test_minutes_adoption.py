"""Adopted minutes are final — really: what published and adopted minutes show (their page, their
PDF/DOCX, the API) is what stood at their meeting; progress typed into a later meeting's draft
shows only in the later minutes. Adoption is a step taken from the next meeting's published
minutes, and their history reads "published → adopted", never "published → published"."""

import datetime as dt
import importlib
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from docx import Document as read_docx
from rest_framework.test import APIClient

from hrflow.errors import Conflict
from hrflow.models import AuditEvent
from meetings import followups
from meetings import services as meetings
from meetings.models import ActionItem, ActionProgress, MeetingMinutes
from tests.meetings import minutes_draft, publish, state_at
from workflows.exports import build
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db

MARCH, APRIL, MAY = dt.date(2025, 3, 5), dt.date(2025, 4, 2), dt.date(2025, 5, 7)
LATER_NOTE = "ติดตั้งแล้วเสร็จในเดือนพฤษภาคม"


def meetings_so_far(org, *, adopt=True):
    """March assigns an action item; April (published) follows it up and adopts March."""
    march = minutes_draft(org, meeting_date=MARCH)
    action = followups.action_add(
        march, by=org.clerk.user, item=4, text="ติดตั้งระบบลงเวลาใหม่", owner=org.employee,
        due_date=dt.date(2025, 6, 30),
    )  # fmt: skip
    march = publish(march, org)
    april = minutes_draft(org, meeting_date=APRIL)
    followups.action_progress(action, at_minutes=april, by=org.clerk.user, note="จัดซื้อแล้ว")
    april = publish(april, org)
    if adopt:
        meetings.minutes_adopt_previous(april, by=org.clerk.user)
    return march, april, action


def everything_shown(minutes, org, client):
    """What the minutes show: the page, the content of their PDF/DOCX, the DOCX, the API."""
    client.force_login(org.clerk.user)
    page = client.get(minutes.get_absolute_url()).content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page.split("<footer", 1)[0])
    export = [block.get("text", "") for block in build(minutes).blocks]
    docx = read_docx(
        io.BytesIO(
            client.get(reverse("workflows:meetingminutes-export-docx", args=[minutes.pk])).content
        )
    )
    api = APIClient()
    api.force_login(org.clerk.user)
    return {
        "page": page,
        "export": export,
        "docx": [p.text for p in docx.paragraphs],
        "api": api.get(f"/api/minutes/{minutes.pk}/").json()["agenda"],
        "action_items": api.get(f"/api/minutes/{minutes.pk}/action-items/").json()["follow_ups"],
    }


@pytest.mark.parametrize("adopt", [False, True], ids=["published", "adopted"])
def test_progress_typed_into_a_later_draft_never_changes_published_or_adopted_minutes(
    org, client, adopt
):
    march, april, action = meetings_so_far(org, adopt=adopt)
    shown = {m.pk: everything_shown(m, org, client) for m in (march, april)}

    may = minutes_draft(org, meeting_date=MAY)
    followups.action_progress(
        action, at_minutes=may, by=org.clerk.user, note=LATER_NOTE, close=True
    )

    for minutes in (march, april):
        now = everything_shown(minutes, org, client)
        assert LATER_NOTE not in str(now), minutes
        assert now == shown[minutes.pk], minutes
    (followed,) = ActionItem.followups_for(april)
    assert followed.open_then and [p.note for p in followed.notes_then] == ["จัดซื้อแล้ว"]
    (row,) = shown[april.pk]["api"][2]["follow_ups"]
    assert (row["status"], row["closed_at"], row["progress"]) == ("open", None, ["จัดซื้อแล้ว"])
    # The later progress is in the later minutes.
    (followed,) = ActionItem.followups_for(may)
    assert not followed.open_then
    assert [p.note for p in followed.notes_then] == ["จัดซื้อแล้ว", LATER_NOTE]
    assert LATER_NOTE in str(everything_shown(may, org, client)["export"])


def test_adoption_is_not_recorded_from_a_draft_and_nothing_is_written(org):
    march = publish(minutes_draft(org, meeting_date=MARCH), org)
    april = minutes_draft(org, meeting_date=APRIL)
    for who in (org.clerk, org.executive):
        with translation.override("en"), pytest.raises(Conflict) as refused:
            meetings.minutes_adopt_previous(april, by=who.user)
        assert "published" in refused.value.message
    march.refresh_from_db()
    assert march.adopted_at is None and not TransitionLog.objects.filter(transition="adopt")


def test_the_history_of_adopted_minutes_reads_published_to_adopted_in_thai(org, as_):
    march, april, _action = meetings_so_far(org)
    log = TransitionLog.objects.get(
        content_type=ContentType.objects.get_for_model(MeetingMinutes), transition="adopt"
    )
    assert (log.object_id, log.from_state, log.to_state) == (march.pk, "published", "adopted")
    event = AuditEvent.objects.filter(data__transition="adopt").get()
    assert (event.data["from"], event.data["to"]) == ("published", "adopted")
    page = as_(org.clerk, lang="").get(march.get_absolute_url()).content.decode()
    assert "(เผยแพร่แล้ว → รับรองแล้ว)" in page
    assert "(เผยแพร่แล้ว → เผยแพร่แล้ว)" not in page
    api = APIClient()
    api.force_login(org.auditor.user)
    rows = api.get(f"/api/minutes/{march.pk}/history/").json()
    assert [(r["transition"], r["from_state"], r["to_state"]) for r in rows][-1] == (
        "adopt",
        "published",
        "adopted",
    )
    assert ActionProgress.objects.get().minutes == april


def test_the_api_records_adoption_from_the_published_minutes_only_once(org):
    march, april, _action = meetings_so_far(org, adopt=False)
    api = APIClient()
    api.force_login(org.executive.user)  # April's chair
    response = api.post(f"/api/minutes/{april.pk}/adopt-previous/", {}, format="json")
    assert response.status_code == 200 and response.json()["id"] == march.pk
    assert response.json()["adopted_at"]
    again = api.post(f"/api/minutes/{april.pk}/adopt-previous/", {}, format="json")
    assert again.status_code == 409 and again.json()["detail"]
    assert TransitionLog.objects.filter(transition="adopt").count() == 1


def test_adoptions_logged_before_read_adopted_after_the_migration(org):
    march, _april, _action = meetings_so_far(org)
    # As the code before this rule logged it.
    TransitionLog.objects.filter(transition="adopt").update(to_state="published")
    name = "0006_adoption_history_reads_adopted"
    migration = importlib.import_module(f"workflows.migrations.{name}")
    # The migration runs before the minutes moved to meetings/ (their content type was still
    # labelled workflows then), on the models as they were at that point.
    ContentType.objects.filter(app_label="meetings", model="meetingminutes").update(
        app_label="workflows"
    )
    try:
        migration.adoption_reads_adopted(state_at(("workflows", name)), None)
    finally:
        ContentType.objects.filter(app_label="workflows", model="meetingminutes").update(
            app_label="meetings"
        )
        ContentType.objects.clear_cache()
    log = TransitionLog.objects.get(transition="adopt")
    assert (log.object_id, log.from_state, log.to_state) == (march.pk, "published", "adopted")


def test_suggestions_on_published_minutes_stay_and_a_correction_adds_none_to_them(org):
    from meetings import suggestions as suggestion_services
    from workflows import services

    march = minutes_draft(org, meeting_date=MARCH)
    first = suggestion_services.suggestion_submit(
        by=org.employee.user, series=march.series, text="ควรมีที่จอดจักรยาน"
    )
    suggestion_services.suggestion_place(first, by=org.clerk.user, minutes=march)
    march = publish(march, org)
    may = minutes_draft(org, meeting_date=MAY)
    with translation.override("en"), pytest.raises(Conflict) as refused:
        suggestion_services.suggestion_place(first, by=org.clerk.user, minutes=may)
    assert "no longer in draft" in refused.value.message
    correction = services.document_revise(march, by=org.clerk.user)
    later = suggestion_services.suggestion_submit(
        by=org.employee.user, series=march.series, text="ควรเปิดหน้าต่าง"
    )
    suggestion_services.suggestion_place(later, by=org.clerk.user, minutes=correction)
    assert [s.text for s in march.agenda()[3]["suggestions"]] == ["ควรมีที่จอดจักรยาน"]
    assert {s.text for s in correction.agenda()[3]["suggestions"]} == {
        "ควรมีที่จอดจักรยาน",
        "ควรเปิดหน้าต่าง",
    }
