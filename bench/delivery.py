"""Targets delivery-inapp, delivery-email and memory: one Celery worker (solo pool, the product's
settings) delivers the in-app notices of a publish to 100,000, against the floor: bare UPDATEs
marking the same rows delivered, in the same batch size, from a plain Python loop; then it sends
emails (bench/mail.py); and the worker's peak memory while it delivers 100 and 100,000.

The worker starts consuming only an idle queue; each batch of work is queued in full first,
followed by a marker task, and the worker is then told to consume the queue: the time runs from
that order to the marker's run, so neither side pays for the queueing."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from hrflow.celery import app
from notifications import services
from notifications.models import Notice

from . import mail, tasks
from .measure import Result, stopwatch

ROOT = Path(__file__).resolve().parents[1]
LOGLEVEL = os.environ.get("BENCH_WORKER_LOGLEVEL", "WARNING")
QUEUE = "celery"  # where the product's delivery tasks go


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Worker:
    def __init__(self, var_dir):
        self.name = f"bench-{os.getpid()}@{socket.gethostname()}"
        self.log_path = Path(var_dir) / "worker.log"
        self.process = None

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(  # noqa: S603  (our own interpreter)
            [sys.executable, "-m", "celery", "-A", "hrflow", "worker", "--pool=solo",
             "-I", "bench.tasks", "-Q", "bench.idle", "-n", self.name, f"--loglevel={LOGLEVEL}",
             "--without-gossip", "--without-mingle"],
            # As docker-compose runs the worker: it keeps its database connections.
            cwd=ROOT, env={**os.environ, "DATABASE_CONN_MAX_AGE": "600"}, stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 120
        while not app.control.ping(destination=[self.name], timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start; see {self.log_path}")
        return self

    def reset_peak(self):
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def peak_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise RuntimeError("no VmHWM")

    def run_queued(self, count, timeout=600) -> float:
        """Let the worker consume what is queued; seconds until its delivery tasks have settled
        `count` notices (bench/tasks.py counts them in Redis). A marker task queued last is not
        enough: the Redis transport handed it over before batches queued ahead of it."""
        store = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        store.set(tasks.SETTLED, 0)
        start = time.monotonic()
        app.control.add_consumer(QUEUE, destination=[self.name], reply=True)
        deadline = start + timeout
        while int(store.get(tasks.SETTLED) or 0) < count:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"the worker did not finish; see {self.log_path}")
            time.sleep(0.005)  # a poll of the condition, not a wait standing in for it
        took = time.monotonic() - start
        app.control.cancel_consumer(QUEUE, destination=[self.name], reply=True)
        return took

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _ids_of(circular):
    return list(
        Notice.objects.filter(
            acknowledgement__object_id=circular.pk,
            acknowledgement__content_type__model=circular._meta.model_name,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _delivered(ids):
    return Notice.objects.filter(pk__in=ids, status=Notice.Status.SENT).count()


def _undeliver(ids):
    """Back to pending, untimed, so the floor marks the very rows the worker marked."""
    with connection.cursor() as cursor:
        cursor.execute(_UNDELIVER, {"ids": ids})


_UNDELIVER = """
WITH notices AS (
    UPDATE notifications_notice SET status = 'pending', sent_at = NULL, attempts = 0,
           lease_token = '', lease_until = NULL
    WHERE id = ANY(%(ids)s) RETURNING acknowledgement_id)
UPDATE notifications_acknowledgement SET delivered_at = NULL
WHERE id IN (SELECT acknowledgement_id FROM notices)
"""

# The floor, whole: per batch, the notices marked sent and their acknowledgements delivered,
# each statement committed on its own (autocommit), from a plain Python loop.
_MARK_SENT = """
UPDATE notifications_notice SET status = 'sent', sent_at = now(), lease_until = NULL
WHERE id = ANY(%s)
"""
_MARK_DELIVERED = """
UPDATE notifications_acknowledgement SET delivered_at = now()
WHERE delivered_at IS NULL
  AND id IN (SELECT acknowledgement_id FROM notifications_notice WHERE id = ANY(%s))
"""


def floor(ids, batch) -> float:
    with stopwatch() as took, connection.cursor() as cursor:
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            cursor.execute(_MARK_SENT, [chunk])
            cursor.execute(_MARK_DELIVERED, [chunk])
    return took["s"]


def run(var_dir, small, large, email_count):
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(QUEUE)  # publishing queued these
    sink = mail.SmtpSink(var_dir, free_port()).start()
    os.environ.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(sink.port), EMAIL_USE_TLS="0")
    worker = Worker(var_dir).start()
    try:
        small_ids, large_ids = _ids_of(small), _ids_of(large)
        # Small first (also the warm-up), then the large, each measured for peak memory.
        worker.reset_peak()
        services.enqueue(small_ids)
        worker.run_queued(len(small_ids))
        small_peak = worker.peak_kib()
        worker.reset_peak()
        services.enqueue(large_ids)
        delivery_s = worker.run_queued(len(large_ids))
        large_peak = worker.peak_kib()
        delivered = _delivered(large_ids)
        small_delivered = _delivered(small_ids)
        email = mail.run(worker, sink, large, email_count)
    finally:
        worker.stop()
        sink.stop()
    batch = settings.HRFLOW_DELIVERY_BATCH
    _undeliver(large_ids)
    floor_s = floor(large_ids, batch)
    floor_ok = _delivered(large_ids) == len(large_ids)
    n = len(large_ids)
    rate, floor_rate = delivered / delivery_s, n / floor_s
    delivery = Result(
        "delivery-inapp",
        rate / floor_rate,
        0.5,
        ">=",
        details={
            "notices": n,
            "delivered": delivered,
            "seconds": round(delivery_s, 3),
            "floor_seconds": round(floor_s, 3),
            "per_second": round(rate),
            "floor_per_second": round(floor_rate),
            "batch": batch,
        },
        extra_ok=delivered == n and small_delivered == len(small_ids) and floor_ok,
        why=f"{rate:,.0f} notices/s ({delivered:,}/{n:,} delivered in {delivery_s:.2f} s) vs "
        f"bare UPDATEs in batches of {batch} {floor_rate:,.0f}/s",
    )
    # Bounded: the large may cost at most 1 KiB more per extra recipient than the 100 did,
    # far less than holding a Notice with its recipient, login and document in memory.
    extra = len(large_ids) - len(small_ids)
    allowed_kib = small_peak + extra
    memory = Result(
        "memory",
        large_peak / small_peak,
        allowed_kib / small_peak,
        "<=",
        details={
            "peak_kib_at_100": small_peak,
            "peak_kib_at_big": large_peak,
            "allowed_kib": allowed_kib,
        },
        why=f"worker peak {large_peak / 1024:.0f} MiB delivering {len(large_ids):,} vs "
        f"{small_peak / 1024:.0f} MiB delivering {len(small_ids):,} "
        f"(bound {allowed_kib / 1024:.0f} MiB: +1 KiB per extra recipient)",
    )
    return delivery, email, memory
