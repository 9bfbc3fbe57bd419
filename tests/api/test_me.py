"""GET /api/me/: who am I, in which unit and position, with which roles."""

import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_me_describes_the_user_their_employee_record_and_their_roles(login, org):
    data = login(org.clerk).get("/api/me/").json()
    assert data["id"] == org.clerk.user.pk
    assert data["username"] == "clerk"
    assert data["full_name"] == org.clerk.full_name
    assert data["roles"] == ["employee", "clerk"]
    employee = data["employee"]
    assert employee["staff_id"] == org.clerk.staff_id
    assert employee["unit"] == {"id": org.office.pk, "code": "OFF", "name": org.office.name}
    assert employee["position"]["id"] == org.clerk.position_id


@pytest.mark.django_db
def test_a_login_without_an_employee_record_still_gets_an_answer(login, org):
    user = UserFactory(username="integration-bot", roles=[])
    client = login()
    client.force_login(user)
    data = client.get("/api/me/").json()
    assert data["employee"] is None
    assert data["roles"] == []
    assert client.get("/api/me/acknowledgements/").json()["count"] == 0
    assert client.get("/api/me/notices/").json()["count"] == 0


@pytest.mark.django_db
def test_me_is_read_only(login, org):
    response = login(org.employee).post("/api/me/", {}, format="json")
    assert response.status_code == 405
    assert response.json()["detail"]
