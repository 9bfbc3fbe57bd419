"""PATCH/PUT /api/circulars/<id>/: drafts are editable by their authors, nothing else is."""

import pytest

from circulars.models import Circular
from tests.api.test_circulars import URL, payload


@pytest.mark.django_db
def test_a_clerk_edits_their_draft_and_the_lock_version_moves_on(login, org, make_circular):
    draft = make_circular("draft")
    client = login(org.clerk)
    response = client.patch(
        f"{URL}{draft.pk}/",
        {"title": "ชื่อใหม่", "lock_version": draft.lock_version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "ชื่อใหม่"
    assert response.json()["lock_version"] == draft.lock_version + 1
    draft.refresh_from_db()
    assert draft.title == "ชื่อใหม่"
    assert draft.body == "<p>โปรดทราบและถือปฏิบัติ</p>"  # untouched by a partial update


@pytest.mark.django_db
def test_a_put_replaces_the_editable_fields(login, org, make_circular):
    draft = make_circular("draft")
    response = login(org.clerk).put(
        f"{URL}{draft.pk}/",
        payload(org, title="ฉบับแก้ไข", audience=[{"kind": "everyone"}], is_public=True),
        format="json",
    )
    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert (draft.title, draft.audience, draft.is_public) == (
        "ฉบับแก้ไข",
        [{"kind": "everyone"}],
        True,
    )


@pytest.mark.django_db
def test_a_stale_lock_version_is_a_409_and_keeps_the_other_edit(
    login, org, make_circular, unchanged
):
    draft = make_circular("draft")
    client = login(org.clerk)
    read_at = draft.lock_version
    assert (
        client.patch(
            f"{URL}{draft.pk}/", {"title": "ก่อน", "lock_version": read_at}, format="json"
        ).status_code
        == 200
    )
    with unchanged():
        response = client.patch(
            f"{URL}{draft.pk}/", {"title": "หลัง", "lock_version": read_at}, format="json"
        )
    assert response.status_code == 409
    assert response.json()["detail"]
    draft.refresh_from_db()
    assert draft.title == "ก่อน"


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["in_review", "approved", "published", "withdrawn"])
def test_only_a_draft_can_be_edited(login, org, make_circular, unchanged, state):
    circular = make_circular(state)
    with unchanged():
        response = login(org.clerk).patch(
            f"{URL}{circular.pk}/", {"title": "แก้หลังเผยแพร่"}, format="json"
        )
    assert response.status_code == 409
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("executive", 403),  # sees it, does not author
        ("auditor", 403),  # read-only
        ("employee", 404),  # cannot see a draft
        ("outsider", 404),
        ("admin", 404),
    ],
)
def test_others_cannot_edit_a_draft(login, org, make_circular, unchanged, persona, expected):
    draft = make_circular("draft")
    with unchanged():
        response = login(getattr(org, persona)).patch(
            f"{URL}{draft.pk}/", {"title": "ของฉัน"}, format="json"
        )
    assert response.status_code == expected
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_clerk_of_another_unit_cannot_see_or_edit_the_draft(login, org, make_circular):
    from tests.factories import make_person

    other_clerk = make_person("clerk2", roles=["employee", "clerk"], unit=org.other)
    draft = make_circular("draft")
    client = login(other_clerk)
    assert client.get(f"{URL}{draft.pk}/").status_code == 404
    assert client.patch(f"{URL}{draft.pk}/", {"title": "x"}, format="json").status_code == 404
    draft.refresh_from_db()
    assert draft.title != "x"


@pytest.mark.django_db
def test_an_edit_with_bad_input_is_a_400_and_changes_nothing(login, org, make_circular, unchanged):
    draft = make_circular("draft")
    with unchanged():
        response = login(org.clerk).patch(
            f"{URL}{draft.pk}/", {"body": "<script>x</script>", "title": "ใหม่"}, format="json"
        )
    assert response.status_code == 400
    assert "body" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["clerk", "executive", "auditor"])
def test_circulars_cannot_be_deleted(login, org, make_circular, persona):
    draft = make_circular("draft")
    response = login(getattr(org, persona)).delete(f"{URL}{draft.pk}/")
    assert response.status_code == (403 if persona == "auditor" else 405)
    assert response.json()["detail"]
    assert Circular.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_numbers_too_large_for_the_database_are_refused_cleanly(login, org, make_circular):
    draft = make_circular("draft")
    client = login(org.clerk)
    huge = 10**20
    response = client.patch(
        f"{URL}{draft.pk}/", {"audience": [{"kind": "unit", "id": huge}]}, format="json"
    )
    assert response.status_code == 400
    assert client.patch(
        f"{URL}{draft.pk}/", {"title": "x", "lock_version": huge}, format="json"
    ).status_code in (400, 409)
    assert client.get(f"{URL}{huge}/").status_code == 404
    assert client.post(f"/api/me/acknowledgements/{huge}/").status_code == 404
    draft.refresh_from_db()
    assert draft.title != "x"


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "body"])
def test_a_null_character_is_a_400_not_a_database_error(login, org, make_circular, field):
    draft = make_circular("draft")
    response = login(org.clerk).patch(f"{URL}{draft.pk}/", {field: "ก\x00ข"}, format="json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]  # the API's parser refuses it before any field
    draft.refresh_from_db()
    assert "\x00" not in getattr(draft, field)


@pytest.mark.django_db
def test_a_published_circular_is_changed_through_a_new_version(login, org, make_circular):
    published = make_circular("published")
    client = login(org.clerk)
    response = client.post(f"{URL}{published.pk}/revise/", format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["version"], body["state"], body["supersedes"]) == (2, "draft", published.pk)
    assert body["number"] is None  # the new version takes its own number when published
    edited = client.patch(
        f"{URL}{body['id']}/",
        {"title": "ฉบับแก้ไข", "lock_version": body["lock_version"]},
        format="json",
    )
    assert edited.status_code == 200
    published.refresh_from_db()
    assert published.title != "ฉบับแก้ไข" and published.state == "published"
    again = client.post(f"{URL}{published.pk}/revise/", format="json")
    assert again.status_code == 409 and again.json()["detail"]
    assert Circular.objects.filter(supersedes=published).count() == 1
