"""One error family (hrflow.errors) for every app's refusals, answered the same way by the API's
exception handler and by the pages' handler, whichever app raised them."""

import pytest
from django.test import RequestFactory

from hrflow.api import exception_handler
from hrflow.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from hrflow.middleware import ServiceErrorMiddleware
from notifications.errors import AcknowledgementError


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (Invalid("bad"), 400),
        (Forbidden("not yours"), 403),
        (NotFound("none"), 404),
        (Conflict("not now"), 409),
        (ServiceError("gone", 410), 410),
        (AcknowledgementError("not yours", status=403), 403),
        (AcknowledgementError("bad"), 400),
    ],
)
def test_every_refusal_carries_its_status_and_the_api_answers_it_with_a_detail(error, status):
    assert isinstance(error, ServiceError)
    assert error.status == status
    response = exception_handler(error, {})
    assert response.status_code == status
    assert response.data == {"detail": error.message}


def test_a_refusal_about_one_field_names_it_in_the_api_answer():
    error = Invalid("A subject is required.", "title")  # positional, as services raise it
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {"detail": error.message, "title": [error.message]}


def test_something_that_is_not_a_refusal_is_not_answered_as_one():
    assert exception_handler(ValueError("boom"), {}) is None


@pytest.mark.django_db
@pytest.mark.parametrize("error", [Conflict("ถูกเปลี่ยนไปแล้ว"), NotFound("ไม่พบ")])
def test_a_refusal_a_view_lets_through_is_a_page_with_its_status_and_message(error, org):
    request = RequestFactory().get("/")
    request.user = org.clerk.user
    middleware = ServiceErrorMiddleware(lambda request: None)
    response = middleware.process_exception(request, error)
    assert response.status_code == error.status
    assert error.message in response.content.decode()


def test_the_page_handler_leaves_other_errors_to_django():
    request = RequestFactory().get("/")
    assert (
        ServiceErrorMiddleware(lambda request: None).process_exception(request, ValueError("boom"))
        is None
    )
