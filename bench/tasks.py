"""What only the benchmark's worker loads (`celery -A hrflow worker -I bench.tasks`): after each
delivery task, the notices it settled (sent or failed) are added to a Redis counter, so the bench
waits on a cheap read instead of counting rows in the database it is measuring."""

import redis
from celery.signals import task_postrun
from django.conf import settings

SETTLED = "bench:settled"


@task_postrun.connect
def count_settled(sender=None, retval=None, **_kwargs):
    if getattr(sender, "name", "") == "notifications.tasks.deliver_notices" and isinstance(
        retval, dict
    ):
        settled = retval.get("sent", 0) + retval.get("failed", 0)
        redis.Redis.from_url(settings.CELERY_BROKER_URL).incrby(SETTLED, settled)
