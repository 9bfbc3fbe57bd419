"""Targets 2 and 6: one Celery worker (solo pool, the product's settings) delivers the 10,000
in-app notices of a publish, against the same worker running one no-op task per notice; and
the worker's peak memory while it delivers 100 and 10,000.

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

from hrflow.celery import app
from notifications import services
from notifications.models import Notice

from . import tasks
from .measure import Result

ROOT = Path(__file__).resolve().parents[1]
QUEUE = "celery"  # where the product's delivery tasks go


class Worker:
    def __init__(self, var_dir):
        self.name = f"bench-{os.getpid()}@{socket.gethostname()}"
        self.log_path = Path(var_dir) / "worker.log"
        self.process = None

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(  # noqa: S603  (our own interpreter)
            [sys.executable, "-m", "celery", "-A", "hrflow", "worker", "--pool=solo",
             "-I", "bench.tasks", "-Q", "bench.idle", "-n", self.name, "--loglevel=WARNING",
             "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,
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

    def run_queued(self, timeout=300) -> float:
        """Mark the end of what is queued, let the worker consume it; seconds until the mark."""
        key = f"bench:mark:{time.monotonic_ns()}"
        tasks.mark.apply_async(args=[key], queue=QUEUE)
        store = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        start = time.time()
        app.control.add_consumer(QUEUE, destination=[self.name], reply=True)
        deadline = time.monotonic() + timeout
        while (done := store.get(key)) is None:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"the worker did not finish; see {self.log_path}")
            time.sleep(0.05)
        app.control.cancel_consumer(QUEUE, destination=[self.name], reply=True)
        return float(done) - start

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


def run(var_dir, small, large):
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(QUEUE)  # publishing queued these
    worker = Worker(var_dir).start()
    try:
        small_ids, large_ids = _ids_of(small), _ids_of(large)
        # Small first (also the warm-up), then the 10,000, each measured for peak memory.
        worker.reset_peak()
        services.enqueue(small_ids)
        worker.run_queued()
        small_peak = worker.peak_kib()
        worker.reset_peak()
        services.enqueue(large_ids)
        delivery_s = worker.run_queued()
        large_peak = worker.peak_kib()
        delivered = _delivered(large_ids)
        small_delivered = _delivered(small_ids)
        # The baseline: the same worker, one no-op task per notice.
        with app.producer_or_acquire() as producer:
            for notice_id in large_ids:
                tasks.noop.apply_async(args=[notice_id], queue=QUEUE, producer=producer)
        noop_s = worker.run_queued()
    finally:
        worker.stop()
    n = len(large_ids)
    rate, noop_rate = delivered / delivery_s, n / noop_s
    delivery = Result(
        "delivery",
        rate / noop_rate,
        1,
        ">=",
        details={
            "notices": n,
            "delivered": delivered,
            "seconds": round(delivery_s, 3),
            "noop_seconds": round(noop_s, 3),
            "per_second": round(rate),
            "noop_per_second": round(noop_rate),
            "batch": settings.HRFLOW_DELIVERY_BATCH,
        },
        extra_ok=delivered == n and small_delivered == len(small_ids),
        why=f"{rate:,.0f} notices/s ({delivered:,}/{n:,} delivered in {delivery_s:.2f} s) vs "
        f"{noop_rate:,.0f} no-op tasks/s",
    )
    # Bounded: the 10,000 may cost at most 1 KiB more per extra recipient than the 100 did,
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
            "peak_kib_at_10000": large_peak,
            "allowed_kib": allowed_kib,
        },
        why=f"worker peak {large_peak / 1024:.0f} MiB delivering {len(large_ids):,} vs "
        f"{small_peak / 1024:.0f} MiB delivering {len(small_ids):,} "
        f"(bound {allowed_kib / 1024:.0f} MiB: +1 KiB per extra recipient)",
    )
    return delivery, memory
