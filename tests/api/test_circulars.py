"""/api/circulars/ and /api/circulars/<id>/: list, create, read and edit drafts."""

import datetime as dt

import pytest

from circulars.models import Circular
from workflows.models import State

URL = "/api/circulars/"


def payload(org, **overrides):
    data = {
        "title": "ประกาศเรื่องการแต่งกาย",
        "body": "<p>ให้แต่งกายชุดผ้าไทยทุกวันศุกร์</p>",
        "deadline": (dt.date.today() + dt.timedelta(days=14)).isoformat(),
        "audience": [{"kind": "unit", "id": org.office.pk, "subunits": True}],
        "is_public": False,
    }
    data.update(overrides)
    return data


# --- create --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_clerk_creates_a_draft_circular_of_their_unit(login, org):
    response = login(org.clerk).post(URL, payload(org), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    circular = Circular.objects.get(pk=data["id"])
    assert circular.state == State.DRAFT
    assert circular.owner_unit == org.office
    assert circular.created_by == org.clerk.user
    assert data["kind"] == "circulars"
    assert data["state"] == "draft"
    assert data["title"] == "ประกาศเรื่องการแต่งกาย"
    assert data["version"] == 1
    assert data["number"] is None
    assert data["published_at"] is None
    assert data["audience"] == [{"kind": "unit", "id": org.office.pk, "subunits": True}]
    assert data["deadline"] == payload(org)["deadline"]
    assert data["is_public"] is False
    assert data["created_at"]


@pytest.mark.django_db
def test_a_body_is_sanitised_on_the_way_in(login, org):
    body = '<p style="position:fixed">ข้อความ <a href="https://example.go.th">ลิงก์</a></p>'
    response = login(org.clerk).post(URL, payload(org, body=body), format="json")
    assert response.status_code == 201
    assert "style=" not in response.json()["body"]
    assert 'href="https://example.go.th"' in response.json()["body"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["employee", "executive", "head", "outsider", "admin"])
def test_only_clerks_may_create_circulars(login, org, unchanged, persona):
    with unchanged():
        response = login(getattr(org, persona)).post(URL, payload(org), format="json")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_stranger_is_refused_before_their_input_is_judged(login, org, unchanged):
    with unchanged():
        response = login(org.employee).post(URL, {"title": ""}, format="json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_auditor_may_not_create_anything(login, org, unchanged):
    with unchanged():
        response = login(org.auditor).post(URL, payload(org), format="json")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "ก" * 301}, "title"),
        ({"audience": []}, "audience"),
        ({"audience": [{"kind": "galaxy"}]}, "audience"),
        ({"audience": [{"kind": "unit"}]}, "audience"),
        ({"audience": [{"kind": "unit", "id": 999999}]}, "audience"),
        ({"audience": "everyone"}, "audience"),
        ({"body": "<p>hi</p><script>alert(1)</script>"}, "body"),
        ({"body": '<img src="x" onerror="alert(1)">'}, "body"),
        ({"deadline": "25/11/2568"}, "deadline"),
        ({"deadline": "2568-11-25"}, "deadline"),
        ({"deadline": "2568-02-29"}, "deadline"),
        ({"is_public": "perhaps"}, "is_public"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_created(
    login, org, unchanged, overrides, field
):
    with unchanged():
        response = login(org.clerk).post(URL, payload(org, **overrides), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert field in body


@pytest.mark.django_db
def test_a_missing_title_and_audience_are_both_reported(login, org):
    response = login(org.clerk).post(URL, {"body": "x"}, format="json")
    assert response.status_code == 400
    assert {"title", "audience"} <= set(response.json())


@pytest.mark.django_db
def test_malformed_json_is_a_400_with_a_detail(login, org, unchanged):
    with unchanged():
        response = login(org.clerk).post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


# --- list and read ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_is_paginated_and_filters_by_state(login, org, make_circular):
    draft = make_circular("draft")
    published = make_circular("published")
    client = login(org.clerk)

    everything = client.get(URL).json()
    assert everything["count"] == 2
    assert {row["id"] for row in everything["results"]} == {draft.pk, published.pk}

    only_published = client.get(URL, {"state": "published"}).json()
    assert [row["id"] for row in only_published["results"]] == [published.pk]
    assert only_published["results"][0]["number"] == "ที่ ลพ 51000/ว 1"


@pytest.mark.django_db
def test_an_unknown_state_filter_is_a_400(login, org):
    response = login(org.clerk).get(URL, {"state": "lost"})
    assert response.status_code == 400
    assert "state" in response.json()


@pytest.mark.django_db
def test_a_page_beyond_the_last_is_a_404_with_a_detail(login, org, make_circular):
    make_circular("draft")
    response = login(org.clerk).get(URL, {"page": 9})
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "sees_draft", "sees_published"),
    [
        ("clerk", True, True),  # author of the owner unit
        ("executive", True, True),  # reviewer
        ("head", True, True),
        ("auditor", True, True),  # reads everything
        ("employee", False, True),  # addressed, so only once published
        ("outsider", False, False),  # another unit, not addressed
        ("admin", False, False),  # manages people, reads no one's mail
    ],
)
def test_who_sees_which_circular(login, org, make_circular, persona, sees_draft, sees_published):
    draft = make_circular("draft")
    published = make_circular("published")
    client = login(getattr(org, persona))
    listed = {row["id"] for row in client.get(URL).json()["results"]}
    assert (draft.pk in listed) is sees_draft
    assert (published.pk in listed) is sees_published
    assert client.get(f"{URL}{draft.pk}/").status_code == (200 if sees_draft else 404)
    assert client.get(f"{URL}{published.pk}/").status_code == (200 if sees_published else 404)


@pytest.mark.django_db
def test_a_public_circular_is_visible_to_everyone_once_published(login, org, make_circular):
    public = make_circular("published", is_public=True)
    response = login(org.outsider).get(f"{URL}{public.pk}/")
    assert response.status_code == 200
    assert response.json()["is_public"] is True


@pytest.mark.django_db
def test_a_published_circular_shows_its_number_and_publication_time(login, org, make_circular):
    published = make_circular("published")
    data = login(org.employee).get(f"{URL}{published.pk}/").json()
    assert data["state"] == "published"
    assert data["number"] == published.number_display
    assert data["published_at"]
    assert data["owner_unit"] == {"id": org.office.pk, "name": org.office.name}


@pytest.mark.django_db
def test_an_unknown_circular_is_a_404_with_a_detail(login, org):
    response = login(org.auditor).get(f"{URL}999999/")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.django_db
def test_the_api_takes_the_letter_fields_and_refuses_an_unknown_form(login, org):
    client = login(org.clerk)
    response = client.post(URL, payload(org, letter_form="letter"), format="json")
    assert response.status_code == 400 and "letter_form" in response.json()
    assert not Circular.objects.exists()
    response = client.post(
        URL, payload(org, letter_form="external", addressee="บุคลากรทุกคน"), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["letter_form"] == "external"
    assert response.json()["addressee"] == "บุคลากรทุกคน"
