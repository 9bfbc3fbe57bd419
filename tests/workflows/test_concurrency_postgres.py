"""Publishing at the same moment from two connections, on PostgreSQL's real row locks."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from circulars.models import Circular
from hrflow.errors import Conflict
from notifications.models import Acknowledgement, Notice
from tests.factories import CircularFactory
from workflows import services
from workflows.models import RegisterCounter, State, TransitionLog

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def approved(org):
    circular = CircularFactory(
        owner_unit=org.office,
        created_by=org.clerk.user,
        audience=[{"kind": "unit", "id": org.office.pk, "subunits": True}],
    )
    services.apply_transition(circular, "submit", by=org.clerk.user)
    services.apply_transition(circular, "approve", by=org.executive.user)
    return circular


def publish_together(pks, user):
    """Each thread loads its copy on its own connection, then all publish at once.

    Returns what each thread got: the published circular or the exception."""
    barrier = threading.Barrier(len(pks))
    outcomes = [None] * len(pks)

    def run(index, pk):
        try:
            circular = Circular.objects.get(pk=pk)
            barrier.wait(timeout=10)
            outcomes[index] = services.apply_transition(circular, "publish", by=user)
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(pks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_two_simultaneous_publishes_of_one_circular_one_wins_and_one_fan_out_happens(org):
    circular = approved(org)
    outcomes = publish_together([circular.pk, circular.pk], org.executive.user)

    winners = [o for o in outcomes if isinstance(o, Circular)]
    losers = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert losers[0].status == 409

    circular.refresh_from_db()
    assert (circular.state, circular.number) == (State.PUBLISHED, 1)
    assert RegisterCounter.objects.get().last_number == 1
    audience = {org.head.pk, org.clerk.pk, org.executive.pk, org.employee.pk}
    asked = Acknowledgement.objects.for_document(circular)
    assert asked.count() == len(audience)
    assert set(asked.values_list("employee_id", flat=True)) == audience
    announced = Notice.objects.filter(kind=Notice.Kind.ANNOUNCE)  # not the approvers' notices
    assert announced.filter(channel="inapp").count() == len(audience)
    assert announced.filter(channel="email").count() == len(audience)
    publishes = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Circular),
        object_id=circular.pk,
        transition="publish",
    )
    assert publishes.count() == 1


def test_two_circulars_published_at_once_get_two_consecutive_numbers(org):
    first, second = approved(org), approved(org)
    outcomes = publish_together([first.pk, second.pk], org.executive.user)

    assert all(isinstance(o, Circular) for o in outcomes), outcomes
    assert sorted(o.number for o in outcomes) == [1, 2]
    assert RegisterCounter.objects.get().last_number == 2
    assert set(Circular.objects.values_list("state", flat=True)) == {State.PUBLISHED}
