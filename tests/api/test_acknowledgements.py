"""Acknowledging (รับทราบ) through the API, the person's notices, and HR's tracking."""

import datetime as dt

import pytest

from notifications.models import Acknowledgement, Notice
from tests.api.conftest import deliver_all

MINE = "/api/me/acknowledgements/"


def ack_of(person, circular):
    return Acknowledgement.objects.for_document(circular).get(employee=person)


# --- my acknowledgements ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_employee_sees_what_is_asked_of_them(login, org, make_circular):
    circular = make_circular("published")
    response = login(org.employee).get(MINE, {"state": "pending"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row == {
        "id": ack_of(org.employee, circular).pk,
        "kind": "circulars",
        "document": circular.pk,
        "title": circular.title,
        "document_state": "published",
        "version": 1,
        "deadline": None,
        "overdue": False,
        "requested_at": row["requested_at"],
        "acknowledged_at": None,
    }
    assert login(org.employee).get(MINE, {"state": "acknowledged"}).json()["count"] == 0


@pytest.mark.django_db
def test_an_employee_acknowledges_once_and_the_second_time_changes_nothing(
    login, org, make_circular
):
    circular = make_circular("published")
    ack = ack_of(org.employee, circular)
    client = login(org.employee)

    first = client.post(f"{MINE}{ack.pk}/", HTTP_USER_AGENT="Mobile Safari")
    assert first.status_code == 200
    assert first.json()["created"] is True
    assert first.json()["acknowledged_at"]
    assert first.json()["detail"]
    ack.refresh_from_db()
    assert ack.acknowledged_ip == "127.0.0.1"
    assert ack.user_agent == "Mobile Safari"
    recorded = ack.acknowledged_at

    second = client.post(f"{MINE}{ack.pk}/", HTTP_USER_AGENT="Another browser")
    assert second.status_code == 200
    assert second.json()["created"] is False
    assert second.json()["acknowledged_at"] == first.json()["acknowledged_at"]
    assert second.json()["detail"] != first.json()["detail"]
    ack.refresh_from_db()
    assert (ack.acknowledged_at, ack.user_agent) == (recorded, "Mobile Safari")

    assert client.get(MINE, {"state": "pending"}).json()["count"] == 0
    done = client.get(MINE, {"state": "acknowledged"}).json()["results"]
    assert [row["id"] for row in done] == [ack.pk]


@pytest.mark.django_db
def test_nobody_can_acknowledge_for_another_person(login, org, make_circular, unchanged):
    circular = make_circular("published")
    employees = ack_of(org.employee, circular)
    for persona in ("clerk", "executive", "head", "outsider", "admin"):
        with unchanged():
            response = login(getattr(org, persona)).post(f"{MINE}{employees.pk}/")
        assert response.status_code == 404, persona
        assert response.json()["detail"]


@pytest.mark.django_db
def test_an_auditor_cannot_acknowledge_anything(login, org, make_circular, unchanged):
    circular = make_circular("published")
    with unchanged():
        response = login(org.auditor).post(f"{MINE}{ack_of(org.employee, circular).pk}/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_employee_of_another_unit_can_neither_see_nor_acknowledge(
    login, org, make_circular, unchanged
):
    circular = make_circular("published")
    deliver_all()
    client = login(org.outsider)
    with unchanged():
        assert client.get(f"/api/circulars/{circular.pk}/").status_code == 404
        assert client.get("/api/circulars/").json()["count"] == 0
        assert client.get(MINE).json()["count"] == 0
        assert client.get("/api/me/notices/").json()["count"] == 0
        assert client.get(f"/api/circulars/{circular.pk}/acknowledgements/").status_code == 404
        for ack in Acknowledgement.objects.all():
            assert client.post(f"{MINE}{ack.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_withdrawn_circular_cannot_be_acknowledged_and_is_no_longer_pending(
    login, org, make_circular, unchanged
):
    circular = make_circular("withdrawn")
    ack = ack_of(org.employee, circular)
    client = login(org.employee)
    with unchanged():
        response = client.post(f"{MINE}{ack.pk}/")
    assert response.status_code == 409
    assert response.json()["detail"]
    assert client.get(MINE, {"state": "pending"}).json()["count"] == 0
    everything = client.get(MINE).json()["results"]
    assert [(row["id"], row["document_state"]) for row in everything] == [(ack.pk, "withdrawn")]


@pytest.mark.django_db
def test_an_unknown_acknowledgement_is_a_404(login, org):
    response = login(org.employee).post(f"{MINE}999999/")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.django_db
def test_an_unknown_state_filter_is_a_400(login, org):
    response = login(org.employee).get(MINE, {"state": "maybe"})
    assert response.status_code == 400
    assert "state" in response.json()


@pytest.mark.django_db
def test_an_acknowledgement_past_its_deadline_is_marked_overdue(login, org, make_circular):
    circular = make_circular("published")
    Acknowledgement.objects.for_document(circular).update(
        deadline=dt.date.today() - dt.timedelta(days=1)
    )
    row = login(org.employee).get(MINE).json()["results"][0]
    assert row["overdue"] is True


# --- my notices -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_notices_are_the_in_app_notices_delivered_to_me(login, org, make_circular):
    circular = make_circular("published")
    client = login(org.employee)
    assert client.get("/api/me/notices/").json()["count"] == 0  # not delivered yet

    deliver_all()
    data = client.get("/api/me/notices/").json()
    assert data["count"] == 1
    notice = data["results"][0]
    assert notice["id"] == Notice.objects.get(recipient=org.employee, channel="inapp").pk
    assert notice["kind"] == "announce"
    assert notice["sent_at"]
    assert notice["acknowledgement"]["document"] == circular.pk
    assert notice["acknowledgement"]["title"] == circular.title


# --- tracking ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["clerk", "executive", "head", "auditor"])
def test_authors_executives_and_auditors_track_who_has_acknowledged(
    login, org, make_circular, persona
):
    circular = make_circular("published")
    deliver_all()
    login(org.employee).post(f"{MINE}{ack_of(org.employee, circular).pk}/")

    response = login(getattr(org, persona)).get(f"/api/circulars/{circular.pk}/acknowledgements/")
    assert response.status_code == 200
    data = response.json()
    assert (data["recipients"], data["acknowledged"], data["pending"]) == (4, 1, 3)
    assert data["delivered"] == 4
    assert data["overdue"] == 0
    assert data["version"] == 1
    by_unit = {row["unit_id"]: row for row in data["by_unit"]}
    assert by_unit[org.section.pk]["acknowledged"] == 1
    assert by_unit[org.section.pk]["recipients"] == 1
    assert by_unit[org.office.pk]["recipients"] == 3
    assert by_unit[org.office.pk]["pending"] == 3


@pytest.mark.django_db
def test_an_addressed_employee_may_not_track_others(login, org, make_circular):
    circular = make_circular("published")
    response = login(org.employee).get(f"/api/circulars/{circular.pk}/acknowledgements/")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_clerk_of_another_unit_may_not_track_a_public_circular(login, org, make_circular):
    from tests.factories import make_person

    other_clerk = make_person("clerk2", roles=["employee", "clerk"], unit=org.other)
    circular = make_circular("published", is_public=True)
    client = login(other_clerk)
    assert client.get(f"/api/circulars/{circular.pk}/").status_code == 200
    assert client.get(f"/api/circulars/{circular.pk}/acknowledgements/").status_code == 403


@pytest.mark.django_db
def test_overdue_acknowledgements_are_counted(login, org, make_circular):
    circular = make_circular("published")
    Acknowledgement.objects.for_document(circular).update(
        deadline=dt.date.today() - dt.timedelta(days=2)
    )
    data = login(org.clerk).get(f"/api/circulars/{circular.pk}/acknowledgements/").json()
    assert data["overdue"] == 4
