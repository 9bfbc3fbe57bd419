"""API tokens end: they are stored hashed, expire, are revoked by every sign-out and every
password change, and each person sees and revokes their own — nobody else's."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import PASSWORD

# knox and hrflow.tokens are imported inside the tests that read the token table, so the rest
# run (and fail) against code without them too.

PERSONAS = ("employee", "clerk", "executive", "auditor", "admin", "outsider")


def issue_by_api(username, password=PASSWORD):
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def opens_the_api(secret) -> bool:
    status = APIClient(HTTP_AUTHORIZATION=f"Token {secret}").get("/api/me/").status_code
    assert status in (200, 401, 403)
    return status == 200


@pytest.fixture
def hr_admin(org):
    """The admin persona with access to the Django admin, as HR sets it up."""
    org.admin.user.is_staff = True
    org.admin.user.save(update_fields=["is_staff"])
    return org.admin.user


def every_secret_and_digest():
    from knox.models import AuthToken

    return list(AuthToken.objects.values_list("digest", "token_key"))


@pytest.mark.django_db
def test_a_token_is_stored_hashed_and_expires_after_the_configured_days(org, settings):
    from knox.models import AuthToken

    settings.HRFLOW_TOKEN_TTL = dt.timedelta(days=3)
    before = timezone.now()
    body = issue_by_api("employee")
    secret = body["token"]
    row = AuthToken.objects.get(user=org.employee.user)
    assert secret not in row.digest and row.token_key == secret[:15]
    expiry = dt.datetime.fromisoformat(body["expiry"])
    assert before + dt.timedelta(days=3) <= expiry <= timezone.now() + dt.timedelta(days=3)
    assert row.expiry == expiry
    assert opens_the_api(secret)


@pytest.mark.django_db
def test_the_default_lifetime_is_thirty_days():
    from django.conf import settings

    assert settings.HRFLOW_TOKEN_TTL == dt.timedelta(days=30)


@pytest.mark.django_db
def test_an_expired_token_is_refused_and_the_refusing_get_writes_nothing(org):
    from knox.models import AuthToken

    from hrflow import tokens

    secret = issue_by_api("employee")["token"]
    AuthToken.objects.update(expiry=timezone.now() - dt.timedelta(seconds=1))
    before = every_secret_and_digest()
    response = APIClient(HTTP_AUTHORIZATION=f"Token {secret}").get("/api/me/")
    assert response.status_code in (401, 403) and response.json()["detail"]
    assert every_secret_and_digest() == before
    # The beat sweep drops it later.
    assert tokens.forget_expired() == 1 and not AuthToken.objects.exists()


@pytest.mark.django_db
def test_signing_out_of_the_web_revokes_every_token_of_the_person(org):
    mine = [issue_by_api("employee")["token"] for _ in range(2)]
    theirs = issue_by_api("clerk")["token"]
    client = Client()
    client.force_login(org.employee.user)
    assert client.post(reverse("logout")).status_code == 302
    assert not any(opens_the_api(secret) for secret in mine)
    assert opens_the_api(theirs)


@pytest.mark.django_db
def test_the_admins_logout_revokes_them_too(hr_admin):
    secret = issue_by_api("admin")["token"]
    client = Client()
    client.force_login(hr_admin)
    assert client.post("/admin/logout/").status_code in (200, 302)
    assert "_auth_user_id" not in client.session
    assert not opens_the_api(secret)


@pytest.mark.django_db
def test_the_api_logout_revokes_the_token_it_came_with_only(org):
    used, other = issue_by_api("employee")["token"], issue_by_api("employee")["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {used}")
    assert client.post("/api/auth/logout/").status_code == 204
    assert not opens_the_api(used)
    assert opens_the_api(other)
    assert client.post("/api/auth/logout/").status_code in (401, 403)


@pytest.mark.django_db
def test_the_api_logout_of_a_session_ends_the_session_and_every_token(org):
    secret = issue_by_api("employee")["token"]
    client = APIClient()
    client.force_login(org.employee.user)
    assert client.post("/api/auth/logout/").status_code == 204
    assert not opens_the_api(secret)
    assert client.get("/api/me/").status_code == 403


@pytest.mark.django_db
def test_a_password_changed_in_the_admin_revokes_every_token_of_that_person(org, hr_admin):
    secret = issue_by_api("employee")["token"]
    theirs = issue_by_api("clerk")["token"]
    client = Client()
    client.force_login(hr_admin)
    url = reverse("admin:auth_user_password_change", args=[org.employee.user.pk])
    new = "a-new-long-passphrase-2569"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302, response.content[:500]
    assert not opens_the_api(secret)
    assert opens_the_api(theirs)
    assert opens_the_api(issue_by_api("employee", new)["token"])


@pytest.mark.django_db
def test_any_password_change_through_set_password_revokes_the_tokens(org):
    secret = issue_by_api("employee")["token"]
    user = org.employee.user
    user.set_password("another-long-passphrase-2569")
    user.save()
    assert not opens_the_api(secret)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_person_sees_and_revokes_only_their_own_tokens(org, persona):
    person = getattr(org, persona)
    username = person.user.username
    mine = issue_by_api(username)["token"]
    other_name = "clerk" if persona != "clerk" else "employee"
    theirs = issue_by_api(other_name)["token"]
    my_key, their_key = mine[:15], theirs[:15]

    api = APIClient()
    api.force_login(person.user)
    listed = api.get("/api/me/tokens/").json()
    assert [row["key"] for row in listed["results"]] == [my_key]
    assert set(listed["results"][0]) == {"key", "prefix", "created", "expiry"}
    assert mine not in str(listed) and their_key not in str(listed)

    page = Client()
    page.force_login(person.user)
    html = page.get(reverse("my-tokens")).content.decode()
    assert mine[:8] in html and mine not in html and theirs[:8] not in html

    # Someone else's token is not there for me: 404, and it still works.
    assert api.delete(f"/api/me/tokens/{their_key}/").status_code == 404
    assert page.post(reverse("my-token-revoke", args=[their_key])).status_code == 404
    assert opens_the_api(theirs)

    assert page.post(reverse("my-token-revoke", args=[my_key])).status_code == 302
    assert not opens_the_api(mine)
    again = issue_by_api(username)["token"]
    assert api.delete(f"/api/me/tokens/{again[:15]}/").status_code == 204
    assert not opens_the_api(again)


@pytest.mark.django_db
def test_strangers_get_no_token_list(org):
    assert APIClient().get("/api/me/tokens/").status_code == 403
    assert APIClient().delete("/api/me/tokens/abc/").status_code == 403
    assert APIClient().post("/api/auth/logout/").status_code == 403
    response = Client().get(reverse("my-tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert Client().post(reverse("my-token-revoke", args=["abc"])).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    ['["employee"]', '"employee"', "{", '{"username": ["employee"], "password": "x"}', "null"],
)
def test_the_token_endpoint_answers_bad_bodies_with_400_and_a_detail(org, body):
    from knox.models import AuthToken

    response = APIClient().post("/api/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not AuthToken.objects.exists()


@pytest.mark.django_db
def test_the_token_endpoints_are_in_the_schema(login, org):
    schema = login(org.clerk).get("/api/schema/").content.decode()
    for path in (
        "/api/auth/token/",
        "/api/auth/logout/",
        "/api/me/tokens/",
        "/api/me/tokens/{key}/",
    ):
        assert f"{path}:" in schema
    assert "knoxApiToken" in schema or "tokenAuth" in schema


@pytest.mark.django_db
def test_the_admin_lists_nobodys_tokens(hr_admin):
    issue_by_api("employee")
    client = Client()
    client.force_login(hr_admin)
    assert "/admin/knox/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/knox/authtoken/").status_code == 404
