"""Delivery through a real Celery worker on the configured broker (never eager mode).

The worker runs in a thread of this process, so it shares django.core.mail's test outbox; it
reads what the test committed, hence transactional tests."""

import threading
import time

import kombu.transport.redis  # noqa: F401  (imported now, so the outage test times only the wait)
import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail

from circulars import services as circular_services
from hrflow.celery import app
from notifications import tasks
from notifications.models import Acknowledgement, Notice
from notifications.services import sweep as services_sweep
from tests.factories import bulk_people
from tests.notifications.test_services import closed_port
from workflows import services

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until(condition, *, timeout=60, what="the worker"):
    """Poll a condition until it holds; fail with a message when the deadline passes."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def queue_length() -> int:
    # Not passive: Redis drops an empty queue's key, and a passive declare would call it missing.
    with app.connection_for_read() as connection:
        return connection.default_channel.queue_declare(app.conf.task_default_queue).message_count


@pytest.fixture
def finished():
    """task id → what the task returned, for every task the worker has finished."""
    done, lock = {}, threading.Lock()

    def record(task_id=None, retval=None, **kwargs):
        with lock:
            done[task_id] = retval

    task_postrun.connect(record, weak=False)
    yield done
    task_postrun.disconnect(record)


@pytest.fixture
def worker(finished):
    # Messages left by earlier tests point at rows their rollback removed.
    app.control.purge()
    assert tasks.deliver_notices.name in app.tasks
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as running:
        yield running
    app.control.purge()


def staff(count):
    return bulk_people(count)


def publish_to(org, unit):
    circular = circular_services.circular_create(
        by=org.clerk.user,
        title="ประกาศแจ้งเวียนทุกคนในหน่วยงาน",
        audience=[{"kind": "unit", "id": unit.pk}],
    )
    services.apply_transition(circular, "submit", by=org.clerk.user)
    services.apply_transition(circular, "approve", by=org.executive.user)
    return services.apply_transition(circular, "publish", by=org.executive.user)


# Submitting the circular also told its approvers (workflows/hooks.py); these tests are about
# the publish's own notices, so they count those, and the emails to the audience.
ANNOUNCED = Notice.objects.filter(kind=Notice.Kind.ANNOUNCE)


def delivered(channel="inapp"):
    return ANNOUNCED.filter(channel=channel, status=Notice.Status.SENT)


def announcement_mail():
    told = set(
        Notice.objects.filter(kind=Notice.Kind.MESSAGE).values_list(
            "recipient__user__email", flat=True
        )
    )
    return [message for message in mail.outbox if message.to[0] not in told]


def publish_and_deliver(org, count):
    circular = publish_to(org, staff(count))
    wait_until(
        lambda: delivered("inapp").count() == count and delivered("email").count() == count,
        what=f"{count} notices on each channel",
    )
    wait_until(lambda: queue_length() == 0, what="the queue to drain")
    return circular


def assert_exactly_once(circular, count):
    assert ANNOUNCED.filter(channel="inapp").count() == delivered("inapp").count() == count
    asked = Acknowledgement.objects.for_document(circular)
    assert asked.count() == asked.pending().count() == count
    assert len(announcement_mail()) == count
    assert len({m.to[0] for m in announcement_mail()}) == count


def test_a_worker_delivers_one_in_app_notice_per_recipient(org, worker):
    circular = publish_and_deliver(org, 25)
    assert_exactly_once(circular, 25)


@pytest.mark.redis
def test_publishing_to_500_on_redis_delivers_500_once_even_when_delivery_runs_again(
    org, worker, finished
):
    circular = publish_and_deliver(org, 500)
    assert_exactly_once(circular, 500)
    sent_at = dict(ANNOUNCED.values_list("pk", "sent_at"))

    ids = sorted(sent_at)
    again = tasks.deliver_notices.delay(ids)
    wait_until(lambda: again.id in finished, what="the repeated delivery to run")
    wait_until(lambda: queue_length() == 0, what="the queue to drain")

    assert finished[again.id] == {"claimed": 0, "sent": 0, "failed": 0}
    assert dict(ANNOUNCED.values_list("pk", "sent_at")) == sent_at
    assert_exactly_once(circular, 500)


@pytest.fixture
def broker_down():
    """The app's broker pointed at a port where nothing listens; calling the fixture's value
    (or the end of the test) puts the configured broker back."""
    # Celery reads the CELERY_BROKER_URL environment variable before conf.broker_url, so the
    # override that takes effect whatever the environment says is the write URL.
    configured = app.conf.broker_url, app.conf.broker_write_url

    def point_at(url, write_url):
        app.conf.broker_url, app.conf.broker_write_url = url, write_url
        app._pool = None  # the pools hold connections to the old URL
        app.amqp._producer_pool = None

    app.control.purge()
    port = closed_port()
    point_at(f"redis://127.0.0.1:{port}/0", f"redis://127.0.0.1:{port}/0")
    assert app.connection_for_write().port == port
    yield lambda: point_at(*configured)
    point_at(*configured)
    app.control.purge()


def test_a_publish_succeeds_quickly_while_the_broker_is_down_and_the_sweep_sends_it_later(
    org, broker_down
):
    unit = staff(5)
    started = time.monotonic()
    circular = publish_to(org, unit)
    elapsed = time.monotonic() - started
    Notice.objects.filter(kind=Notice.Kind.MESSAGE).delete()  # the approvers' (broker down)

    assert elapsed < 2, f"publishing took {elapsed:.1f}s with the broker down"
    assert circular.number == 1
    assert Acknowledgement.objects.for_document(circular).count() == 5
    assert Notice.objects.count() == 10
    assert set(Notice.objects.values_list("status", flat=True)) == {Notice.Status.PENDING}

    broker_back = broker_down
    broker_back()
    assert queue_length() == 0  # nothing reached the real broker while it was "down"
    assert services_sweep() == 10
    assert queue_length() == 1  # one delivery message carrying the ten waiting notices
