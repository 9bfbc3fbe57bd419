"""/api/<kind>/<id>/transitions/ and /history/: moving documents through the workflow."""

import threading

import pytest
from django.db import connection

from circulars.models import Circular
from notifications.models import Acknowledgement
from workflows.models import RegisterCounter, State, TransitionLog


def url(circular, tail=""):
    return f"/api/circulars/{circular.pk}/transitions/{tail}"


def names(response):
    assert response.status_code == 200
    return [row["name"] for row in response.json()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "persona", "expected"),
    [
        ("draft", "clerk", ["submit"]),
        ("draft", "executive", []),
        ("in_review", "executive", ["send_back", "approve"]),
        ("in_review", "clerk", []),
        ("approved", "executive", ["publish"]),
        ("published", "executive", ["withdraw", "archive"]),
        ("published", "employee", []),
        ("published", "auditor", []),
        ("withdrawn", "head", ["archive"]),
    ],
)
def test_the_transitions_listed_are_those_this_user_may_take_now(
    login, org, make_circular, state, persona, expected
):
    circular = make_circular(state)
    assert names(login(getattr(org, persona)).get(url(circular))) == expected


@pytest.mark.django_db
def test_a_listed_transition_says_where_it_leads_and_whether_it_needs_a_reason(
    login, org, make_circular
):
    circular = make_circular("in_review")
    rows = login(org.executive).get(url(circular)).json()
    assert rows[0] == {
        "name": "send_back",
        "label": "ส่งกลับแก้ไข",  # Thai unless the client asks for English
        "to_state": "draft",
        "note_required": True,
    }
    assert rows[1]["to_state"] == "approved"
    assert rows[1]["note_required"] is False
    english = login(org.executive).get(url(circular), HTTP_ACCEPT_LANGUAGE="en").json()
    assert english[0]["label"] == "Send back for changes"


@pytest.mark.django_db
def test_a_circular_is_submitted_approved_and_published_through_the_api(login, org, make_circular):
    circular = make_circular("draft")
    clerk, executive = login(org.clerk), login(org.executive)

    response = clerk.post(url(circular, "submit/"), {"note": "ขอเสนอ"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "in_review"
    assert executive.post(url(circular, "approve/"), {}, format="json").json()["state"] == (
        "approved"
    )
    response = executive.post(url(circular, "publish/"), format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "published"
    assert data["number"] == "ที่ ลพ 51000/ว 1"
    assert data["published_at"]

    circular.refresh_from_db()
    assert circular.state == State.PUBLISHED
    assert RegisterCounter.objects.get().last_number == 1
    # head, clerk and executive of the office, employee of its section
    assert Acknowledgement.objects.for_document(circular).count() == 4
    log = TransitionLog.objects.filter(object_id=circular.pk)
    assert list(log.values_list("transition", flat=True)) == ["submit", "approve", "publish"]
    assert log.first().note == "ขอเสนอ"
    assert log.first().ip == "127.0.0.1"


@pytest.mark.django_db
def test_a_withdrawal_with_a_reason_takes_the_circular_off(login, org, make_circular):
    circular = make_circular("published")
    response = login(org.executive).post(
        url(circular, "withdraw/"), {"note": "ข้อความผิดพลาด"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"
    assert TransitionLog.objects.filter(transition="withdraw").get().note == "ข้อความผิดพลาด"


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "step"), [("in_review", "send_back"), ("published", "withdraw")])
@pytest.mark.parametrize("note", [None, "", "   "])
def test_a_step_that_needs_a_reason_is_a_400_without_one_and_changes_nothing(
    login, org, make_circular, unchanged, state, step, note
):
    circular = make_circular(state)
    body = {} if note is None else {"note": note}
    with unchanged():
        response = login(org.executive).post(url(circular, f"{step}/"), body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert "note" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "step", "persona"),
    [
        ("draft", "publish", "executive"),  # publishing a draft
        ("draft", "approve", "executive"),
        ("in_review", "submit", "clerk"),
        ("approved", "approve", "executive"),
        ("published", "publish", "executive"),  # a second publish
        ("withdrawn", "withdraw", "executive"),
    ],
)
def test_a_step_not_possible_from_this_state_is_a_409_and_changes_nothing(
    login, org, make_circular, unchanged, state, step, persona
):
    circular = make_circular(state)
    with unchanged():
        response = login(getattr(org, persona)).post(
            url(circular, f"{step}/"), {"note": "เหตุผล"}, format="json"
        )
    assert response.status_code == 409
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "step", "persona"),
    [
        ("in_review", "approve", "clerk"),  # approving as a clerk
        ("in_review", "send_back", "clerk"),
        ("approved", "publish", "clerk"),
        ("draft", "submit", "executive"),
        ("published", "withdraw", "employee"),
        ("published", "archive", "employee"),
    ],
)
def test_a_step_that_is_not_yours_is_a_403_and_changes_nothing(
    login, org, make_circular, unchanged, state, step, persona
):
    circular = make_circular(state)
    with unchanged():
        response = login(getattr(org, persona)).post(
            url(circular, f"{step}/"), {"note": "เหตุผล"}, format="json"
        )
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["approve", "publish", "send_back"])
def test_an_auditor_takes_no_step_even_if_they_also_hold_the_role(
    login, org, make_circular, unchanged, step
):
    from django.contrib.auth.models import Group

    org.auditor.user.groups.add(Group.objects.get(name="executive"))
    circular = make_circular("in_review")
    client = login(org.auditor)
    assert names(client.get(url(circular))) == []
    with unchanged():
        response = client.post(url(circular, f"{step}/"), {"note": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "employee", "admin"])
def test_a_draft_someone_cannot_see_is_a_404_for_every_workflow_url(
    login, org, make_circular, unchanged, persona
):
    circular = make_circular("in_review")
    client = login(getattr(org, persona))
    with unchanged():
        assert client.get(url(circular)).status_code == 404
        assert client.post(url(circular, "approve/"), {}, format="json").status_code == 404
        assert client.get(f"/api/circulars/{circular.pk}/history/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["fly", "save", "delete", "__init__", "refresh_from_db"])
def test_an_unknown_step_is_a_400_with_a_detail_and_changes_nothing(
    login, org, make_circular, unchanged, name
):
    circular = make_circular("approved")
    with unchanged():
        response = login(org.executive).post(url(circular, f"{name}/"), {}, format="json")
    assert response.status_code in (400, 404)
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"note": {"why": "x"}}, {"note": ["x"]}, {"note": "ก" * 5001}])
def test_a_malformed_note_is_a_400_and_changes_nothing(login, org, make_circular, unchanged, body):
    circular = make_circular("in_review")
    with unchanged():
        response = login(org.executive).post(url(circular, "send_back/"), body, format="json")
    assert response.status_code == 400
    assert "note" in response.json()


@pytest.mark.django_db
def test_transitions_only_answer_to_post(login, org, make_circular, unchanged):
    circular = make_circular("approved")
    with unchanged():
        response = login(org.executive).get(url(circular, "publish/"))
    assert response.status_code == 405
    assert response.json()["detail"]


@pytest.mark.django_db
def test_publishing_an_audience_of_nobody_is_a_400_and_consumes_no_number(
    login, org, make_circular, unchanged
):
    from tests.factories import DepartmentFactory

    empty = DepartmentFactory(code="EMPTY")
    circular = make_circular("approved", audience=[{"kind": "unit", "id": empty.pk}])
    with unchanged():
        response = login(org.executive).post(url(circular, "publish/"), {}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]


# --- history ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_history_lists_every_step_with_who_when_and_why(login, org, make_circular):
    circular = make_circular("published")
    response = login(org.auditor).get(f"/api/circulars/{circular.pk}/history/")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["transition"], r["from_state"], r["to_state"]) for r in rows] == [
        ("submit", "draft", "in_review"),
        ("approve", "in_review", "approved"),
        ("publish", "approved", "published"),
    ]
    assert rows[0]["by"] == {"username": "clerk", "name": org.clerk.full_name}
    assert rows[2]["by"]["username"] == "executive"
    assert rows[0]["note"] == "เหตุผลทดสอบ"
    assert rows[0]["at"]
    assert rows[0]["version"] == 1


@pytest.mark.django_db
def test_an_addressed_employee_reads_the_history_of_a_published_circular(login, org, make_circular):
    circular = make_circular("published")
    response = login(org.employee).get(f"/api/circulars/{circular.pk}/history/")
    assert response.status_code == 200
    assert len(response.json()) == 3


# --- a race -----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_publishes_one_wins_and_the_other_gets_409(login, org, make_circular):
    circular = make_circular("approved")
    clients = [login(org.executive), login(org.head)]
    start = threading.Barrier(len(clients))
    statuses = []

    def publish(client):
        try:
            start.wait(timeout=10)
            response = client.post(url(circular, "publish/"), {}, format="json")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [200, 409]
    circular.refresh_from_db()
    assert circular.state == State.PUBLISHED
    assert circular.number == 1
    assert RegisterCounter.objects.get().last_number == 1
    assert TransitionLog.objects.filter(transition="publish").count() == 1
    assert Acknowledgement.objects.for_document(circular).count() == 4
    assert Circular.objects.count() == 1


@pytest.mark.django_db
def test_a_step_chosen_on_a_state_that_has_moved_on_is_a_409_and_changes_nothing(
    login, org, make_circular, unchanged
):
    # The client saw the circular published; someone withdrew it since. Archiving a withdrawn
    # circular is allowed, but not on the strength of a state nobody saw.
    circular = make_circular("withdrawn")
    with unchanged():
        response = login(org.executive).post(
            url(circular, "archive/"), {"from_state": "published"}, format="json"
        )
    assert response.status_code == 409
    assert "มีผู้อื่นเปลี่ยนแปลงเอกสารนี้ไปก่อนแล้ว" in response.json()["detail"]
    ok = login(org.executive).post(
        url(circular, "archive/"), {"from_state": "withdrawn"}, format="json"
    )
    assert ok.status_code == 200
    assert ok.json()["state"] == "archived"


@pytest.mark.django_db
def test_an_unknown_state_seen_is_a_400_and_changes_nothing(login, org, make_circular, unchanged):
    circular = make_circular("withdrawn")
    with unchanged():
        response = login(org.executive).post(
            url(circular, "archive/"), {"from_state": "gone"}, format="json"
        )
    assert response.status_code == 400
    assert "from_state" in response.json()
