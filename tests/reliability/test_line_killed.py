"""A worker SIGKILLed in the middle of pushing notices to LINE (a local fake of the Messaging
API): after a restart every linked person got the notice exactly once. A push LINE accepted
just before the kill is made again with the same X-Line-Retry-Key, which LINE drops (409)."""

import time
from collections import Counter

import pytest
from django.utils import timezone

from notifications import services
from notifications.models import LineLink, Notice
from tests.notifications.fakeline import FakeLine

from .conftest import FULL, broker, people, wait_until
from .faults import sent
from .measure import record

pytestmark = [pytest.mark.chaos, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AUDIENCE = 5000 if FULL else 500
LEASE = 10  # seconds a claimed notice stays with its worker before the sweep takes it back


def test_a_worker_killed_mid_line_push_delivers_each_push_once_after_a_restart(
    org, redis_server, workers, run, settings
):
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp", "line"]  # this process writes the notices
    redis = redis_server(appendonly=True)
    unit = people(AUDIENCE, prefix="line")
    ids = list(unit.employees.values_list("pk", flat=True))
    LineLink.objects.bulk_create(
        LineLink(employee_id=pk, line_user_id=f"U{pk:032x}", linked_at=timezone.now()) for pk in ids
    )
    with FakeLine() as fake:
        fake.latency = 0.003  # a batch of pushes is in flight for a while
        env = {
            "HRFLOW_NOTICE_LEASE_SECONDS": str(LEASE),
            "HRFLOW_SWEEP_SECONDS": "1",
            "HRFLOW_NOTICE_CHANNELS": "inapp,line",
            "HRFLOW_LINE_API_URL": fake.url,
            "HRFLOW_LINE_CHANNEL_TOKEN": fake.token,
            "HRFLOW_LINE_CHANNEL_SECRET": "chaos-channel-secret",
        }
        with broker(redis.url):
            services.notify(ids, subject="ประกาศทดสอบ LINE", link="/inbox/", key="line-chaos")
        assert Notice.objects.filter(channel="line").count() == AUDIENCE

        first = workers(redis.url, beat=True, env=env)
        wait_until(lambda: len(fake.delivered) >= AUDIENCE // 5,
                   what="the worker to start pushing", timeout=180)  # fmt: skip
        first.kill()
        pushed_at_kill = len(fake.delivered)
        assert sent("line", Notice.Kind.MESSAGE).count() < AUDIENCE, (
            "the worker finished before it could be killed"
        )

        restarted = time.monotonic()
        second = workers(redis.url, beat=True, env=env)
        wait_until(
            lambda: sent("line", Notice.Kind.MESSAGE).count() == AUDIENCE,
            what=f"all {AUDIENCE} LINE notices after the restart ({second.log()})",
            timeout=300,
        )
        recovery = time.monotonic() - restarted
        per_person = Counter(to for to, _ in fake.delivered)
        retried = len(fake.requests) - len(fake.delivered)  # 409s: LINE had them already
    counts = {
        "lost": AUDIENCE - len(per_person),
        "duplicated": sum(n - 1 for n in per_person.values()),
    }
    record("LINE: worker SIGKILLed mid push", recovery=recovery, audience=AUDIENCE,
           pushed_at_kill=pushed_at_kill, refused_repeats=retried, **counts)  # fmt: skip
    assert counts == {"lost": 0, "duplicated": 0}
    assert len(fake.delivered) == AUDIENCE
