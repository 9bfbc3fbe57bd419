"""The LINE channel against a local fake of the Messaging API (tests/notifications/fakeline.py):
linking by a one-time code through the signed webhook, pushes with a stable retry key, 429
deferred until Retry-After, 5xx retried, 400 failed at once and shown to HR, unlinking."""

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from hrflow import audit
from hrflow.models import AuditEvent
from notifications import line, services
from notifications.models import LineLink, Notice

from .fakeline import FakeLine

pytestmark = pytest.mark.django_db
SECRET = "test-channel-secret"


@pytest.fixture
def fake(settings):
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp", "line"]
    settings.HRFLOW_LINE_CHANNEL_SECRET = SECRET
    with FakeLine() as fake:
        settings.HRFLOW_LINE_CHANNEL_TOKEN = fake.token
        settings.HRFLOW_LINE_API_URL = fake.url
        yield fake


def link(person, user_id=None):
    return LineLink.objects.create(
        employee=person, line_user_id=user_id or f"U{person.pk:032x}", linked_at=timezone.now()
    )


def signed(client, payload, secret=SECRET):
    body = json.dumps(payload).encode()
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return client.post(
        reverse("notifications:line-webhook"),
        body,
        content_type="application/json",
        headers={"X-Line-Signature": signature.decode()},
    )


def text_event(text, user_id="U1234"):
    return {"events": [{"type": "message", "source": {"type": "user", "userId": user_id},
                        "message": {"type": "text", "id": "1", "text": text}}]}  # fmt: skip


def line_notices(**filters):
    return Notice.objects.filter(channel=Notice.Channel.LINE, **filters)


def send(org, *, subject="ประชุมประจำเดือน", key="k"):
    ids = services.notify(
        [org.employee.pk, org.clerk.pk], subject=subject, text="ห้องประชุม 1", link="/inbox/", key=key
    )
    return services.deliver(ids)


# --- pushes -----------------------------------------------------------------------------------


def test_a_notice_is_pushed_once_to_each_linked_person_and_marked_sent(org, fake):
    link(org.employee)
    result = send(org, subject="Dos & Don'ts <ประชุม>")

    assert line_notices().count() == 1  # the clerk has not linked LINE: no LINE notice at all
    assert result["sent"] == 3  # in-app for both, LINE for the employee
    notice = line_notices().get()
    assert (notice.recipient_id, notice.status, notice.attempts) == (
        org.employee.pk, Notice.Status.SENT, 1
    )  # fmt: skip
    [(to, key, text)] = fake.requests
    assert to == LineLink.objects.get(employee=org.employee).line_user_id
    assert key == line.retry_key(notice)
    assert text.startswith("Dos & Don'ts <ประชุม>\n\nห้องประชุม 1")
    assert django_settings.HRFLOW_SITE_URL + "/inbox/" in text


def test_publishing_makes_line_notices_only_for_people_who_linked_line(org, fake, publish):
    """Both write paths: one INSERT … SELECT on PostgreSQL, bulk_create elsewhere."""
    link(org.employee)
    publish()
    assert list(line_notices().values_list("recipient_id", flat=True)) == [org.employee.pk]
    assert Notice.objects.filter(channel="inapp").count() > 1


def test_a_429_defers_the_batch_until_retry_after_without_spending_an_attempt(org, fake):
    link(org.employee, "Uemployee")
    link(org.clerk, "Uclerk")
    fake.script = {"*": [429]}  # the first push of the batch, whoever it is for
    result = send(org)

    assert result["deferred"] >= 1
    waiting = line_notices(status=Notice.Status.SENDING)
    assert waiting.count() == 2  # the one refused and the one behind it in the batch
    assert len(fake.requests) == 1  # nothing more went out once LINE said "too many"
    for notice in waiting:
        assert notice.attempts == 0
        assert "429" in notice.last_error
        assert notice.lease_until > timezone.now() + dt.timedelta(seconds=1)
    # Before Retry-After has passed nothing is taken again; after it, the sweep's claim is.
    assert services.deliver(list(waiting.values_list("pk", flat=True)))["claimed"] == 0
    waiting.update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    services.deliver(list(line_notices().values_list("pk", flat=True)))
    assert set(line_notices().values_list("status", flat=True)) == {Notice.Status.SENT}
    assert sorted(to for to, _ in fake.delivered) == ["Uclerk", "Uemployee"]


def test_a_500_is_retried_with_the_same_retry_key_and_delivered_once(org, fake):
    link(org.employee, "Uemployee")
    fake.script = {"Uemployee": [500]}
    send(org)

    notice = line_notices().get()
    assert (notice.status, notice.attempts) == (Notice.Status.PENDING, 1)
    assert "500" in notice.last_error
    services.deliver([notice.pk])
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.SENT, 2)
    keys = {key for _, key, _ in fake.requests}
    assert keys == {line.retry_key(notice)} and len(fake.requests) == 2
    assert len(fake.delivered) == 1


def test_a_push_line_already_accepted_is_not_delivered_twice(org, fake):
    """A worker killed after LINE accepted, before the row was marked: the retry is a 409."""
    link(org.employee, "Uemployee")
    ids = services.notify([org.employee.pk], subject="s", key="k")
    notice = line_notices().get()
    line.LineChannel().push(notice, "Uemployee")  # the push of the killed worker
    services.deliver(ids)

    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT
    assert len(fake.delivered) == 1


def test_a_400_fails_the_notice_at_once_and_shows_it_to_hr(org, fake):
    link(org.employee, "Uemployee")
    fake.script = {"Uemployee": [400]}
    send(org)

    notice = line_notices().get()
    assert (notice.status, notice.attempts) == (Notice.Status.FAILED, 1)
    assert "400" in notice.last_error
    event = AuditEvent.objects.get(kind=audit.Kind.NOTICE_FAILED)
    assert event.data["notice"] == notice.pk and "400" in event.data["error"]


def test_an_unreachable_line_api_is_retried(org, fake, settings):
    link(org.employee)
    settings.HRFLOW_LINE_API_URL = "http://127.0.0.1:9"
    send(org)
    notice = line_notices().get()
    assert (notice.status, notice.attempts) == (Notice.Status.PENDING, 1)


# --- linking ----------------------------------------------------------------------------------


def test_a_person_links_line_by_sending_the_code_to_the_official_account(org, fake, as_, client):
    page = as_(org.employee).get(reverse("notifications:my-line"))
    assert page.status_code == 200 and not LineLink.objects.exists()  # GET writes nothing
    as_(org.employee).post(reverse("notifications:my-line-code"))
    code = LineLink.objects.get(employee=org.employee).code
    assert code and code in as_(org.employee).get(reverse("notifications:my-line")).text

    response = signed(client, text_event(f" {code.lower()} ", user_id="Uabc"))
    assert response.status_code == 200 and response.json() == {"linked": 1}
    mine = LineLink.objects.get(employee=org.employee)
    assert (mine.line_user_id, mine.code) == ("Uabc", None)
    # The code is spent: sending it again links nobody.
    assert signed(client, text_event(code, user_id="Uother")).json() == {"linked": 0}


def test_the_webhook_refuses_a_wrong_signature_and_links_nobody(org, fake, client):
    code = line.line_link_code(org.employee).code
    response = signed(client, text_event(code), secret="not-the-secret")
    assert response.status_code == 403 and "detail" in response.json()
    unsigned = client.post(
        reverse("notifications:line-webhook"), json.dumps(text_event(code)), "application/json"
    )
    assert unsigned.status_code == 403
    assert not LineLink.objects.exclude(line_user_id="").exists()


def test_an_expired_code_links_nobody(org, fake, client):
    code = line.line_link_code(org.employee).code
    LineLink.objects.update(code_expires=timezone.now() - dt.timedelta(seconds=1))
    assert signed(client, text_event(code)).json() == {"linked": 0}


def test_a_person_unlinks_on_the_page_and_in_the_api(org, fake, as_):
    link(org.employee)
    assert as_(org.employee).get(reverse("api-me-line")).json()["linked"] is True
    response = as_(org.employee).post(reverse("notifications:my-line-unlink"))
    assert response.status_code == 302
    assert not LineLink.objects.get(employee=org.employee).is_linked
    assert as_(org.employee).post(reverse("notifications:my-line-unlink")).status_code == 404
    assert send(org)["sent"] == 2 and not line_notices().exists()  # in-app only now

    link_code = as_(org.clerk).post(reverse("api-me-line"))
    assert link_code.status_code == 200 and link_code.json()["code"]
    LineLink.objects.filter(employee=org.clerk).update(line_user_id="Uclerk")
    assert as_(org.clerk).delete(reverse("api-me-line")).json()["linked"] is False
    assert as_(org.clerk).delete(reverse("api-me-line")).status_code == 404


def test_the_line_pages_and_api_need_a_login(org, as_):
    anonymous = as_(None)
    assert anonymous.get(reverse("notifications:my-line")).status_code == 302
    assert anonymous.post(reverse("notifications:my-line-code")).status_code in (302, 403)
    assert anonymous.get(reverse("api-me-line")).status_code in (401, 403)
    assert not LineLink.objects.exists()


# --- settings ---------------------------------------------------------------------------------


def check(**env):
    env = {**os.environ, "DEBUG": "1", **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_an_unknown_channel_stops_start_up_with_a_clear_error():
    run = check(HRFLOW_NOTICE_CHANNELS="inapp,sms")
    assert run.returncode != 0
    assert "HRFLOW_NOTICE_CHANNELS names unknown channel(s) sms" in run.stderr


def test_the_line_channel_without_its_token_and_secret_stops_start_up():
    run = check(HRFLOW_NOTICE_CHANNELS="inapp,line", HRFLOW_LINE_CHANNEL_TOKEN="")
    assert run.returncode != 0
    assert "set HRFLOW_LINE_CHANNEL_TOKEN and HRFLOW_LINE_CHANNEL_SECRET" in run.stderr
    configured = check(HRFLOW_NOTICE_CHANNELS="inapp,line", HRFLOW_LINE_CHANNEL_TOKEN="t",
                       HRFLOW_LINE_CHANNEL_SECRET="s")  # fmt: skip
    assert configured.returncode == 0, configured.stderr


# --- access, for every role -------------------------------------------------------------------

# Each person manages only their own link (no id in any URL); the auditor changes nothing, not
# even this; anonymous is sent to the login page (the API: 403). The webhook answers 403 to
# anyone without LINE's signature, whoever is signed in.
ACCESS = {
    # role: (GET page, POST code, POST unlink, GET api, POST api, DELETE api, webhook)
    "anonymous": (302, 302, 302, 403, 403, 403, 403),
    "employee": (200, 302, 302, 200, 200, 200, 403),
    "clerk": (200, 302, 302, 200, 200, 200, 403),
    "executive": (200, 302, 302, 200, 200, 200, 403),
    "head": (200, 302, 302, 200, 200, 200, 403),
    "outsider": (200, 302, 302, 200, 200, 200, 403),
    "admin": (200, 302, 302, 200, 200, 200, 403),
    "auditor": (200, 403, 403, 200, 403, 403, 403),
}


@pytest.mark.parametrize("role", ACCESS)
def test_each_role_reaches_only_its_own_line_link(org, fake, as_, role):
    persona = None if role == "anonymous" else getattr(org, role)
    others = LineLink.objects.create(employee=org.outsider if role != "outsider" else org.clerk)
    others.line_user_id = "Uother"
    others.save()

    def relink():
        if persona is not None:
            LineLink.objects.update_or_create(employee=persona, defaults={"line_user_id": "Ume"})

    client = as_(persona)
    statuses = [client.get(reverse("notifications:my-line")).status_code]
    statuses.append(client.post(reverse("notifications:my-line-code")).status_code)
    relink()
    statuses.append(client.post(reverse("notifications:my-line-unlink")).status_code)
    statuses.append(client.get(reverse("api-me-line")).status_code)
    statuses.append(client.post(reverse("api-me-line")).status_code)
    relink()
    statuses.append(client.delete(reverse("api-me-line")).status_code)
    statuses.append(signed(client, text_event("X"), secret="forged").status_code)

    assert tuple(statuses) == ACCESS[role]
    others.refresh_from_db()
    assert others.line_user_id == "Uother"  # nobody reaches another person's link
