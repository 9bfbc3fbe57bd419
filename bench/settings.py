"""The web server the acknowledgement benchmark talks to: HRFlow's own settings and URLs, plus
one minimal login-required view (the baseline) on the same server."""

from hrflow.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The bench's worker starts consuming the product's queue on command (add_consumer), and kombu's
# Redis transport takes a queue added in only when the BRPOP it is waiting in times out (its
# polling interval, 1 s by default): up to a second on each delivery line's clock spent before
# the first task, not delivering (0.93 s and 0.98 s in the worker's log). A worker consuming its
# queue from the start, as in production, never waits so; busy, BRPOP returns at once anyway.
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "polling_interval": 0.05}  # noqa: F405
