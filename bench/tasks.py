"""Tasks only the benchmark's worker loads (`celery -A hrflow worker -I bench.tasks`)."""

import time

import redis
from celery import shared_task
from django.conf import settings


@shared_task(acks_late=True, ignore_result=True)
def noop(notice_id):
    """The baseline of delivery: one task per notice that does nothing."""


@shared_task(acks_late=True, ignore_result=True)
def mark(key):
    """Runs after every task queued before it (one solo worker, prefetch 1): records when."""
    redis.Redis.from_url(settings.CELERY_BROKER_URL).set(key, repr(time.time()), ex=3600)
