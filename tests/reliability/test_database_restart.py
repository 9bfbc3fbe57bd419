"""Item 4: PostgreSQL restarted during a burst of acknowledgements.

A private cluster serves a real gunicorn running HRFlow; 16 clients acknowledge over the API
with their tokens while the cluster is restarted under them. Every acknowledgement that got a
2xx must be stored, each with exactly one audit event (no acknowledgement without its event,
no event without its acknowledgement), and the chain must verify."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pytest

from . import servers
from .conftest import FULL, ROOT, wait_until
from .measure import record

pytestmark = [pytest.mark.chaos]

ACKS = 1200 if FULL else 300
CLIENTS = 16


def env_for(cluster, var_dir):
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "hrflow.settings",
        "DATABASE_URL": cluster.url(),
        "CELERY_BROKER_URL": "filesystem://",
        "HRFLOW_VAR_DIR": var_dir,
        "HRFLOW_NOTICE_CHANNELS": "inapp",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
    }


@pytest.fixture(scope="module")
def app_database(pg_cluster):
    """The private cluster with HRFlow's schema, and the environment that points at it."""
    pg_cluster.createdb()
    var_dir = tempfile.mkdtemp(prefix="hrflow-chaos-app-")
    env = env_for(pg_cluster, var_dir)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True, timeout=300)  # fmt: skip
    yield pg_cluster, env
    shutil.rmtree(var_dir, ignore_errors=True)


def remote(env, *args, stdin=None):
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.remote", *map(str, args)],
        cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def web(app_database):
    _cluster, env = app_database
    port = servers.free_port()
    log = open(os.path.join(env["HRFLOW_VAR_DIR"], "gunicorn.log"), "ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "hrflow.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--threads", "8", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    log.close()
    servers.wait_for(lambda: servers.listening(port), timeout=60, what="gunicorn")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


def acknowledge(base, ack_id, token):
    request = urllib.request.Request(  # noqa: S310  (our own gunicorn over http)
        f"{base}/api/me/acknowledgements/{ack_id}/",
        method="POST",
        headers={"Authorization": f"Token {token}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def test_postgresql_restarted_during_a_burst_of_acknowledgements_keeps_every_2xx(
    app_database, web, run
):
    cluster, env = app_database
    seeded = remote(env, "seed", run, ACKS)
    work = seeded["acks"]
    answers, lock = [], threading.Lock()  # (ack id, status, monotonic time)

    def client(mine):
        for ack_id, token in mine:
            for _attempt in range(200):
                status = acknowledge(web, ack_id, token)
                with lock:
                    answers.append((ack_id, status, time.monotonic()))
                if 200 <= status < 300:
                    break
                time.sleep(0.05)  # the person presses again a moment later

    threads = [threading.Thread(target=client, args=(work[i::CLIENTS],)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    ok = lambda: sum(1 for _, s, _t in answers if 200 <= s < 300)  # noqa: E731
    wait_until(lambda: ok() >= ACKS // 4, what="the burst to get going", timeout=120)
    down = time.monotonic()
    cluster.restart("fast")
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)

    succeeded = {ack for ack, status, _ in answers if 200 <= status < 300}
    refused = [status for _, status, _ in answers if not 200 <= status < 300]
    # Recovery: from the restart to the first success after the last refusal.
    last_refusal = max((t for _, s, t in answers if not 200 <= s < 300), default=down)
    after = [t for _, s, t in answers if 200 <= s < 300 and t > last_refusal]
    recovery = (min(after) - down) if after else None
    stored = remote(env, "check", stdin=json.dumps([a for a, _ in work]))
    stored_ids = set(stored["stored"])
    events = {int(k): n for k, n in stored["events"].items()}
    lost = len(succeeded - stored_ids)
    partial = len(stored_ids ^ set(events))
    duplicated = sum(n - 1 for n in events.values())
    record("PostgreSQL restarted during acknowledgements", lost=lost + partial,
           duplicated=duplicated, recovery=recovery, acks=ACKS,
           refused=len(refused), refused_statuses=sorted(set(refused)))  # fmt: skip
    assert refused, "the restart did not reach any request: the fault was not injected"
    assert (lost, partial, duplicated) == (0, 0, 0)
    assert succeeded == stored_ids == {a for a, _ in work}
    assert stored["verified"]
    assert 500 not in refused, "a database restart must answer 503, not a server error"
