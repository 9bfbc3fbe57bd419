import os

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
