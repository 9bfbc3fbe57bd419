"""Item 10: the effective Celery and Redis settings that make "nothing lost, nothing doubled"
true, read from the running configuration (not restated)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from hrflow import celery as hrflow_celery
from hrflow.celery import app
from notifications import services, tasks
from notifications.models import Notice
from notifications.services import outbox

from .faults import publish_to

ROOT = Path(__file__).resolve().parents[2]


def test_a_message_is_acknowledged_only_after_its_task_ran_and_given_back_when_its_worker_dies():
    assert app.conf.task_acks_late is True
    assert tasks.deliver_notices.acks_late is True
    assert app.conf.task_reject_on_worker_lost is True


def test_a_worker_takes_one_message_at_a_time_and_outlives_a_broker_outage_of_any_length():
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_connection_max_retries is None  # 1 made the worker quit after 2 s
    assert app.conf.broker_connection_retry_on_startup is True


def test_redis_redelivers_only_after_the_longest_task_and_the_lease_outlives_a_live_task():
    limit = tasks.deliver_notices.time_limit
    assert limit == settings.HRFLOW_DELIVERY_TIME_LIMIT > 0
    assert settings.HRFLOW_REDIS_VISIBILITY_TIMEOUT > settings.HRFLOW_NOTICE_LEASE_SECONDS > limit
    if settings.CELERY_BROKER_URL.startswith("redis"):
        options = app.conf.broker_transport_options
        assert options["visibility_timeout"] == settings.HRFLOW_REDIS_VISIBILITY_TIMEOUT


def test_the_sweep_runs_often_enough_to_take_back_what_a_dead_worker_held():
    sweep = app.conf.beat_schedule["sweep-notices"]
    assert sweep["task"] == tasks.sweep.name
    assert sweep["schedule"] <= dt.timedelta(seconds=settings.HRFLOW_NOTICE_LEASE_SECONDS)


def test_publishing_tries_a_broker_once_and_never_waits_on_it():
    assert app.conf.broker_connection_timeout <= 2
    source = Path(outbox.__file__).read_text(encoding="utf-8")
    assert "with quick_producer() as producer" in source and "retry=False" in source
    producer = Path(hrflow_celery.__file__).read_text(encoding="utf-8")
    assert "ensure_connection(max_retries=1" in producer


def test_docker_compose_runs_redis_with_its_append_only_file_on():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    redis = compose.split("\n  redis:\n", 1)[1].split("\n  web:\n", 1)[0]
    command = re.search(r"command:\s*\[(.*?)\]", redis, re.S).group(1)
    words = [w.strip().strip('"') for w in command.split(",")]
    assert words[0] == "redis-server"
    assert words[words.index("--appendonly") + 1] == "yes"
    assert "redisdata:/data" in redis  # the file lives on a volume, not in the container


@pytest.mark.django_db
def test_a_message_given_back_for_ever_stops_at_hrflows_attempt_cap(org, settings):
    """reject_on_worker_lost gives a message back each time its worker dies; a notice that
    kills its worker every time is claimed at most HRFLOW_NOTICE_MAX_ATTEMPTS times, then
    the sweep marks it failed instead of handing it out again."""
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp"]
    publish_to(org, org.office)
    notice = Notice.objects.first()
    for _ in range(settings.HRFLOW_NOTICE_MAX_ATTEMPTS):
        assert [n.pk for n in services.claim([notice.pk])] == [notice.pk]
        # the worker dies mid-task: the lease runs out with the row still "sending"
        Notice.objects.filter(pk=notice.pk).update(lease_until=timezone.now())
    assert services.claim([notice.pk]) == []
    services.sweep(now=timezone.now() + dt.timedelta(seconds=1))
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (
        Notice.Status.FAILED,
        settings.HRFLOW_NOTICE_MAX_ATTEMPTS,
    )
