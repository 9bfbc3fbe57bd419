"""Items 5 and 6: the same delivery run twice at once, and a channel that always fails."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from hrflow import audit
from hrflow.models import AuditEvent
from notifications import services as notices
from notifications.models import Notice

from .conftest import FULL, broker, people, wait_until
from .faults import delivery_counts, publish_to, publish_to_units, sent
from .mailsink import received
from .measure import record

pytestmark = [pytest.mark.chaos, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AUDIENCE = 1000 if FULL else 200
SLOW_MAIL = {"HRFLOW_CHAOS_MAIL_SECONDS": "0.002"}


def published_and_waiting(org, redis, count, **people_options):
    """A published circular whose notices all wait in the database (enqueued to a broker that
    no worker reads yet)."""
    unit = people(count, **people_options)
    with broker(redis.url):
        circular = publish_to(org, unit)
    announced = Notice.objects.filter(kind=Notice.Kind.ANNOUNCE)  # not the approvers' notices
    return circular, sorted(announced.values_list("pk", flat=True))


def test_the_same_delivery_run_twice_at_once_by_two_workers_sends_nothing_twice(
    org, redis_server, workers, run
):
    redis = redis_server()
    circular, ids = published_and_waiting(org, redis, AUDIENCE)
    with broker(redis.url):
        notices.enqueue(ids)  # every batch is now on the queue twice
    started = time.monotonic()
    workers(redis.url, env=SLOW_MAIL)
    workers(redis.url, env=SLOW_MAIL)
    wait_until(lambda: sent("inapp").count() == AUDIENCE and sent("email").count() == AUDIENCE,
               what="two workers to deliver", timeout=180)  # fmt: skip
    with broker(redis.url):
        wait_until(lambda: queue_length() == 0, what="both copies of every batch to be taken")
    counts = delivery_counts(circular, workers.mail_log)
    record("same delivery twice at once (2 workers)", recovery=time.monotonic() - started,
           audience=AUDIENCE, **counts)  # fmt: skip
    assert counts == {"lost": 0, "duplicated": 0, "duplicated_emails": 0}


def queue_length() -> int:
    from hrflow.celery import app

    with app.connection_for_read() as conn:
        return conn.default_channel.queue_declare(app.conf.task_default_queue).message_count


def test_the_same_delivery_run_by_eight_threads_at_once_claims_each_notice_once(
    org, redis_server, settings, tmp_path, monkeypatch, run
):
    redis = redis_server()
    circular, ids = published_and_waiting(org, redis, 200)
    settings.EMAIL_BACKEND = "tests.reliability.mailsink.EmailBackend"
    monkeypatch.setenv("HRFLOW_CHAOS_MAIL_LOG", str(tmp_path / "mail.log"))
    barrier, outcomes = threading.Barrier(8), []

    def deliver():
        try:
            barrier.wait(timeout=10)
            outcomes.append(notices.deliver(ids))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    counts = delivery_counts(circular, tmp_path / "mail.log")
    record("same delivery twice at once (8 threads)", audience=200, **counts)
    assert sum(o["sent"] for o in outcomes) == len(ids) == 400
    assert counts == {"lost": 0, "duplicated": 0, "duplicated_emails": 0}


MAX_ATTEMPTS = 3


def test_a_channel_that_always_fails_gives_up_after_n_attempts_tells_hr_and_spares_the_rest(
    org, redis_server, workers, run
):
    redis = redis_server()
    good = people(AUDIENCE, prefix="good")
    bad = people(10, prefix="bad", domain="bounce.invalid")
    with broker(redis.url):
        circular = publish_to_units(org, [good, bad])
    started = time.monotonic()
    workers(redis.url, beat=True, env={
        "HRFLOW_CHAOS_BOUNCE_DOMAIN": "bounce.invalid",
        "HRFLOW_NOTICE_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
        "HRFLOW_SWEEP_SECONDS": "1",
        "HRFLOW_NOTICE_LEASE_SECONDS": "10",
    })  # fmt: skip
    failed = Notice.objects.filter(status=Notice.Status.FAILED)
    wait_until(lambda: failed.count() == 10 and sent("email").count() == AUDIENCE,
               what="the failing notices to be given up", timeout=180)  # fmt: skip
    recovery = time.monotonic() - started

    bounced = Notice.objects.filter(recipient__user__email__endswith="@bounce.invalid")
    assert set(bounced.filter(channel="email").values_list("status", "attempts")) == {
        (Notice.Status.FAILED, MAX_ATTEMPTS)
    }
    # The others are unaffected: every in-app notice (the bounced people's too) and every
    # other email arrived once.
    assert sent("inapp").count() == AUDIENCE + 10
    audience = set(Notice.objects.filter(kind=Notice.Kind.ANNOUNCE, channel="email")
                   .values_list("recipient__user__email", flat=True))  # fmt: skip
    mails = [to for to in received(workers.mail_log) if to in audience]  # not the approvers'
    lost = AUDIENCE - len(set(mails))
    duplicated = len(mails) - len(set(mails))
    events = AuditEvent.objects.filter(kind=audit.Kind.NOTICE_FAILED)
    failed_events = sorted(e.data["notice"] for e in events)
    record("channel always fails", recovery=recovery, lost=lost, duplicated=duplicated,
           audience=AUDIENCE, failed=failed.count())  # fmt: skip
    assert (lost, duplicated) == (0, 0)
    assert failed_events == sorted(failed.values_list("pk", flat=True))  # one event each
    assert audit.verify().ok

    # HR sees it on the tracking page.
    client = Client()
    client.force_login(org.clerk.user)
    page = client.get(reverse("workflows:circular-tracking", args=[circular.pk]))
    assert page.status_code == 200
    assert "ส่งการแจ้งเตือนไม่สำเร็จ 10 รายการ" in page.content.decode()
