"""The API of position descriptions and evaluation criteria: same rules as the pages."""

import pytest

from personnel.models import EvaluationCriteria
from tests.factories import criteria_draft, next_round
from workflows import services
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.django_db


def test_criteria_are_created_with_the_defaults_and_read_back_with_their_round(login, org):
    year, number = next_round()
    response = login(org.clerk).post(
        "/api/evaluation-criteria/",
        {"title": "เกณฑ์", "fiscal_year": year, "round": number, "employment_types": ["contract"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [c["weight"] for c in body["components"]] == [70, 30]
    assert len(body["levels"]) == 5
    assert body["round_start"] == EvaluationCriteria.round_bounds(year, number)[0].isoformat()
    assert body["is_public"] is False  # shown on /public/ only when HR says so
    made = login(org.clerk).patch(
        f"/api/evaluation-criteria/{body['id']}/", {"is_public": True}, format="json"
    )
    assert made.status_code == 200 and made.json()["is_public"] is True
    assert EvaluationCriteria.objects.get(pk=body["id"]).is_public


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {
                "components": [
                    {"name": "ก", "weight": 60, "items": [{"name": "x", "weight": 100}]},
                    {"name": "ข", "weight": 30, "items": [{"name": "y", "weight": 100}]},
                ]
            },
            "components",
        ),
        (
            {"levels": [{"name": "ก", "min": 0, "max": 50}, {"name": "ข", "min": 50, "max": 100}]},
            "levels",
        ),
        (
            {"levels": [{"name": "ก", "min": 0, "max": 50}, {"name": "ข", "min": 60, "max": 100}]},
            "levels",
        ),
        ({"employment_types": ["monk"]}, "employment_types"),
    ],
)
def test_bad_criteria_are_a_400_with_a_detail_and_nothing_changes(login, org, change, field):
    criteria = criteria_draft(org)
    before = list(EvaluationCriteria.objects.values())
    response = login(org.clerk).patch(
        f"/api/evaluation-criteria/{criteria.pk}/", change, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] and field in response.json()
    assert list(EvaluationCriteria.objects.values()) == before


def test_publishing_late_through_the_api_needs_override_and_a_reason(login, org):
    year, number = next_round()
    started = (year, 1) if number == 2 else (year - 1, 2)
    criteria = criteria_draft(org, fiscal_year=started[0], round=started[1])
    for step, who in (("submit", org.clerk), ("approve", org.executive)):
        criteria = services.apply_transition(criteria, step, by=who.user)
    client = login(org.executive)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    url = f"/api/evaluation-criteria/{criteria.pk}/transitions/publish/"
    logged = TransitionLog.objects.count()
    refused = client.post(url, {"note": "ล่าช้า"}, format="json")
    assert refused.status_code == 409 and "started on" in refused.json()["detail"]
    no_reason = client.post(url, {"override": True}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["note"]
    assert TransitionLog.objects.count() == logged
    done = client.post(url, {"override": True, "note": "ล่าช้า"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == State.PUBLISHED
    history = client.get(f"/api/evaluation-criteria/{criteria.pk}/history/").json()
    assert "ล่าช้า" in history[-1]["note"] and "after the round started" in history[-1]["note"]


def test_a_position_description_is_created_through_the_api(login, org):
    response = login(org.clerk).post(
        "/api/position-descriptions/",
        {
            "title": "รายละเอียดของตำแหน่ง",
            "position": org.employee.position_id,
            "duties": [{"text": "สรรหา", "share": 70}, {"text": "ทะเบียนประวัติ", "share": 30}],
            "is_public": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["is_public"] is True
    assert response.json()["duties"][0] == {"text": "สรรหา", "share": 70}
