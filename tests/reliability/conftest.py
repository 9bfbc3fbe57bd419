"""Fault injection on real services: private Redis and PostgreSQL servers and real
`celery -A hrflow worker` subprocesses, never the shared servers.

HRFLOW_CHAOS_RUNS (default 1) repeats each fault; HRFLOW_CHAOS_FULL=1 uses the issue's sizes
(5,000 recipients) instead of the short CI sizes. `make chaos` sets both."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from hrflow.celery import app
from tests.conftest import service_missing

from . import servers
from .faults import people  # noqa: F401  (the tests import it from here)

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("HRFLOW_CHAOS_RUNS", "1"))
FULL = os.environ.get("HRFLOW_CHAOS_FULL", "") in {"1", "true", "yes"}


def pytest_generate_tests(metafunc):
    if "run" in metafunc.fixturenames:
        metafunc.parametrize("run", range(1, RUNS + 1), ids=lambda n: f"run{n}")


def wait_until(condition, *, timeout=120, what="the workers"):
    """Poll a condition until it holds; fail with a message when the deadline passes."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def redis_server():
    """redis_server(appendonly=…) → a started private Redis, removed at the end of the test."""
    if not servers.redis_available():
        service_missing("needs the redis-server binary")
    started = []

    def start(**options):
        started.append(servers.RedisServer(**options).start())
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.fixture(scope="session")
def pg_cluster():
    if not servers.postgres_available():
        service_missing("needs PostgreSQL's initdb and pg_ctl")
    cluster = servers.PostgresCluster().init().start()
    yield cluster
    cluster.close()


@contextmanager
def broker(url):
    """Point this process's Celery app (what publishing enqueues to) at `url`."""
    # Celery reads CELERY_BROKER_URL from the environment before conf.broker_url, so the write
    # URL is the override that wins whatever the environment says.
    configured = app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url

    def point_at(url, write_url, read_url):
        app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url = (
            url, write_url, read_url,
        )  # fmt: skip
        app._pool = None  # the pools hold connections to the old URL
        app.amqp._producer_pool = None

    point_at(url, url, url)
    try:
        yield
    finally:
        point_at(*configured)


def worker_database_url() -> str:
    if connection.vendor != "postgresql":
        service_missing("needs PostgreSQL: set DATABASE_URL=postgres://…")
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgres://{s['USER']}{password}@{host}:{port}/{s['NAME']}"


class Worker:
    """A real `celery -A hrflow worker` in its own process group (SIGKILL takes its pool
    children and embedded beat with it, like a container that is killed)."""

    def __init__(self, *, broker_url, database_url, mail_log, beat=False, name="w", env=None):
        self.dir = tempfile.mkdtemp(prefix="hrflow-chaos-worker-")
        self.args = [
            sys.executable, "-m", "celery", "-A", "hrflow", "worker", "--pool=prefork",
            "--concurrency=1", "--loglevel=WARNING", "-n", f"{name}-{os.getpid()}@%h",
            "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        if beat:
            self.args += ["--beat", f"--schedule={self.dir}/beat-schedule"]
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "hrflow.settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "HRFLOW_VAR_DIR": self.dir,
            "EMAIL_BACKEND": "tests.reliability.mailsink.EmailBackend",
            "HRFLOW_CHAOS_MAIL_LOG": str(mail_log),
            "HRFLOW_NOTICE_CHANNELS": "inapp,email",
            "LOG_LEVEL": "WARNING",
            **(env or {}),
        }
        self.process = None

    def start(self):
        log = open(os.path.join(self.dir, "worker.log"), "ab")
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        return self

    @property
    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """SIGKILL the worker and everything it started."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=30)

    def log(self, tail=8000) -> str:
        with open(os.path.join(self.dir, "worker.log"), encoding="utf-8", errors="replace") as f:
            return f.read()[-tail:] if tail else f.read()

    def close(self):
        self.kill()
        if not os.environ.get("HRFLOW_CHAOS_KEEP_LOGS"):
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def workers(transactional_db, tmp_path):
    """workers(broker_url, beat=…, env=…) → a started worker on the test database; all are
    killed before the test database is flushed."""
    started = []
    database_url = worker_database_url()

    def start(broker_url, **options):
        worker = Worker(
            broker_url=broker_url, database_url=database_url,
            mail_log=tmp_path / "mail.log", name=f"w{len(started)}", **options,
        ).start()  # fmt: skip
        started.append(worker)
        return worker

    start.mail_log = tmp_path / "mail.log"
    yield start
    for worker in started:
        worker.close()
