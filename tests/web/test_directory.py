"""The pickers' searches: people by name, staff ID or unit, a page at a time in the same number
of queries whatever the agency's size; units as a tree; signed-in people only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.models import Department, Employee
from tests.factories import make_person

PEOPLE = reverse("staff-search")
UNITS = reverse("unit-search")


def test_nobody_signed_in_gets_the_login_page_not_the_directory(org, client):
    for url in (PEOPLE, UNITS):
        response = client.get(url, {"q": "a"})
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_people_are_found_by_a_piece_of_their_name_their_staff_id_or_their_unit(org, as_):
    client = as_(org.clerk)

    def found(text):
        return {row["id"] for row in client.get(PEOPLE, {"q": text}).json()["results"]}

    assert found(org.employee.first_name[1:4]) >= {org.employee.pk}
    assert found(org.employee.staff_id) == {org.employee.pk}
    assert found("ฝ่ายสรรหา") == {org.employee.pk}  # the section's only member
    assert org.outsider.pk not in found("ฝ่ายสรรหา")
    row = client.get(PEOPLE, {"q": org.employee.staff_id}).json()["results"][0]
    assert row == {
        "id": org.employee.pk,
        "label": org.employee.full_name,
        "hint": f"{org.employee.staff_id} · ฝ่ายสรรหา",
    }


def test_a_search_comes_a_page_at_a_time_and_says_when_there_is_more(org, as_):
    for n in range(25):
        make_person(f"many{n}", unit=org.other)
    client = as_(org.clerk)
    first = client.get(PEOPLE, {"q": "กองช่าง"}).json()
    second = client.get(PEOPLE, {"q": "กองช่าง", "page": 2}).json()
    assert (len(first["results"]), first["has_more"]) == (20, True)
    assert (len(second["results"]), second["has_more"]) == (26 - 20, False)  # and the outsider
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_a_page_of_people_costs_the_same_queries_for_10_or_200_matches(org, as_):
    client = as_(org.clerk)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PEOPLE, {"q": "กองช่าง"}).status_code == 200
        return len(captured)

    for n in range(10):
        make_person(f"few{n}", unit=org.other)
    few = queries()
    for n in range(190):
        make_person(f"more{n}", unit=org.other)
    assert queries() == few


def test_a_page_that_is_no_number_is_a_400_with_a_reason(org, as_):
    for page in ("x", "0", "-1", "10" * 20):
        response = as_(org.clerk).get(PEOPLE, {"page": page})
        assert response.status_code == 400
        assert response.json()["detail"]


def test_units_come_as_a_tree_with_their_paths_and_a_search_keeps_the_path(org, as_):
    rows = as_(org.employee).get(UNITS).json()["results"]
    section = next(row for row in rows if row["id"] == org.section.pk)
    assert section["depth"] == 1 and section["hint"] == "กองการเจ้าหน้าที่ › ฝ่ายสรรหา"
    ids = [row["id"] for row in rows]
    assert ids.index(org.office.pk) < ids.index(org.section.pk)  # the parent first
    found = as_(org.employee).get(UNITS, {"q": "สรรหา"}).json()["results"]
    assert [row["hint"] for row in found] == ["กองการเจ้าหน้าที่ › ฝ่ายสรรหา"]


@pytest.mark.parametrize(
    "persona", ["employee", "clerk", "executive", "head", "auditor", "outsider", "admin"]
)
def test_every_signed_in_role_may_search_and_nobody_may_post_there(org, as_, persona):
    """The directory is the agency's own staff list: every signed-in person picks from it (a
    secretary of a meeting is often an ordinary employee). Reading it changes nothing."""
    client = as_(getattr(org, persona))
    before = Employee.objects.count(), Department.objects.count()
    refused = 403 if persona == "auditor" else 405  # auditors' POSTs stop before any view
    for url in (PEOPLE, UNITS):
        assert client.get(url, {"q": "ก"}).status_code == 200
        assert client.post(url, {"q": "ก"}).status_code == refused
    assert (Employee.objects.count(), Department.objects.count()) == before
