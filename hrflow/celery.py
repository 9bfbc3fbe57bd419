import os
from contextlib import contextmanager

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings")

app = Celery("hrflow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
@worker_ready.connect
def load_the_urls(**_kwargs):
    """Emails carry links: the URLconf is loaded as the worker starts (a prefork child, or the
    solo pool's own process), not by the first email it sends (a third of a second)."""
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018  (the property that loads every pattern)


@contextmanager
def quick_producer():
    """A producer after one quick try at the broker, not kombu's retries until the connect
    timeout: whoever published must not wait on a broker that is down. The caller logs the
    broker's error; the rows wait in the database (the sweep, or the first request, covers them)."""
    with app.producer_or_acquire() as producer:
        producer.connection.ensure_connection(max_retries=1, interval_start=0)
        yield producer
