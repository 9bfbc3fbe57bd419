"""Request facts shared by the pages and the API."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The address the logs record as evidence.

    X-Forwarded-For is whatever the client says, so it is only read behind reverse proxies the
    operator declares (HRFLOW_TRUSTED_PROXY_COUNT = how many): the address the outermost of them
    saw is the N-th from the right. With none declared, the socket's address."""
    trusted = settings.HRFLOW_TRUSTED_PROXY_COUNT
    if trusted:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR") or None
