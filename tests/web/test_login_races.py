"""The sign-in throttle holds when the guesses come all at once: through every door that checks
a password (the login page, the admin's login, the API's token endpoint), 20 tries fired together
for one login from one address get at most 5 password checks, the rest are told sign-in is
paused, and a correct password among them wipes none of their failures.

Real threads on the real database (SQLite by default, PostgreSQL in CI)."""

import threading

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from rest_framework.test import APIClient

from hrflow.models import LoginFailure
from tests.concurrency import at_once
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

IP = "203.0.113.77"
BURST = 20
PAUSED_TEXTS = ("Sign-in is paused", "ระงับการเข้าสู่ระบบชั่วคราว")


class CountingHasher(MD5PasswordHasher):
    """The personas' hasher, counting how many passwords it was asked to verify."""

    lock = threading.Lock()
    checks = 0

    def verify(self, password, encoded):
        with CountingHasher.lock:
            CountingHasher.checks += 1
        return super().verify(password, encoded)


@pytest.fixture(autouse=True)
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.web.test_login_races.CountingHasher"]
    CountingHasher.checks = 0


@pytest.fixture
def username(org):
    """The admin persona, with access to the Django admin: its login opens every door."""
    org.admin.user.is_staff = True
    org.admin.user.save(update_fields=["is_staff"])
    return org.admin.user.username


def web_login(path):
    def attempt(username, password):
        response = Client(REMOTE_ADDR=IP).post(
            path, {"username": username, "password": password, "next": "/admin/"}
        )
        if response.status_code == 302:
            return "signed in"
        page = response.content.decode()
        return "paused" if any(text in page for text in PAUSED_TEXTS) else "wrong"

    return attempt


def api_token(username, password):
    response = APIClient(REMOTE_ADDR=IP).post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )
    return {200: "signed in", 429: "paused", 400: "wrong"}.get(response.status_code, response)


DOORS = {"login page": web_login("/login/"), "admin": web_login("/admin/login/"), "api": api_token}


def burst(attempt, username, passwords):
    outcomes = at_once(len(passwords), lambda i: attempt(username, passwords[i]))
    assert all(isinstance(o, str) for o in outcomes), outcomes
    return outcomes


@pytest.mark.parametrize("door", DOORS)
def test_twenty_wrong_passwords_at_once_get_five_checks_and_the_rest_are_paused(username, door):
    outcomes = burst(DOORS[door], username, ["wrong"] * BURST)
    assert CountingHasher.checks == 5
    assert outcomes.count("wrong") == 5
    assert outcomes.count("paused") == BURST - 5
    # The right password is refused unchecked while the pause lasts.
    assert DOORS[door](username, PASSWORD) == "paused"
    assert CountingHasher.checks == 5


@pytest.mark.parametrize("door", DOORS)
def test_a_correct_password_inside_a_burst_wipes_none_of_the_wrong_ones(username, door):
    outcomes = burst(DOORS[door], username, [PASSWORD] + ["wrong"] * (BURST - 1))
    wrong, signed_in = outcomes.count("wrong"), outcomes.count("signed in")
    # The limit is on wrong passwords: the correct one may take a sixth check, no more.
    assert wrong <= 5 and signed_in <= 1
    assert CountingHasher.checks == wrong + signed_in
    assert outcomes.count("paused") == BURST - wrong - signed_in
    # Every wrong try of the burst still counts against this login and address.
    assert LoginFailure.objects.filter(username=username, ip=IP).count() == outcomes.count("wrong")
    assert not LoginFailure.objects.filter(pending=True).exists()
