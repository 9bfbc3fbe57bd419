"""Roles are scoped to units: the page and API access tables along the "same unit / other
unit" axis.

The agency (TOP) is the root of the tree with the personas' office and the other office below
it. `top` is the agency's executive (acts for every unit); `executive` the office's (the
documents' owner: same unit); `other_executive` the other office's; `section_head` heads the
office's section and `other_head` the other office, both without the executive role."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from circulars import services as circular_services
from circulars.models import Circular
from notifications.models import Acknowledgement, Notice
from notifications.services import deliver, remind_and_escalate
from tests.factories import DepartmentFactory, criteria_draft, make_person
from workflows import services
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.django_db

PERSONAS = (
    "top", "executive", "other_executive", "section_head", "other_head", "clerk", "employee",
    "outsider",
)  # fmt: skip


@pytest.fixture
def agency(org):
    top_unit = DepartmentFactory(code="TOP", name="องค์การบริหารส่วนจังหวัด")
    for unit in (org.office, org.other, org.audit):
        unit.parent = top_unit
        unit.save()
    org.top_unit = top_unit
    org.top = make_person("top", roles=["employee", "executive"], unit=top_unit)
    org.other_executive = make_person("oexec", roles=["employee", "executive"], unit=org.other)
    org.section_head = make_person("shead", unit=org.section)
    org.other_head = make_person("ohead", unit=org.other)
    org.late = make_person("late", unit=org.section)
    org.section.head, org.other.head = org.section_head, org.other_head
    org.section.save()
    org.other.save()
    return org


def circular(org, state, audience=None):
    """A circular of the office drafted by its clerk, walked by the agency's top executive."""
    document = circular_services.circular_create(
        by=org.clerk.user,
        title="ประกาศเรื่องการแต่งกาย",
        body="<p>โปรดทราบ</p>",
        deadline=timezone.localdate() + dt.timedelta(days=7),
        audience=audience or [{"kind": "everyone"}],
    )
    steps = {
        State.DRAFT: [],
        State.IN_REVIEW: ["submit"],
        State.APPROVED: ["submit", "approve"],
        State.PUBLISHED: ["submit", "approve", "publish"],
    }[state]
    for step in steps:
        by = org.clerk if step == "submit" else org.top
        document = services.apply_transition(document, step, by=by.user)
    return document


def client_of(person):
    client = APIClient()
    client.force_login(person.user)
    return client


def state_and_log(document):
    document.refresh_from_db()
    return document.state, TransitionLog.objects.filter(object_id=document.pk).count()


# step, the state it starts from, its note → expected page status per persona (302: done).
# The office's circulars are addressed to everyone, so an executive of another unit reads the
# published ones (and is refused the step: 403) but not the drafts (404).
STEP_STATUS = {
    ("approve", State.IN_REVIEW, ""): (302, 302, 404, 404, 404, 403, 404, 404),
    ("send_back", State.IN_REVIEW, "แก้ไข"): (302, 302, 404, 404, 404, 403, 404, 404),
    ("publish", State.APPROVED, ""): (302, 302, 404, 404, 404, 403, 404, 404),
    ("withdraw", State.PUBLISHED, "ยกเลิก"): (302, 302, 403, 403, 403, 403, 403, 403),
}
STEP_CASES = [
    pytest.param(step, source, note, persona, status, id=f"{step} as {persona}")
    for (step, source, note), statuses in STEP_STATUS.items()
    for persona, status in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(("step", "source", "note", "persona", "expected"), STEP_CASES)
def test_an_executive_takes_the_steps_of_their_own_units_documents_only(
    agency, as_, step, source, note, persona, expected
):
    document = circular(agency, source)
    before = state_and_log(document)
    url = reverse("workflows:circular-transition", args=[document.pk, step])
    response = as_(getattr(agency, persona)).post(url, {"from_state": source, "note": note})
    assert response.status_code == expected, response.content[:300]
    if expected != 302:
        assert state_and_log(document) == before
    else:
        assert state_and_log(document) != before


# page → GET status per persona; the tracking and compliance pages of a head of unit (and of
# an executive of another unit) show the people of the units they lead.
GET_STATUS = {
    "draft_detail": (200, 200, 404, 404, 404, 200, 404, 404),
    "in_review_detail": (200, 200, 404, 404, 404, 200, 404, 404),
    "tracking": (200, 200, 200, 200, 200, 200, 403, 403),
    "tracking_csv": (200, 200, 200, 200, 200, 200, 403, 403),
    "compliance": (200, 200, 200, 200, 200, 200, 403, 403),
}


@pytest.fixture
def pages(agency):
    published = circular(agency, State.PUBLISHED)
    return {
        "draft_detail": reverse(
            "workflows:circular-detail", args=[circular(agency, State.DRAFT).pk]
        ),
        "in_review_detail": reverse(
            "workflows:circular-detail", args=[circular(agency, State.IN_REVIEW).pk]
        ),
        "tracking": reverse("workflows:circular-tracking", args=[published.pk]),
        "tracking_csv": reverse("workflows:circular-tracking-csv", args=[published.pk]),
        "compliance": reverse("workflows:criteria-compliance"),
    }


@pytest.mark.parametrize("page", sorted(GET_STATUS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_same_unit_and_other_unit_as_written_down(
    agency, pages, as_, page, persona
):
    response = as_(getattr(agency, persona)).get(pages[page])
    assert response.status_code == GET_STATUS[page][PERSONAS.index(persona)], (page, persona)


def test_a_head_of_unit_tracks_only_the_people_of_their_own_subtree(agency, as_):
    document = circular(agency, State.PUBLISHED)
    url = reverse("workflows:circular-tracking", args=[document.pk])
    section = Acknowledgement.objects.for_document(document).filter(unit=agency.section)
    everyone = Acknowledgement.objects.for_document(document).count()

    page = as_(agency.section_head).get(url).content.decode()
    assert f'data-stat="recipients">{section.count()}<' in page
    assert agency.employee.full_name in page and agency.late.full_name in page
    assert agency.clerk.full_name not in page and agency.outsider.full_name not in page
    assert 'data-scope="units"' in page
    assert 'data-action="remind"' not in page  # following is not reminding

    page = as_(agency.other_executive).get(url).content.decode()
    assert agency.outsider.full_name in page and agency.employee.full_name not in page

    page = as_(agency.executive).get(url).content.decode()  # the document's own executive
    assert f'data-stat="recipients">{everyone}<' in page and 'data-scope="units"' not in page

    csv = as_(agency.section_head).get(url.replace("tracking/", "tracking.csv")).content.decode()
    assert agency.late.full_name in csv and agency.clerk.full_name not in csv


def test_a_head_of_unit_may_not_remind_or_record_for_anyone(agency, as_):
    document = circular(agency, State.PUBLISHED)
    ack = Acknowledgement.objects.for_document(document).get(employee=agency.late)
    remind = reverse("workflows:circular-remind", args=[document.pk])
    proxy = reverse("workflows:circular-proxy", args=[document.pk, ack.pk])
    assert as_(agency.section_head).post(remind).status_code == 403
    assert as_(agency.section_head).post(proxy, {"reason": "ลงนามแล้ว"}).status_code == 403
    ack.refresh_from_db()
    assert ack.acknowledged_at is None


def test_the_head_an_overdue_acknowledgement_is_escalated_to_can_open_its_tracking(agency, as_):
    # Addressed to the late person alone: their head is told about it without being addressed.
    document = circular(agency, State.PUBLISHED, [{"kind": "person", "id": agency.late.pk}])
    Acknowledgement.objects.for_document(document).update(
        deadline=timezone.localdate() - dt.timedelta(days=30)
    )
    assert remind_and_escalate()["escalated"] == 1
    assert Notice.objects.filter(kind="escalation", recipient=agency.section_head).exists()
    tracking = reverse("workflows:circular-tracking", args=[document.pk])
    # What the worker does, called directly (delivery itself is tested elsewhere).
    deliver(list(Notice.objects.values_list("pk", flat=True)))
    inbox = as_(agency.section_head).get(reverse("notifications:inbox")).content.decode()
    assert f'href="{tracking}" data-link="tracking"' in inbox  # the notice leads there
    response = as_(agency.section_head).get(tracking)
    assert response.status_code == 200
    assert agency.late.full_name in response.content.decode()
    # …but a head of another unit, whose people it did not ask, is refused.
    response = as_(agency.other_head).get(
        reverse("workflows:circular-tracking", args=[document.pk])
    )
    assert response.status_code == 404


def test_compliance_of_a_head_of_unit_counts_their_own_people(agency, as_):
    criteria = criteria_draft(agency)
    for step, by in (("submit", agency.clerk), ("approve", agency.top), ("publish", agency.top)):
        criteria = services.apply_transition(criteria, step, by=by.user)
    query = {"fiscal_year": criteria.fiscal_year, "round": criteria.round}
    url = reverse("workflows:criteria-compliance")
    acks = Acknowledgement.objects.for_document(criteria)
    page = as_(agency.section_head).get(url, query).content.decode()
    mine = acks.filter(unit=agency.section).count()
    assert mine and f'data-stat="recipients">{mine}<' in page
    page = as_(agency.clerk).get(url, query).content.decode()
    assert f'data-stat="recipients">{acks.count()}<' in page


# API: step and tracking endpoints along the same axis.
API_STATUS = {
    ("post", "approve"): (200, 200, 404, 404, 404, 403, 404, 404),
    ("post", "withdraw"): (200, 200, 403, 403, 403, 403, 403, 403),
    ("get", "acknowledgements"): (200, 200, 200, 200, 200, 200, 403, 403),
}
API_CASES = [
    pytest.param(method, name, persona, status, id=f"{method} {name} as {persona}")
    for (method, name), statuses in API_STATUS.items()
    for persona, status in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(("method", "name", "persona", "expected"), API_CASES)
def test_every_api_url_answers_same_unit_and_other_unit_as_written_down(
    agency, method, name, persona, expected
):
    client = client_of(getattr(agency, persona))
    if name == "approve":
        document = circular(agency, State.IN_REVIEW)
        url = f"/api/circulars/{document.pk}/transitions/approve/"
    elif name == "withdraw":
        document = circular(agency, State.PUBLISHED)
        url = f"/api/circulars/{document.pk}/transitions/withdraw/"
    else:
        document = circular(agency, State.PUBLISHED)
        url = f"/api/circulars/{document.pk}/acknowledgements/"
    before = state_and_log(document)
    body = {"note": "ยกเลิก"} if method == "post" else None
    response = getattr(client, method)(url, body, format="json")
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert response.json()["detail"]
        assert state_and_log(document) == before
    if name == "acknowledgements" and persona == "section_head":
        section = Acknowledgement.objects.for_document(document).filter(unit=agency.section)
        assert response.json()["recipients"] == section.count()


def test_a_top_executive_is_an_executive_of_the_root_of_the_tree(agency):
    from hrflow import roles

    assert roles.is_top_executive(agency.top.user)
    assert not roles.is_top_executive(agency.executive.user)  # their office has a parent
    assert not roles.is_top_executive(agency.clerk.user)
    assert roles.unit_scope(agency.executive.user) == {agency.office.pk, agency.section.pk}
    assert Circular.objects.visible_to(agency.other_executive.user).count() == 0
