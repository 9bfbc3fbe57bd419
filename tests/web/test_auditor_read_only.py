"""The auditor role is read-only everywhere: every URL of the project (the admin's included),
asked with every method that writes, answers an auditor with 403 or 405 and changes nothing.
Signing out, revoking one's own API tokens and the language switch, which write no record of
the work, are the exceptions."""

import itertools

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from hrflow.models import AuditEvent
from tests.web.test_access import snapshot

WRITE_METHODS = ("post", "put", "patch", "delete")
# AuditorsReadOnlyMiddleware.ALLOWED_URL_NAMES: ending one's own access changes no record.
ALLOWED = {"logout", "set_language", "my-token-revoke", "api-logout", "api-my-token"}
SAMPLES = ("1", "x", "hrflow", "auth")


def named_patterns(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern


def sample_path(name, pattern):
    """A concrete path for the pattern, with made-up values for its parameters."""
    keys = list(getattr(pattern.pattern, "converters", {})) or list(
        pattern.pattern.regex.groupindex
    )
    for values in itertools.product(SAMPLES, repeat=len(keys)):
        try:
            return reverse(name, kwargs=dict(zip(keys, values, strict=True)))
        except NoReverseMatch:
            continue
    raise AssertionError(f"no sample path for {name}")


def all_paths():
    paths = {}
    for name, pattern in named_patterns():
        if name.split(":")[-1] in ALLOWED:
            continue
        paths.setdefault(name, sample_path(name, pattern))
    return sorted(paths.items())


def test_the_walk_covers_the_admin_the_api_and_the_pages():
    names = {name for name, _path in all_paths()}
    assert {"admin:index", "workflows:circular-transition", "auditor:search"} <= names
    assert any(name.startswith("admin:hrflow_employee") for name in names)
    assert len(names) > 60


@pytest.mark.parametrize("method", WRITE_METHODS)
def test_every_write_by_an_auditor_is_refused_everywhere(method, org, world, client):
    client.force_login(org.auditor.user)
    before = snapshot(), AuditEvent.objects.count()
    refused = {}
    for name, path in all_paths():
        response = getattr(client, method)(path, {"note": "x", "title": "x"})
        if response.status_code not in (403, 405):
            refused[name] = response.status_code
    assert refused == {}, f"not refused ({method}): {refused}"
    assert (snapshot(), AuditEvent.objects.count()) == before


def test_an_auditor_can_still_sign_out(org, client):
    client.force_login(org.auditor.user)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session
