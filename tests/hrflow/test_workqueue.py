"""The work queue (งานรอดำเนินการ): every provider lists what waits on its person, and the page
and the header's badge cost the same number of queries at 10 and at 1,000 pending items."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from circulars.models import Circular
from evaluations.models import CaseState, EvaluationCase
from evaluations.services import rounds
from hrflow import workqueue
from meetings.models import ActionItem, MeetingMinutes, Suggestion
from notifications.models import Acknowledgement
from tests.factories import bulk_people, criteria_draft, make_person
from tests.hr_world import publish as publish_hr
from tests.meetings import minutes_draft, office_series
from tests.meetings import publish as publish_minutes
from workflows.models import DocumentComment, State

SMALL, LARGE = 10, 1000


def circulars(org, n, **fields):
    rows = Circular.objects.bulk_create(
        Circular(
            title=f"หนังสือเวียนที่ {i}",
            owner_unit=org.office,
            created_by=org.clerk.user,
            audience=[{"kind": "everyone"}],
            **fields,
        )
        for i in range(n)
    )
    return rows


# --- one way to make n pending items per provider: returns the persona they wait on ---------


def grow_acknowledgements(org, n, state):
    published = circulars(org, n, state=State.PUBLISHED, content_hash="x")
    ct = ContentType.objects.get_for_model(Circular)
    Acknowledgement.objects.bulk_create(
        Acknowledgement(content_type=ct, object_id=c.pk, version=1, employee=org.employee)
        for c in published
    )
    return org.employee


def grow_documents(org, n, state):
    circulars(org, n, state=State.IN_REVIEW)
    return org.executive


def grow_comments(org, n, state):
    if "criteria" not in state:
        state["criteria"] = publish_hr(criteria_draft(org), org)
    criteria = state["criteria"]
    DocumentComment.objects.bulk_create(
        DocumentComment(document=criteria, version=1, author=org.employee.user, body=f"ความเห็น {i}")
        for i in range(n)
    )
    return org.clerk


def grow_minutes(org, n, state):
    template = state.setdefault("minutes", minutes_draft(org))
    start = MeetingMinutes.objects.count()
    copies = []
    for i in range(n):
        copy = MeetingMinutes.objects.get(pk=template.pk)
        copy.pk = None
        copy.number = 100 + start + i
        copies.append(copy)
    MeetingMinutes.objects.bulk_create(copies)
    MeetingMinutes.objects.filter(pk__in=[c.pk for c in copies]).update(state=State.IN_REVIEW)
    return org.executive


def grow_suggestions(org, n, state):
    series = office_series(org)
    Suggestion.objects.bulk_create(
        Suggestion(series=series, submitted_by=org.employee, text=f"ข้อเสนอ {i}") for i in range(n)
    )
    return org.clerk


def grow_action_items(org, n, state):
    if "published" not in state:
        state["published"] = publish_minutes(minutes_draft(org), org)
    ActionItem.objects.bulk_create(
        ActionItem(
            minutes=state["published"],
            text=f"งาน {i}",
            owner=org.employee,
            due_date=timezone.localdate() + dt.timedelta(days=i % 30),
        )
        for i in range(n)
    )
    return org.employee


def grow_evaluations(org, n, state):
    if "round" not in state:
        criteria = publish_hr(criteria_draft(org), org)
        state["round"], _cases = rounds.round_open(
            by=org.clerk.user, criteria=criteria, unit=org.other
        )
    unit = bulk_people(n, prefix=f"p{EvaluationCase.objects.count()}-")
    EvaluationCase.objects.bulk_create(
        EvaluationCase(
            round=state["round"], person=person, evaluator=org.head, state=CaseState.AGREED
        )
        for person in unit.employees.all()
    )
    return org.head


GROW = {
    "acknowledgements": grow_acknowledgements,
    "documents": grow_documents,
    "comments": grow_comments,
    "minutes": grow_minutes,
    "suggestions": grow_suggestions,
    "action-items": grow_action_items,
    "evaluations": grow_evaluations,
}


def test_every_registered_provider_is_measured_here():
    assert {provider.key for provider in workqueue.providers()} == set(GROW)


def queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


@pytest.mark.parametrize("key", sorted(GROW))
def test_the_page_and_the_badge_cost_the_same_at_ten_and_a_thousand_items(key, org, as_):
    provider, state = workqueue.get(key), {}
    persona = GROW[key](org, SMALL, state)
    client = as_(persona)
    # Warm what is cached per process or per user object (content types, the employee).
    client.get(reverse("work"))
    provider.count(persona.user)

    def measure():
        page = client.get(reverse("work"))
        assert page.status_code == 200
        return (
            queries(lambda: client.get(reverse("work"))),
            queries(lambda: client.get(reverse("my-tokens"))),  # any page: the badge
            queries(lambda: provider.count(persona.user)),
            queries(lambda: provider.pending(persona.user, limit=workqueue.LIMIT)),
        )

    small = measure()
    assert provider.count(persona.user) == SMALL
    GROW[key](org, LARGE - SMALL, state)
    large = measure()
    assert provider.count(persona.user) == LARGE
    assert len(provider.pending(persona.user, limit=workqueue.LIMIT)) == workqueue.LIMIT
    assert large == small, f"{key}: {small} queries at {SMALL} items, {large} at {LARGE}"

    page = client.get(reverse("work")).content.decode()
    assert f'data-provider="{key}"' in page
    badge = f"data-work-count>{workqueue.total(persona.user)}<"
    assert workqueue.total(persona.user) >= LARGE
    assert badge in client.get(reverse("my-tokens")).content.decode()


def test_nothing_waits_on_someone_who_has_nothing_to_do(org, as_):
    page = as_(org.outsider).get(reverse("work"))
    assert page.status_code == 200
    assert "data-empty" in page.content.decode()
    assert "data-work-count" not in page.content.decode()


def test_a_submitted_circular_waits_on_the_executives_over_its_unit_not_on_its_author(org):
    from tests.web.conftest import new_draft, walk

    circular = walk(new_draft(org), org, "submit")
    documents = workqueue.get("documents")
    assert [t.url for t in documents.pending(org.executive.user, limit=10)] == [
        circular.get_absolute_url()
    ]
    assert documents.count(org.head.user) == 1  # an executive of the office too
    for persona in (org.clerk, org.employee, org.outsider, org.auditor):
        assert documents.count(persona.user) == 0, persona
    walk(circular, org, "approve")
    task = documents.pending(org.executive.user, limit=10)[0]
    assert task.label.startswith("เผยแพร่") or task.label.startswith("Publish")


def test_what_was_acknowledged_or_withdrawn_waits_no_more(org):
    employee = grow_acknowledgements(org, 3, {})
    acks = workqueue.get("acknowledgements")
    assert acks.count(employee.user) == 3
    first, second, _third = Acknowledgement.objects.filter(employee=employee).order_by("pk")
    Acknowledgement.objects.filter(pk=first.pk).update(acknowledged_at=timezone.now())
    Circular.objects.filter(pk=second.object_id).update(state=State.WITHDRAWN)
    assert acks.count(employee.user) == 1


@pytest.mark.parametrize("role", ["employee", "clerk", "executive", "head", "outsider", "admin"])
def test_everyone_but_the_auditor_lands_on_their_work(role, org, as_):
    response = as_(getattr(org, role)).get(reverse("home"))
    assert response["Location"] == reverse("work")


def test_the_auditor_lands_on_the_audit_search(org, as_):
    assert as_(org.auditor).get(reverse("home"))["Location"] == reverse("auditor:search")


def test_the_work_page_is_for_signed_in_people_only(client, db):
    response = client.get(reverse("work"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_auditor_has_no_steps_to_take(org, as_):
    grow_documents(org, 3, {})
    assert workqueue.total(org.auditor.user) == 0
    assert as_(org.auditor).get(reverse("work")).status_code == 200


def test_a_person_outside_the_minutes_series_is_not_their_chair(org):
    grow_minutes(org, 2, {})
    minutes = workqueue.get("minutes")
    assert minutes.count(org.executive.user) == 2
    assert minutes.count(org.head.user) == 0
    assert minutes.count(org.clerk.user) == 0  # the secretary submits, never approves


def test_a_new_employee_record_is_asked_to_agree(org):
    state = {}
    grow_evaluations(org, 1, state)
    person = make_person("newcomer", unit=org.other)
    EvaluationCase.objects.create(round=state["round"], person=person, evaluator=org.head)
    evaluations = workqueue.get("evaluations")
    assert evaluations.count(person.user) == 1
    assert evaluations.count(org.head.user) == 2  # one to agree, one to score


@pytest.mark.parametrize(
    "role", ["employee", "clerk", "executive", "head", "auditor", "outsider", "admin"]
)
def test_every_role_opens_its_own_work_page_and_only_its_own(role, org, as_):
    grow_documents(org, 2, {})
    person = getattr(org, role)
    page = as_(person).get(reverse("work"))
    assert page.status_code == 200
    assert page.context["total"] == workqueue.total(person.user)
