"""Items 7 and 8: races on PostgreSQL's real row locks, for every registered kind.

16 transitions on one document at once: exactly one wins, one log row, one fan-out. 20
acknowledgements by one person at once, then replays: one acknowledgement, one audit event."""

import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from hrflow import audit
from hrflow.errors import Conflict
from hrflow.models import AuditEvent
from notifications.models import Acknowledgement, Notice
from tests.concurrency import at_once
from tests.workflows.kinds import REGISTRY, shared_kinds
from workflows import services
from workflows.models import State, TransitionLog

from .measure import record

pytestmark = [pytest.mark.chaos, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=shared_kinds(), ids=lambda model: model.kind_slug or model.__name__)
def kind(request):
    spec = REGISTRY.get(request.param)
    if spec is None:
        pytest.fail(f"{request.param.__name__} needs an entry in tests/workflows/kinds.py")
    return request.param, spec


def walked(org, spec, steps):
    document = spec.make_draft(org)
    for step in steps:
        by = org.clerk if step == "submit" else org.executive
        document = services.apply_transition(document, step, by=by.user)
    return document


def logged(document, transition=None):
    rows = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    )
    return rows.filter(transition=transition) if transition else rows


def test_sixteen_simultaneous_publishes_one_wins_one_log_row_one_fan_out(org, kind, run):
    model, spec = kind
    document = walked(org, spec, ["submit", "approve"])
    started = time.monotonic()
    outcomes = at_once(
        16,
        lambda _: services.apply_transition(
            model.objects.get(pk=document.pk), "publish", by=org.executive.user
        ),
    )
    elapsed = time.monotonic() - started
    winners = [o for o in outcomes if isinstance(o, model)]
    losers = [o for o in outcomes if isinstance(o, Conflict)]
    asked = Acknowledgement.objects.for_document(document)
    audience = len(set(asked.values_list("employee_id", flat=True)))
    duplicated = asked.count() - audience
    duplicated += Notice.objects.filter(acknowledgement__in=asked).count() - 2 * audience
    duplicated += logged(document, "publish").count() - 1 + len(winners) - 1
    record("16 transitions on one document at once", recovery=elapsed, lost=0,
           duplicated=duplicated, kind=model.__name__)  # fmt: skip
    assert (len(winners), len(losers)) == (1, 15), outcomes
    assert all(loser.status == 409 for loser in losers)
    assert model.objects.get(pk=document.pk).state == State.PUBLISHED
    assert logged(document, "publish").count() == 1
    assert audience > 0 and duplicated == 0
    assert audit.verify().ok


def test_sixteen_simultaneous_different_steps_from_published_exactly_one_wins(org, kind, run):
    model, spec = kind
    document = walked(org, spec, ["submit", "approve", "publish"])
    before = logged(document).count()

    # Sixteen pages open on the published document; each chooses a step from what it shows.
    pages = [model.objects.get(pk=document.pk) for _ in range(16)]

    def step(index):
        name, note = ("withdraw", "ยกเลิก") if index % 2 else ("archive", "")
        return services.apply_transition(pages[index], name, by=org.executive.user, note=note)

    outcomes = at_once(16, step)
    winners = [o for o in outcomes if isinstance(o, model)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o, Conflict) for o in outcomes if o not in winners), outcomes
    state = model.objects.get(pk=document.pk).state
    assert logged(document).count() == before + 1
    assert logged(document).latest("pk").to_state == state


def test_twenty_simultaneous_acknowledgements_by_one_person_and_replays_make_one(org, kind, run):
    model, spec = kind
    document = walked(org, spec, ["submit", "approve", "publish"])
    ack = Acknowledgement.objects.for_document(document).get(employee=org.employee)
    url = f"/api/me/acknowledgements/{ack.pk}/"
    clients = []
    for _ in range(20):
        client = Client()
        client.force_login(org.employee.user)
        clients.append(client)

    started = time.monotonic()
    responses = at_once(20, lambda i: clients[i].post(url))
    elapsed = time.monotonic() - started
    replays = [clients[0].post(url) for _ in range(5)]
    replays.append(Client(enforce_csrf_checks=False).post(url))  # signed out: refused

    statuses = [getattr(r, "status_code", r) for r in responses]
    created = [r.json()["created"] for r in responses if getattr(r, "status_code", 0) == 200]
    events = AuditEvent.objects.filter(
        kind=audit.Kind.ACKNOWLEDGEMENT, data__acknowledgement=ack.pk
    ).count()
    ack.refresh_from_db()
    record("20 acknowledgements by one person at once + replays", recovery=elapsed,
           lost=0 if ack.is_acknowledged else 1, duplicated=max(events - 1, 0) + max(
               created.count(True) - 1, 0), kind=model.__name__)  # fmt: skip
    assert statuses == [200] * 20, statuses
    assert created.count(True) == 1
    assert [r.status_code for r in replays[:5]] == [200] * 5
    assert not any(r.json()["created"] for r in replays[:5])
    assert replays[5].status_code in (401, 403)
    assert events == 1
    assert Acknowledgement.objects.for_document(document).filter(employee=org.employee).count() == 1
    assert audit.verify().ok
