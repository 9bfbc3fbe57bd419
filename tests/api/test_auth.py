"""Who gets in: token and session authentication, the schema, and JSON errors everywhere."""

import pytest
from django.core.management import call_command
from knox.models import AuthToken
from rest_framework.test import APIClient

from hrflow import tokens
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_a_token_is_issued_for_good_credentials_and_opens_the_api(org):
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": "employee", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert AuthToken.objects.get(token_key=token[:15]).user == org.employee.user

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "employee"


@pytest.mark.django_db
def test_asking_twice_for_a_token_gives_two_tokens_that_both_work(org):
    client = APIClient()
    body = {"username": "clerk", "password": PASSWORD}
    first = client.post("/api/auth/token/", body, format="json").json()["token"]
    second = client.post("/api/auth/token/", body, format="json").json()["token"]
    assert first != second
    assert AuthToken.objects.filter(user=org.clerk.user).count() == 2
    for token in (first, second):
        assert APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/me/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"username": "employee", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "employee"},
        {},
    ],
)
def test_bad_credentials_get_400_with_a_detail_and_no_token(org, body):
    response = APIClient().post("/api/auth/token/", body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not AuthToken.objects.exists()


@pytest.mark.django_db
def test_a_deactivated_user_gets_no_token_and_their_old_token_stops_working(org):
    _token, secret = tokens.issue(org.employee.user)
    org.employee.user.is_active = False
    org.employee.user.save()
    response = APIClient().post(
        "/api/auth/token/", {"username": "employee", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get("/api/me/").status_code in (401, 403)


@pytest.mark.django_db
def test_a_session_login_works_for_the_api_too(org):
    client = APIClient()
    assert client.login(username="auditor", password=PASSWORD)
    assert client.get("/api/me/").json()["roles"] == ["auditor"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/me/",
        "/api/me/notices/",
        "/api/me/acknowledgements/",
        "/api/circulars/",
        "/api/circulars/1/",
        "/api/circulars/1/history/",
    ],
)
def test_anonymous_requests_get_a_json_403_not_a_redirect_to_the_login_page(org, url):
    response = APIClient().get(url)
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_the_schema_and_the_docs_are_not_shown_to_anonymous_visitors(org, url):
    response = APIClient().get(url)
    assert response.status_code == 403
    assert b"/api/circulars/" not in response.content


@pytest.mark.django_db
def test_a_wrong_token_is_refused_with_a_detail(org):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/me/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"]


@pytest.mark.django_db
def test_an_unknown_api_url_answers_404_in_json(login, org):
    response = login(org.employee).get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.django_db
def test_the_schema_and_the_docs_are_served_to_a_logged_in_user(login, org):
    client = login(org.clerk)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/circulars/{id}/transitions/{name}/" in schema.content
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_the_schema_generates_without_warnings_or_errors(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert "/api/me/acknowledgements/{id}/" in (tmp_path / "schema.yml").read_text()
