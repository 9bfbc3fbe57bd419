"""Items 2 and 3: Redis down when a circular is published, and Redis restarted during
delivery. The rows are the truth; the broker only carries ids, so neither loses a notice."""

import signal
import time

import kombu.transport.redis  # noqa: F401  (imported now, so the outage times only the publish)
import pytest

from notifications.models import Notice
from workflows.models import State

from .conftest import FULL, broker, people, wait_until
from .faults import approved_to, delivery_counts, publish_over_api, publish_to, sent, warm_up
from .mailsink import received
from .measure import record

pytestmark = [pytest.mark.chaos, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AUDIENCE = 2000 if FULL else 400
# Publishing writes one acknowledgement request and two notices per person in its transaction;
# with Redis down it must still answer within a second, for a circular to a large division.
PUBLISH_AUDIENCE = 500
WORKER_ENV = {
    "HRFLOW_NOTICE_LEASE_SECONDS": "10",
    "HRFLOW_SWEEP_SECONDS": "1",
    "HRFLOW_CHAOS_MAIL_SECONDS": "0.003",
}


def all_sent(count):
    return sent("inapp").count() == count and sent("email").count() == count


def test_a_circular_published_while_redis_is_down_is_published_at_once_and_delivered_later(
    org, redis_server, workers, run
):
    redis = redis_server()
    unit = people(PUBLISH_AUDIENCE)
    circular = approved_to(org, unit)
    warm_up(org, circular)
    redis.stop()

    with broker(redis.url):
        started = time.monotonic()
        response = publish_over_api(org, circular)
        publish_seconds = time.monotonic() - started
    circular.refresh_from_db()
    assert response.status_code == 200, response.content
    assert circular.state == State.PUBLISHED
    assert set(Notice.objects.values_list("status", flat=True)) == {Notice.Status.PENDING}

    redis.start()
    back = time.monotonic()
    workers(redis.url, beat=True, env=WORKER_ENV)  # its sweep finds the waiting rows
    wait_until(lambda: all_sent(PUBLISH_AUDIENCE), what="the sweep to deliver everything",
               timeout=180)  # fmt: skip
    recovery = time.monotonic() - back
    counts = delivery_counts(circular, workers.mail_log)
    record("Redis down at publish", recovery=recovery, audience=PUBLISH_AUDIENCE,
           publish_seconds=round(publish_seconds, 3), **counts)  # fmt: skip
    assert publish_seconds < 1, f"publishing took {publish_seconds:.2f}s with Redis down"
    assert counts == {"lost": 0, "duplicated": 0, "duplicated_emails": 0}


def test_redis_restarted_during_delivery_the_same_worker_resumes_and_nothing_is_lost(
    org, redis_server, workers, run
):
    redis = redis_server(appendonly=True)
    unit = people(AUDIENCE)
    with broker(redis.url):
        circular = publish_to(org, unit)
    worker = workers(redis.url, beat=True, env=WORKER_ENV)
    wait_until(lambda: len(received(workers.mail_log)) >= AUDIENCE // 5,
               what="delivery to start", timeout=180)  # fmt: skip

    redis.stop(signal.SIGKILL)  # a crash; the append-only file keeps the queue
    delivered_at_crash = sent("inapp").count() + sent("email").count()
    # Down for longer than a blip: until the worker has tried to reconnect twice (or gave up).
    wait_until(lambda: worker.log(tail=None).count("Trying again") >= 4 or not worker.alive,
               what="the worker to notice the outage", timeout=60)  # fmt: skip
    redis.start()
    back = time.monotonic()
    wait_until(lambda: all_sent(AUDIENCE), what=f"delivery to resume ({worker.log()})",
               timeout=180)  # fmt: skip
    recovery = time.monotonic() - back
    counts = delivery_counts(circular, workers.mail_log)
    record("Redis restarted during delivery", recovery=recovery, audience=AUDIENCE,
           delivered_at_crash=delivered_at_crash, **counts)  # fmt: skip
    assert worker.alive, "the worker died instead of reconnecting"
    assert counts == {"lost": 0, "duplicated": 0, "duplicated_emails": counts["duplicated_emails"]}
    assert counts["duplicated_emails"] <= 1
