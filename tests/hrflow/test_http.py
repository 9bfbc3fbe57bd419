import json

import pytest
from django.test import RequestFactory

from hrflow.http import client_ip


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_a_forwarded_header_is_ignored_unless_a_proxy_is_declared(settings):
    settings.HRFLOW_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("10.0.0.5", "203.0.113.9")) == "10.0.0.5"


def test_behind_one_declared_proxy_the_address_it_saw_is_recorded(settings):
    settings.HRFLOW_TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the address it really saw.
    assert client_ip(request_from("10.0.0.5", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_short_forwarded_header_falls_back_to_the_socket(settings):
    settings.HRFLOW_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.5", "203.0.113.9")) == "10.0.0.5"


def test_a_database_outage_in_a_view_answers_503_with_retry_after_not_a_server_error(rf):
    from django.db import OperationalError

    from hrflow.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    api = middleware.process_exception(rf.post("/api/me/"), OperationalError("server closed"))
    page = middleware.process_exception(rf.post("/inbox/"), OperationalError("terminating"))
    other = middleware.process_exception(rf.post("/inbox/"), ValueError("a bug"))

    assert (api.status_code, api["Retry-After"]) == (503, "5")
    detail = json.loads(api.content)["detail"]
    assert "nothing was saved" in detail or "ยังไม่ได้บันทึก" in detail
    assert page.status_code == 503
    assert other is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("statement", "saved"),
    [
        ("UPDATE hrflow_audithead SET seq = seq WHERE id = -1", True),
        ("WITH none AS (SELECT 1) UPDATE hrflow_audithead SET seq = seq WHERE id = -1", True),
        ("WITH none AS (SELECT 1 AS n) SELECT n FROM none", False),
    ],
)
def test_a_database_error_after_a_write_outside_a_transaction_says_it_was_saved(
    rf, statement, saved
):
    """The acknowledgement writes with one statement that starts with WITH and commits by
    itself: a failure after it must not answer "nothing was saved"."""
    from django.db import OperationalError, connection

    from hrflow.middleware import DatabaseUnavailableMiddleware

    def view(request):
        with connection.cursor() as cursor:
            cursor.execute(statement)
        raise OperationalError("server closed the connection")

    middleware = DatabaseUnavailableMiddleware(view)
    request = rf.post("/acknowledgements/1/")
    try:
        response = middleware(request)
    except OperationalError as error:  # what the handler passes to process_exception
        response = middleware.process_exception(request, error)

    assert response.status_code == (202 if saved else 503)
