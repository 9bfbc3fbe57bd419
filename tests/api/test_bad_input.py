"""Bad input the hostile tester found: each is a 400 with a `detail`, and nothing is written.
(The property test over every operation is tests/reliability/test_hostile_values.py.)"""

import datetime as dt
import json

import pytest

from tests import hostile
from tests.api.test_circulars import URL, payload
from tests.api.test_minutes_access import body_for
from tests.meetings import minutes_world

pytestmark = pytest.mark.django_db

HUGE = 10**20


def refused(client, method, url, body, raw=False):
    before = hostile.fingerprint()
    data = body if raw else json.dumps(body)
    response = client.generic(
        method, url, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["detail"]
    assert hostile.fingerprint() == before
    return response.json()


@pytest.mark.parametrize(
    "body", [{"username": ["a"]}, 123, {"a": 1}, {"username": {"x": 1}, "password": 5}]
)
def test_the_token_endpoint_answers_a_malformed_body_with_a_400(login, org, body):
    refused(login(), "POST", "/api/auth/token/", body)


@pytest.mark.parametrize("url", ["/api/auth/token/", URL, "/api/suggestions/"])
def test_json_nested_fifty_thousand_deep_is_a_400_not_a_crash(login, org, url):
    body = refused(login(org.clerk), "POST", url, hostile.deep_json(), raw=True)
    assert "deep" in body["detail"]


def test_a_json_body_that_is_not_an_object_is_a_400(login, org):
    refused(login(org.clerk), "POST", URL, [payload(org)])


@pytest.mark.parametrize("huge", [HUGE, -HUGE, 2**63])
def test_ids_no_row_can_have_are_a_400_in_every_id_field(login, org, huge):
    world = minutes_world(org)
    clerk = login(org.clerk)
    audience = [{"kind": "person", "id": huge}]
    refused(clerk, "POST", URL, payload(org, audience=audience))
    minutes = body_for("create", org, world)
    refused(clerk, "POST", "/api/minutes/", {**minutes, "present": [huge]})
    refused(clerk, "POST", "/api/minutes/", {**minutes, "chair": huge})
    suggestion = world["suggestion"].pk
    refused(clerk, "POST", f"/api/suggestions/{suggestion}/", {"minutes": huge})
    refused(clerk, "POST", "/api/position-descriptions/", {"title": "ก", "position": huge})


def test_a_buddhist_era_year_in_an_api_date_is_refused_as_not_ce(login, org):
    world = minutes_world(org)
    body = {**body_for("create", org, world), "meeting_date": "2569-10-05"}
    detail = refused(login(org.clerk), "POST", "/api/minutes/", body)["detail"]
    assert "API dates are CE" in detail


@pytest.mark.parametrize("deadline", ["2000-01-01", "0001-01-01", "yesterday"])
def test_a_deadline_before_today_is_refused(login, org, deadline):
    if deadline == "yesterday":
        deadline = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    body = refused(login(org.clerk), "POST", URL, payload(org, deadline=deadline))
    assert "deadline" in body


@pytest.mark.parametrize("title", ["\u200b\u200b", "\u0301\u0301\u0301", " \u200d\ufeff "])
def test_a_title_of_only_invisible_or_combining_characters_is_refused(login, org, title):
    refused(login(org.clerk), "POST", URL, payload(org, title=title))


@pytest.mark.parametrize(
    "duties",
    [
        [{"text": "สรรหา", "share": "100"}],
        [{"text": {"a": [1]}, "share": 100}],
        [{"text": "สรรหา", "share": True}],
    ],
)
def test_json_fields_check_their_types(login, org, duties):
    body = {"title": "รายละเอียด", "position": org.employee.position_id, "duties": duties}
    refused(login(org.clerk), "POST", "/api/position-descriptions/", body)


def test_a_nul_character_anywhere_in_a_json_body_is_a_400(login, org):
    duties = [{"text": "สรรหา\x00", "share": 100}]
    body = {"title": "รายละเอียด", "position": org.employee.position_id, "duties": duties}
    refused(login(org.clerk), "POST", "/api/position-descriptions/", body)
