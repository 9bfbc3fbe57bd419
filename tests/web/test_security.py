"""Security that is part of done: the deployment check, the headers every response carries,
sign-in throttling that does not lock out an office behind one address, sessions that rotate on
sign-in and end with the account, and CSRF on every form and every session-authenticated API
write."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from hrflow.models import LoginFailure
from tests.api.test_access import MATRIX
from tests.factories import PASSWORD, make_person
from tests.web.test_access import POST_STATUS, post_target, snapshot

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "HRFLOW_HTTPS": "1",
    "ALLOWED_HOSTS": "hrflow.example.go.th",
}


def manage(*args, env):
    """manage.py in a fresh process on HRFlow's own settings (not the suite's) and this env."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hrflow.settings", **env}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set in-process by the browser tests only
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deployment_check_finds_nothing_under_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "HRFLOW_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("debug", ["", "0", "off"])
def test_without_debug_a_missing_secret_key_stops_start_up_with_a_clear_message(tmp_path, debug):
    env = {**PRODUCTION_ENV, "DEBUG": debug, "SECRET_KEY": "", "HRFLOW_VAR_DIR": str(tmp_path)}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "System check identified no issues" not in result.stdout


def test_the_development_key_is_used_only_with_debug_on(tmp_path):
    env = {"DEBUG": "1", "SECRET_KEY": "", "HRFLOW_VAR_DIR": str(tmp_path)}
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)", env=env
    )
    assert result.returncode == 0, result.stderr
    assert "local-development" in result.stdout


@pytest.mark.parametrize("url", ["/login/", "/api/me/", "/no-such-page/"])
def test_every_response_carries_the_security_headers(client, db, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- sign-in throttling --------------------------------------------------------------------------


def sign_in(username, password, ip):
    client = Client(REMOTE_ADDR=ip)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response, client


def test_five_wrong_passwords_pause_that_login_from_that_address_only(org):
    username = org.employee.user.username
    for _ in range(5):
        response, _client = sign_in(username, "wrong", "203.0.113.7")
        assert response.status_code == 200
    # The right password is refused too while the pause lasts, and the page says why.
    response, client = sign_in(username, PASSWORD, "203.0.113.7")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Sign-in is paused" in page or "ระงับการเข้าสู่ระบบชั่วคราว" in page
    # A colleague behind the same office address signs in as usual …
    response, client = sign_in(org.clerk.user.username, PASSWORD, "203.0.113.7")
    assert response.status_code == 302 and client.session["_auth_user_id"]
    # … and so does the same person from another address.
    response, client = sign_in(username, PASSWORD, "198.51.100.4")
    assert response.status_code == 302


def test_an_office_full_of_typos_behind_one_address_is_not_locked_out(org):
    people = [make_person(f"staff{i}", unit=org.office) for i in range(30)]
    for person in people:
        for _ in range(2):  # everyone mistypes twice
            sign_in(person.user.username, "wrong", "203.0.113.50")
    for person in people:
        response, _client = sign_in(person.user.username, PASSWORD, "203.0.113.50")
        assert response.status_code == 302, person.user.username


def test_guessing_one_login_from_many_addresses_pauses_it_everywhere(org):
    username = org.executive.user.username
    for i in range(settings.HRFLOW_LOGIN_LIMITS[1]):
        sign_in(username, "wrong", f"192.0.2.{i + 1}")
    response, _client = sign_in(username, PASSWORD, "192.0.2.200")
    assert response.status_code == 200  # refused


def test_failures_older_than_the_window_are_forgotten(org):
    import datetime as dt

    from django.utils import timezone

    from hrflow import login_throttle

    LoginFailure.objects.create(username="old", ip="203.0.113.1")
    LoginFailure.objects.create(username="new", ip="203.0.113.1")
    later = timezone.now() + dt.timedelta(seconds=settings.HRFLOW_LOGIN_WINDOW_SECONDS + 1)
    LoginFailure.objects.filter(username="new").update(at=later)
    assert login_throttle.forget_old(now=later) == 1
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["new"]


def test_a_correct_password_after_typos_signs_in_but_wipes_no_failure(org):
    # Wiping them would give a guesser behind the same office address five more tries each
    # time the owner signs in (hrflow/login_throttle.py).
    username = org.employee.user.username
    for _ in range(4):
        sign_in(username, "wrong", "203.0.113.9")
    assert sign_in(username, PASSWORD, "203.0.113.9")[0].status_code == 302
    assert LoginFailure.objects.filter(username=username, ip="203.0.113.9").count() == 4
    sign_in(username, "wrong", "203.0.113.9")
    _response, client = sign_in(username, PASSWORD, "203.0.113.9")
    assert "_auth_user_id" not in client.session


def test_the_api_token_endpoint_answers_429_with_a_reason_while_paused(org):
    client = APIClient(REMOTE_ADDR="203.0.113.11")
    body = {"username": org.clerk.user.username, "password": "wrong"}
    for _ in range(5):
        assert client.post("/api/auth/token/", body, format="json").status_code == 400
    body["password"] = PASSWORD
    response = client.post("/api/auth/token/", body, format="json")
    assert response.status_code == 429
    assert response.json()["detail"] and int(response["Retry-After"]) > 0


def test_the_admin_login_is_throttled_too(org):
    client = Client(REMOTE_ADDR="203.0.113.12")
    body = {"username": org.admin.user.username, "password": "wrong", "next": "/admin/"}
    for _ in range(5):
        client.post("/admin/login/", body)
    body["password"] = PASSWORD
    response = client.post("/admin/login/", body)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


# --- sessions ------------------------------------------------------------------------------------


def test_the_session_key_changes_at_sign_in(org):
    client = Client()
    client.get(reverse("login"))
    session = client.session
    session["before"] = True
    session.save()
    before = session.session_key
    client.post(reverse("login"), {"username": org.employee.user.username, "password": PASSWORD})
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(org.employee.user.pk)


def test_a_deactivated_users_sessions_end_on_their_next_request(org, client):
    client.force_login(org.employee.user)
    api = APIClient()
    api.force_login(org.employee.user)
    assert client.get(reverse("notifications:inbox")).status_code == 200
    org.employee.user.is_active = False
    org.employee.user.save()
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert api.get("/api/me/").status_code == 403


# --- CSRF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", sorted(POST_STATUS))
def test_every_form_post_without_its_csrf_token_is_refused(page, org, world):
    url, data = post_target(page, world, org)
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.clerk.user)
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 403, (page, response.status_code)
    assert snapshot() == before


WRITES = [(method, path) for method, path, _body, _s in MATRIX if method != "get"]


@pytest.mark.parametrize(("method", "path"), WRITES, ids=[f"{m} {p}" for m, p in WRITES])
def test_every_session_authenticated_api_write_needs_the_csrf_token(method, path, org, world):
    url = path.format(draft=world["draft"].pk, published=world["published"].pk, ack=world["ack"].pk)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(org.clerk.user)
    before = snapshot()
    response = getattr(client, method)(url, {}, format="json")
    assert response.status_code == 403, (method, url, response.content[:200])
    assert "CSRF" in response.json()["detail"]
    assert snapshot() == before
