"""Item 1: a worker SIGKILLed in the middle of fanning out notices; after a restart every
notice arrives, no in-app notice or acknowledgement request is doubled, and emails sent twice
(a mail server accepted one, then the worker died before recording it) are counted."""

import time

import pytest

from .conftest import FULL, broker, people, wait_until
from .faults import delivery_counts, publish_to, sent
from .mailsink import received
from .measure import record

pytestmark = [pytest.mark.chaos, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AUDIENCE = 5000 if FULL else 600
LEASE = 10  # seconds a claimed notice stays with its worker before the sweep takes it back
# A mail server that takes 3 ms a message: a batch of 250 emails is in flight for a while.
WORKER_ENV = {
    "HRFLOW_NOTICE_LEASE_SECONDS": str(LEASE),
    "HRFLOW_SWEEP_SECONDS": "1",
    "HRFLOW_CHAOS_MAIL_SECONDS": "0.003",
}


def test_a_worker_killed_mid_fan_out_delivers_everything_once_after_a_restart(
    org, redis_server, workers, run
):
    redis = redis_server(appendonly=True)
    unit = people(AUDIENCE)
    with broker(redis.url):
        circular = publish_to(org, unit)
    total = 2 * AUDIENCE  # in-app and email for everyone

    first = workers(redis.url, beat=True, env=WORKER_ENV)
    # Kill it in the middle of a batch: some emails handed to the mail server, most not yet.
    wait_until(lambda: len(received(workers.mail_log)) >= AUDIENCE // 5,
               what="the worker to start delivering", timeout=180)  # fmt: skip
    first.kill()
    delivered_at_kill = sent("email").count() + sent("inapp").count()
    mailed_at_kill = len(received(workers.mail_log))
    assert delivered_at_kill < total, "the worker finished before it could be killed"

    restarted = time.monotonic()
    second = workers(redis.url, beat=True, env=WORKER_ENV)
    wait_until(
        lambda: sent("inapp").count() == AUDIENCE and sent("email").count() == AUDIENCE,
        what=f"all {total} notices after the restart ({second.log()})",
        timeout=300,
    )
    recovery = time.monotonic() - restarted
    counts = delivery_counts(circular, workers.mail_log)
    record("worker SIGKILLed mid fan-out", recovery=recovery, audience=AUDIENCE,
           delivered_at_kill=delivered_at_kill,
           mailed_at_kill=mailed_at_kill, **counts)  # fmt: skip
    assert counts == {"lost": 0, "duplicated": 0, "duplicated_emails": counts["duplicated_emails"]}
    # A kill can double at most the one email in flight in each killed pool process.
    assert counts["duplicated_emails"] <= 1
