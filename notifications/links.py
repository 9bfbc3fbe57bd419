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


def read_token(token: str) -> dict | None:
    try:
        return signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=settings.HRFLOW_ACK_LINK_MAX_AGE
        )
    except signing.BadSignature:
        return None
