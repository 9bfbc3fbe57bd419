"""Signed single-person links to an acknowledgement's confirmation page (for emails)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "hrflow.acknowledgement-link"


def acknowledgement_token(ack) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"a": ack.pk, "e": ack.employee_id})


def acknowledgement_link(ack) -> str:
    path = reverse("notifications:confirm-link", args=[acknowledgement_token(ack)])
    return settings.HRFLOW_SITE_URL + path


def acknowledgement_linker():
    """acknowledgement_link for many acknowledgements (a publish's emails): the address is
    reversed once, then each person's signed token is put in its place."""
    mark = "hrflow-token-mark"
    address = settings.HRFLOW_SITE_URL + reverse("notifications:confirm-link", args=[mark])
    before, _, after = address.rpartition(mark)
    return lambda ack: before + acknowledgement_token(ack) + after


def read_token(token: str) -> dict | None:
    try:
        return signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=settings.HRFLOW_ACK_LINK_MAX_AGE
        )
    except signing.BadSignature:
        return None
