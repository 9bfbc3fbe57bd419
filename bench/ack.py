"""Target 3: the acknowledgement POST (the inbox's รับทราบ button: session, CSRF, the audit
event, notices read) under 32 concurrent clients against gunicorn as deployed
(gunicorn.conf.py), against a minimal login-required view on the same server with the same
sessions. Ten short rounds, each
the baseline then the acknowledgements; the ratio is the median round's."""

import http.client
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from hrflow.models import AuditEvent, Employee
from notifications.models import Acknowledgement

from .delivery import ROOT
from .measure import Result

CLIENTS = 32
ROUNDS = 10


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, var_dir):
        self.port = free_port()
        self.log_path = Path(var_dir) / "gunicorn.log"

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(  # noqa: S603  (our own interpreter)
            # gunicorn.conf.py (read from ROOT) as in production; connections kept, as
            # docker-compose's web service runs it.
            [sys.executable, "-m", "gunicorn", "hrflow.wsgi:application", "--bind",
             f"127.0.0.1:{self.port}"],
            cwd=ROOT, env={**os.environ, "DATABASE_CONN_MAX_AGE": "600"}, stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/login/")
                conn.getresponse().read()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start; see {self.log_path}") from None
                time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def sessions_for(user_ids):
    """A signed-in session per login, written in bulk; {user id: session key}."""
    from django.contrib.auth import get_user_model

    backend = settings.AUTHENTICATION_BACKENDS[0]
    keys, rows = {}, []
    for user in get_user_model().objects.filter(pk__in=user_ids):
        store = SessionStore()
        key = store._get_new_session_key()
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend,
                HASH_SESSION_KEY: user.get_session_auth_hash()}  # fmt: skip
        rows.append(Session(session_key=key, session_data=store.encode(data),
                            expire_date=store.get_expiry_date()))  # fmt: skip
        keys[user.pk] = key
    Session.objects.bulk_create(rows)
    return keys


def hammer(port, work, method):
    """`work`: (path, session key) per request, spread over CLIENTS threads, each with its own
    keep-alive connection. Returns (seconds, [(status, seconds)])."""
    csrf = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")
    answers, lock = [], threading.Lock()

    def client(mine):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for path, session in mine:
            headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "Host": "localhost"}
            body = None
            if method == "POST":
                body = f"csrfmiddlewaretoken={csrf}"
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            with lock:
                answers.append((status, time.perf_counter() - start))
        conn.close()

    return on_clients(client, work), answers


def on_clients(client, work) -> float:
    """Run `client(share)` on CLIENTS threads at once, `work` dealt out between them; seconds."""
    threads = [threading.Thread(target=client, args=(work[i::CLIENTS],)) for i in range(CLIENTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def client_details(rounds, requests_per_round, rps, base_rps, latencies) -> dict:
    """What a line driven by CLIENTS against a floor (acknowledge, public-pdf) reports of its
    rounds: (ratio, …) each, the median round's throughputs and latencies."""
    return {
        "clients": CLIENTS,
        "requests_per_round": requests_per_round,
        "rounds": len(rounds),
        "ratios": [round(r[0], 3) for r in rounds],
        "rps": round(rps, 1),
        "baseline_rps": round(base_rps, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
    }


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def run(var_dir, circular, per_round):
    acks = list(
        Acknowledgement.objects.for_document(circular)
        .filter(version=circular.version, acknowledged_at__isnull=True)
        .order_by("pk")[: per_round * ROUNDS + CLIENTS]
    )
    users = dict(Employee.objects.filter(pk__in=[a.employee_id for a in acks])
                 .values_list("pk", "user_id"))  # fmt: skip
    keys = sessions_for(users.values())
    session_of = {ack.pk: keys[users[ack.employee_id]] for ack in acks}
    warm, acks = acks[:CLIENTS], acks[CLIENTS:]
    # A small run (--tiny, BENCH_SCALE) has fewer people than rounds × per_round: smaller rounds.
    per_round = min(per_round, len(acks) // ROUNDS)
    if per_round < CLIENTS:
        raise SystemExit(f"acknowledge needs {CLIENTS * (ROUNDS + 1)} recipients, has {len(acks)}")
    events_before = AuditEvent.objects.count()
    server = Gunicorn(var_dir).start()
    rounds = []
    try:
        hammer(server.port, [("/bench/minimal/", session_of[a.pk]) for a in warm], "GET")
        hammer(server.port, [(f"/acknowledgements/{a.pk}/", session_of[a.pk]) for a in warm],
               "POST")  # fmt: skip
        for n in range(ROUNDS):
            mine = acks[n * per_round : (n + 1) * per_round]
            base_s, base = hammer(
                server.port, [("/bench/minimal/", session_of[a.pk]) for a in mine], "GET"
            )
            ack_s, answers = hammer(
                server.port, [(f"/acknowledgements/{a.pk}/", session_of[a.pk]) for a in mine],
                "POST",
            )  # fmt: skip
            rounds.append((len(mine) / ack_s / (len(mine) / base_s), base_s, ack_s, base, answers))
    finally:
        server.stop()
    ratio, base_s, ack_s, base, answers = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
    all_answers = [a for r in rounds for a in r[4]]
    errors = sum(1 for status, _s in all_answers if status != 302)
    base_errors = sum(1 for r in rounds for status, _s in r[3] if status != 200)
    posted = [a.pk for a in acks[: per_round * ROUNDS]] + [a.pk for a in warm]
    stored = Acknowledgement.objects.filter(pk__in=posted, acknowledged_at__isnull=False).count()
    events = AuditEvent.objects.count() - events_before
    lost = len(posted) - stored
    latencies = [s for _status, s in answers]
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    b50, b99 = (percentile([s for _st, s in base], p) for p in (50, 99))
    rps, base_rps = len(answers) / ack_s, len(base) / base_s
    return Result(
        "acknowledge",
        ratio,
        0.7,  # issue 19 (was 0.5)
        ">=",
        details={
            **client_details(rounds, per_round, rps, base_rps, latencies),
            "baseline_p50_ms": round(b50 * 1000, 1),
            "baseline_p99_ms": round(b99 * 1000, 1),
            "errors": errors,
            "baseline_errors": base_errors,
            "lost": lost,
            "audit_events": events,
            "posted": len(posted),
        },
        extra_ok=errors == 0 and lost == 0 and events == len(posted) and base_errors == 0,
        why=f"{rps:.0f} req/s p50 {p50 * 1000:.0f} ms p99 {p99 * 1000:.0f} ms vs minimal view "
        f"{base_rps:.0f} req/s p50 {b50 * 1000:.0f} ms p99 {b99 * 1000:.0f} ms; {errors} errors, "
        f"{lost} lost, {events} audit events for {len(posted)} acknowledgements; rounds "
        + " ".join(f"{r[0]:.2f}" for r in rounds),
    )
