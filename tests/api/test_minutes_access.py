"""Every API URL of meeting minutes and suggestions × every role, with the expected status
written down; a refused request leaves the database as it was. (Personas as in
tests/web/test_minutes_access.py: the clerk is the secretary, the executive the chair.)"""

import pytest

from meetings.models import ActionItem, ActionProgress, MeetingMinutes, Suggestion
from notifications.models import Acknowledgement, Notice
from tests.meetings import minutes_world
from workflows.models import TransitionLog

PERSONAS = ("anonymous", "employee", "clerk", "executive", "head", "auditor", "outsider", "admin")

DRAFT = "/api/minutes/{draft}/"
PUBLISHED = "/api/minutes/{published}/"
MATRIX = [
    ("get", "/api/minutes/", None, (403, 200, 200, 200, 200, 200, 200, 200)),
    ("post", "/api/minutes/", "create", (403, 403, 201, 403, 403, 403, 403, 403)),
    ("get", DRAFT, None, (403, 404, 200, 200, 200, 200, 404, 404)),
    ("get", PUBLISHED, None, (403, 200, 200, 200, 200, 200, 404, 404)),
    ("patch", DRAFT, {"place": "ห้องประชุมเล็ก"}, (403, 404, 200, 403, 403, 403, 404, 404)),
    ("patch", PUBLISHED, {"place": "ห้องอื่น"}, (403, 403, 409, 403, 403, 403, 404, 404)),
    ("get", DRAFT + "transitions/", None, (403, 404, 200, 200, 200, 200, 404, 404)),
    ("post", DRAFT + "transitions/submit/", {}, (403, 404, 200, 403, 403, 403, 404, 404)),
    ("get", DRAFT + "history/", None, (403, 404, 200, 200, 200, 200, 404, 404)),
    ("post", PUBLISHED + "revise/", {}, (403, 403, 201, 403, 403, 403, 404, 404)),
    ("get", PUBLISHED + "acknowledgements/", None, (403, 403, 200, 200, 200, 200, 404, 404)),
    (
        "post",
        DRAFT + "entries/",
        {"kind": "problem", "item": 4, "text": "น้ำรั่ว"},
        (403, 404, 201, 403, 403, 403, 404, 404),
    ),
    ("get", DRAFT + "action-items/", None, (403, 404, 200, 200, 200, 200, 404, 404)),
    ("post", DRAFT + "action-items/", "action", (403, 404, 201, 403, 403, 403, 404, 404)),
    (
        "post",
        DRAFT + "action-items/{action}/progress/",
        {"note": "คืบหน้าร้อยละ 50"},
        (403, 404, 200, 403, 403, 403, 404, 404),
    ),
    # April is a draft: adoption is recorded once its minutes are published.
    ("post", DRAFT + "adopt-previous/", {}, (403, 404, 409, 409, 403, 403, 404, 404)),
    ("get", "/api/suggestions/", None, (403, 200, 200, 200, 200, 200, 200, 200)),
    ("post", "/api/suggestions/", "suggest", (403, 201, 201, 201, 201, 403, 201, 201)),
    (
        "post",
        "/api/suggestions/{suggestion}/",
        {"outcome": "เห็นชอบ"},
        (403, 403, 200, 200, 403, 403, 404, 404),
    ),
]

CASES = [
    pytest.param(method, path, body, persona, status, id=f"{method} {path} as {persona}")
    for method, path, body, statuses in MATRIX
    for persona, status in zip(PERSONAS, statuses, strict=True)
]


def fill(path, world):
    return path.format(
        draft=world["april"].pk,
        published=world["march"].pk,
        action=world["action"].pk,
        suggestion=world["suggestion"].pk,
    )


def body_for(kind, org, world):
    if kind == "create":
        return {
            "series": world["march"].series_id,
            "meeting_date": "2025-05-07",
            "chair": org.executive.pk,
            "present": [org.executive.pk, org.clerk.pk],
            "absent": [{"employee": org.head.pk, "reason": "ไปราชการ"}],
        }
    if kind == "action":
        return {"text": "ซ่อมเครื่องถ่ายเอกสาร", "owner": org.employee.pk, "due_date": "2025-04-30"}
    if kind == "suggest":
        return {"series": world["march"].series_id, "text": "ควรเปิดหน้าต่าง"}
    return kind


def snapshot():
    return (
        list(MeetingMinutes.objects.order_by("pk").values()),
        list(ActionItem.objects.order_by("pk").values()),
        ActionProgress.objects.count(),
        list(Suggestion.objects.order_by("pk").values()),
        TransitionLog.objects.count(),
        list(Acknowledgement.objects.order_by("pk").values_list("pk", "acknowledged_at")),
        Notice.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "persona", "expected"), CASES)
def test_every_minutes_url_answers_each_role_as_written_down(
    login, org, method, path, body, persona, expected
):
    world = minutes_world(org)
    client = login(None if persona == "anonymous" else getattr(org, persona))
    kwargs = {} if body is None else {"data": body_for(body, org, world), "format": "json"}
    before = snapshot()
    response = getattr(client, method)(fill(path, world), **kwargs)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert snapshot() == before
        assert response.json()["detail"]


@pytest.mark.django_db
def test_the_api_never_shows_the_author_of_an_anonymous_suggestion(login, org):
    world = minutes_world(org)
    for persona in (org.clerk, org.executive, org.auditor, org.employee):
        rows = login(persona).get("/api/suggestions/").json()
        row = next(r for r in rows if r["id"] == world["suggestion"].pk)
        assert row["author"] == ""
        assert "submitted_by" not in row
        assert org.employee.full_name not in str(rows)


@pytest.mark.django_db
def test_minutes_are_recorded_through_the_api_with_clear_errors(login, org):
    world = minutes_world(org)
    clerk = login(org.clerk)
    body = body_for("create", org, world)
    response = clerk.post("/api/minutes/", {**body, "chair": org.head.pk}, format="json")
    assert response.status_code == 400
    assert "chair" in response.json()["detail"].lower() or "ประธาน" in response.json()["detail"]
    response = clerk.post("/api/minutes/", {**body, "number": 1}, format="json")
    assert response.status_code == 400  # 1/2568 is March's number
    created = clerk.post("/api/minutes/", body, format="json").json()
    assert (created["kind"], created["number_display"]) == ("minutes", "ครั้งที่ 3/2568")
    assert [a["status"] for a in created["attendance"]] == ["absent", "present", "present"]
    response = clerk.post(
        f"/api/minutes/{created['id']}/action-items/",
        {"text": "ทำแผน", "due_date": "2025-05-30"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["detail"]
    follow = clerk.get(f"/api/minutes/{world['april'].pk}/").json()["agenda"][2]["follow_ups"]
    assert [row["id"] for row in follow] == [world["action"].pk]


@pytest.mark.django_db
def test_problems_and_resolutions_are_recorded_through_the_api(login, org):
    april = minutes_world(org)["april"]
    clerk = login(org.clerk)
    url = f"/api/minutes/{april.pk}/entries/"
    problem = {"kind": "problem", "item": 4, "text": "ไฟฟ้าดับบ่อย", "raised_by": org.employee.pk}
    assert clerk.post(url, problem, format="json").status_code == 201
    decided = {"kind": "resolution", "item": 4, "text": "ให้กองช่างตรวจสอบ"}
    agenda = clerk.post(url, decided, format="json").json()["agenda"]
    assert agenda[3]["problems"] == [
        {"text": "ไฟฟ้าดับบ่อย", "raised_by": org.employee.full_name, "unit": org.section.name}
    ]
    assert agenda[3]["resolutions"] == ["ให้กองช่างตรวจสอบ"]
    response = clerk.post(url, {**problem, "item": 9}, format="json")
    assert response.status_code == 400 and response.json()["detail"]
