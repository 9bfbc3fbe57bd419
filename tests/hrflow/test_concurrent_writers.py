"""Issue 14 item 16: the `make run` default (SQLite and the filesystem broker) serves a burst of
writers while its worker is busy — no 503, and every answer says what the database holds.

A real `celery -A hrflow worker` subprocess delivers a large fan-out on the test database (a
file: the worker is another process) while 16 executives' publishes and 20 acknowledgements
arrive at the live server at once, over HTTP. It runs on whatever the suite is pointed at, so CI
proves it on SQLite and on PostgreSQL+Redis."""

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection, transaction
from django.test import Client

from circulars import services as circular_services
from circulars.models import Circular
from hrflow.celery import app
from notifications.models import Acknowledgement, Notice
from tests.concurrency import at_once
from tests.factories import bulk_people, make_person
from tests.reliability.conftest import Worker
from workflows import services
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.django_db(transaction=True)

CSRF = "c" * 32  # an unmasked CSRF secret: the cookie and the header carry the same value


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgres://{s['USER']}{password}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A worker process like `make run`'s, on this test's database and broker (the filesystem
    broker's folders are under VAR_DIR, so it shares this process's)."""
    app.control.purge()
    started = Worker(
        broker_url=settings.CELERY_BROKER_URL, database_url=database_url(),
        mail_log=tmp_path / "mail.log", env={"HRFLOW_VAR_DIR": str(settings.VAR_DIR)},
    ).start()  # fmt: skip
    yield started
    started.close()
    app.control.purge()


def wait_until(condition, *, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def post(url, session, *, accept="text/html"):
    """POST over HTTP as the session's person; (status, body) — redirects are not followed, a
    redirect is the page's answer."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(  # noqa: S310  (the live server's own http:// URL)
        url,
        data=b"",
        method="POST",
        headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; "
            f"{settings.CSRF_COOKIE_NAME}={CSRF}; {settings.LANGUAGE_COOKIE_NAME}=en",
            "X-CSRFToken": CSRF,
            "Referer": url,
            "Accept": accept,
        },
    )
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode()


def approved_circular(org, unit):
    circular = circular_services.circular_create(
        by=org.clerk.user, title=f"ประกาศถึง {unit.name}", audience=[{"kind": "unit", "id": unit.pk}]
    )
    services.apply_transition(circular, "submit", by=org.clerk.user)
    return services.apply_transition(circular, "approve", by=org.executive.user)


def test_a_burst_of_publishes_and_acknowledgements_beside_a_busy_worker_all_succeed_truthfully(
    org, live_server, worker
):
    # Sixteen executives of the office, each publishing one approved circular to 20 staff.
    executives = [
        make_person(f"exec{n}", roles=["employee", "executive"], unit=org.office) for n in range(16)
    ]
    to_publish = [approved_circular(org, bulk_people(20, prefix=f"u{n}-")) for n in range(16)]
    # Twenty people with a published circular to acknowledge.
    readers = bulk_people(20, prefix="reader")
    read_me = services.apply_transition(
        approved_circular(org, readers), "publish", by=org.executive.user
    )
    acks = list(Acknowledgement.objects.for_document(read_me).select_related("employee__user"))
    # The worker is kept busy by a large fan-out while the burst arrives.
    busy = services.apply_transition(
        approved_circular(org, bulk_people(300, prefix="busy")), "publish", by=org.executive.user
    )
    wait_until(
        lambda: Notice.objects.filter(status=Notice.Status.SENT).exists(),
        timeout=120,
        what=f"the worker to start delivering\n{worker.log()}",
    )

    publishes = [
        (f"{live_server.url}/circulars/{c.pk}/transitions/publish/", session_of(e.user))
        for c, e in zip(to_publish, executives, strict=True)
    ]
    acknowledgements = [
        (f"{live_server.url}/api/me/acknowledgements/{a.pk}/", session_of(a.employee.user))
        for a in acks
    ]
    requests = publishes + acknowledgements
    answers = at_once(
        len(requests),
        lambda i: post(*requests[i], accept="application/json" if i >= 16 else "text/html"),
    )

    assert all(not isinstance(a, Exception) for a in answers), answers
    failed = [(i, a) for i, a in enumerate(answers) if not 200 <= a[0] < 400]
    assert failed == [], f"{len(failed)} of {len(answers)} failed: {failed}"
    # Every answer is true: each publish said done and is published once; each acknowledgement
    # said when, and that is the time recorded.
    circular_type = ContentType.objects.get_for_model(Circular)
    for circular in to_publish:
        circular.refresh_from_db()
        assert circular.state == State.PUBLISHED
        assert (
            TransitionLog.objects.filter(
                content_type=circular_type, object_id=circular.pk, transition="publish"
            ).count()
            == 1
        )
    for ack, (status, body) in zip(acks, answers[16:], strict=True):
        ack.refresh_from_db()
        assert status == 200 and ack.acknowledged_at is not None
        assert json.loads(body)["acknowledged_at"] is not None
    # And the worker delivered everything, the burst's notices included.
    expected = 2 * (16 * 20 + 20 + 300)
    # (Besides the announcements, each submit told its approvers: those must be sent too.)
    wait_until(
        lambda: (
            Notice.objects.filter(status=Notice.Status.SENT)
            .exclude(kind=Notice.Kind.MESSAGE)
            .count()
            == expected
            and not Notice.objects.exclude(status=Notice.Status.SENT).exists()
        ),
        timeout=240,
        what=f"{expected} notices delivered\n{worker.log()}",
    )
    assert busy.state == State.PUBLISHED


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
def test_a_database_error_after_the_step_committed_never_answers_that_nothing_was_saved(
    org, as_, api
):
    circular = approved_circular(org, org.office)
    committed, failed = [], []

    def lock_after_the_commit(execute, sql, params, many, context):
        """The database refuses the first read after the publish committed (a lock that timed
        out, a restart), as on a busy `make run`."""
        if committed and not failed and sql.lstrip().upper().startswith("SELECT"):
            failed.append(sql)
            raise OperationalError("database is locked")
        if sql.lstrip().upper().startswith("INSERT") and "transitionlog" in sql.lower():
            transaction.on_commit(lambda: committed.append(True))
        return execute(sql, params, many, context)

    client = as_(org.executive)
    url = (
        f"/api/circulars/{circular.pk}/transitions/publish/"
        if api
        else f"/circulars/{circular.pk}/transitions/publish/"
    )
    with connection.execute_wrapper(lock_after_the_commit):
        response = client.post(url, {}, **({"content_type": "application/json"} if api else {}))

    assert failed, "the injected fault never fired"
    circular.refresh_from_db()
    assert circular.state == State.PUBLISHED
    body = response.content.decode()
    assert response.status_code == 202, (response.status_code, body)
    assert "nothing was saved" not in body and "saved" in body
