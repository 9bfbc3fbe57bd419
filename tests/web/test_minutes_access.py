"""Every page of meeting minutes and suggestions, every role: the status written down, and
nothing changed by a refused request.

The office's monthly meeting: secretary the clerk, chair the executive; head is an executive
who does not chair it; employee (in the office's section) is in its scope; outsider is not."""

import pytest
from django.urls import reverse

from meetings.models import ActionItem, MeetingMinutes, Problem, Suggestion
from notifications.models import Acknowledgement, Notice
from tests.meetings import minutes_world
from workflows.models import TransitionLog

ROLES = ("anonymous", "employee", "clerk", "executive", "head", "auditor", "outsider", "admin")


def pages(world):
    march, april = world["march"], world["april"]
    return {
        "list": reverse("workflows:meetingminutes-list"),
        "new": reverse("workflows:meetingminutes-new"),
        "draft_detail": reverse("workflows:meetingminutes-detail", args=[april.pk]),
        "draft_edit": reverse("workflows:meetingminutes-edit", args=[april.pk]),
        "published_detail": reverse("workflows:meetingminutes-detail", args=[march.pk]),
        "attachment": reverse("workflows:meetingminutes-attachment", args=[march.pk, 1]),
        "tracking": reverse("workflows:meetingminutes-tracking", args=[march.pk]),
        "tracking_csv": reverse("workflows:meetingminutes-tracking-csv", args=[march.pk]),
        "tracking_xlsx": reverse("workflows:meetingminutes-tracking-xlsx", args=[march.pk]),
        "signoff": reverse(
            "workflows:meetingminutes-signoff", args=[march.pk, world["ack"].unit_id]
        ),
        "paper_scan": reverse(
            "workflows:meetingminutes-paper-scan", args=[march.pk, world["ack"].pk]
        ),
        "suggestions": reverse("workflows:suggestions"),
        "draft_docx": reverse("workflows:meetingminutes-export-docx", args=[april.pk]),
        "published_pdf": reverse("workflows:meetingminutes-export-pdf", args=[march.pk]),
    }


GET_STATUS = {
    "list": (302, 200, 200, 200, 200, 200, 200, 200),
    "new": (302, 403, 200, 403, 403, 403, 403, 403),
    "draft_detail": (302, 404, 200, 200, 200, 200, 404, 404),
    "draft_edit": (302, 404, 200, 403, 403, 403, 404, 404),
    "published_detail": (302, 200, 200, 200, 200, 200, 404, 404),
    "attachment": (302, 404, 404, 404, 404, 404, 404, 404),
    "tracking": (302, 403, 200, 200, 200, 200, 404, 404),
    "tracking_csv": (302, 403, 200, 200, 200, 200, 404, 404),
    "tracking_xlsx": (302, 403, 200, 200, 200, 200, 404, 404),
    "signoff": (302, 403, 200, 200, 200, 200, 404, 404),
    # an acknowledgement without a scan: nothing to download
    "paper_scan": (302, 403, 404, 404, 404, 404, 404, 404),
    "suggestions": (302, 200, 200, 200, 200, 200, 200, 200),
    "draft_docx": (302, 404, 200, 200, 200, 200, 404, 404),
    "published_pdf": (302, 200, 200, 200, 200, 200, 404, 404),
}

POST_ROLES = ROLES[1:]
POST_STATUS = {
    "submit_draft": (404, 302, 403, 403, 403, 404, 404),
    "create": (403, 400, 403, 403, 403, 403, 403),
    "edit_draft": (404, 400, 403, 403, 403, 404, 404),
    "attach": (404, 404, 404, 404, 403, 404, 404),
    "add_entry": (404, 302, 403, 403, 403, 404, 404),
    "follow_up": (404, 302, 403, 403, 403, 404, 404),
    "adopt": (404, 409, 409, 403, 403, 404, 404),  # April is a draft: adoption waits for it
    "revise": (403, 302, 403, 403, 403, 404, 404),
    "remind": (403, 302, 302, 302, 403, 404, 404),
    "proxy": (403, 302, 302, 302, 403, 404, 404),
    "suggest": (302, 302, 302, 302, 403, 302, 302),
    "answer": (403, 302, 302, 403, 403, 404, 404),
}


def post_target(page, world):
    march, april = world["march"], world["april"]
    return {
        "submit_draft": (
            reverse("workflows:meetingminutes-transition", args=[april.pk, "submit"]),
            {},
        ),
        "create": (reverse("workflows:meetingminutes-new"), {}),
        "edit_draft": (reverse("workflows:meetingminutes-edit", args=[april.pk]), {}),
        "attach": (reverse("workflows:meetingminutes-attach", args=[april.pk]), {}),
        "add_entry": (
            reverse("workflows:meetingminutes-entries", args=[april.pk]),
            {"kind": "problem", "item": "4", "text": "เครื่องถ่ายเอกสารเสีย"},
        ),
        "follow_up": (
            reverse("workflows:meetingminutes-follow-up", args=[april.pk, world["action"].pk]),
            {"note": "คืบหน้าร้อยละ 50"},
        ),
        "adopt": (reverse("workflows:meetingminutes-adopt", args=[april.pk]), {}),
        "revise": (reverse("workflows:meetingminutes-revise", args=[march.pk]), {}),
        "remind": (reverse("workflows:meetingminutes-remind", args=[march.pk]), {}),
        "proxy": (
            reverse("workflows:meetingminutes-proxy", args=[march.pk, world["ack"].pk]),
            {"reason": "ลงนามในสำเนาแล้ว"},
        ),
        "suggest": (
            reverse("workflows:suggestions"),
            {"series": march.series_id, "text": "ควรเปิดหน้าต่าง"},
        ),
        "answer": (
            reverse("workflows:suggestion-handle", args=[world["suggestion"].pk]),
            {"outcome": "เห็นชอบ"},
        ),
    }[page]


@pytest.fixture
def world(org):
    return minutes_world(org)


def snapshot():
    return (
        list(MeetingMinutes.objects.order_by("pk").values()),
        list(Problem.objects.values()),
        list(ActionItem.objects.order_by("pk").values()),
        list(Suggestion.objects.order_by("pk").values()),
        TransitionLog.objects.count(),
        list(Acknowledgement.objects.order_by("pk").values_list("pk", "acknowledged_at")),
        Notice.objects.count(),
    )


def persona(org, role):
    return None if role == "anonymous" else getattr(org, role)


@pytest.mark.parametrize("page", sorted(GET_STATUS))
@pytest.mark.parametrize("role", ROLES)
def test_every_minutes_page_answers_every_role_as_written_down(page, role, org, world, as_):
    client = as_(persona(org, role))
    before = snapshot()
    response = client.get(pages(world)[page])
    assert response.status_code == GET_STATUS[page][ROLES.index(role)], (page, role)
    assert snapshot()[:-1] == before[:-1]


@pytest.mark.parametrize("page", sorted(POST_STATUS))
@pytest.mark.parametrize("role", POST_ROLES)
def test_every_minutes_post_answers_every_role_and_a_refusal_changes_nothing(
    page, role, org, world, as_
):
    client = as_(persona(org, role))
    url, data = post_target(page, world)
    before = snapshot()
    response = client.post(url, data)
    expected = POST_STATUS[page][POST_ROLES.index(role)]
    assert response.status_code == expected, (page, role, response.content[:300])
    if expected != 302:
        assert snapshot() == before


def test_the_secretary_never_sees_who_wrote_an_anonymous_suggestion(org, world, as_):
    for role in ("clerk", "executive", "auditor"):
        page = as_(getattr(org, role)).get(reverse("workflows:suggestions")).content.decode()
        assert "ควรมีที่จอดจักรยาน" in page
        assert org.employee.full_name not in page
    own = as_(org.employee).get(reverse("workflows:suggestions")).content.decode()
    assert "ควรมีที่จอดจักรยาน" in own  # the author sees their own suggestion
