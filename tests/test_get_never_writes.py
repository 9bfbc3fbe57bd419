"""GET never writes (issue 14 item 4), for every URL of the product.

The URLconf is walked (the admin's included); each route's path parameters are filled from the
demo agency (`seed_demo`: every kind in every state, a past fiscal year) and from the links its
pages show; every such address is opened with GET by each demo login and by nobody signed in.
No GET may write a row (the session's own row aside: Django keeps its flash messages there), and
every model's row count is the same at the end."""

import io
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from hrflow.thai import fiscal_year
from notifications.links import acknowledgement_token
from notifications.models import Acknowledgement

pytestmark = pytest.mark.django_db

LOGINS = ("clerk", "executive", "employee", "auditor", "admin", None)
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
PER_ROUTE = 2  # addresses tried per route and login: enough variety, a bounded walk
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes(resolver=None, prefix=""):
    """Every URL pattern as a route string ("reports/measures/<int:year>/")."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def values_for(name, converter):
    """Values for one path parameter, from the seeded world: ids 1–2 exist in every table the
    demo fills; years are the current fiscal year, the next (nothing made yet) and one far off
    (2600) inside the range the pages accept."""
    if name in {"year", "fy"}:
        year = fiscal_year(timezone.localdate())
        return [year, year + 1, 2600]
    if converter in {"int", None} and name not in {"token", "fmt", "name"}:
        return [1, 2] if converter == "int" else ["1"]
    return {
        "fmt": ["pdf", "xlsx"],
        "name": ["publish"],
        "slug": ["circulars"],
        "kind": ["circulars"],
        "token": ["not-a-token"],
        "app_label": ["workflows"],
        "object_id": ["1"],
    }.get(name, ["1"])


def filled(route):
    """The route with each parameter filled, every combination (a handful per route)."""
    if route.startswith("^") or "(?P" in route:  # a regex route (the admin's app index)
        return ["/admin/workflows/"] if "app_label" in route else []
    addresses = [route]
    for converter, name in PARAMETER.findall(route):
        token = f"<{converter}:{name}>" if converter else f"<{name}>"
        addresses = [
            a.replace(token, str(value), 1)
            for a in addresses
            for value in values_for(name, converter)
        ]
    return ["/" + a.lstrip("/") for a in addresses]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith(("/static/", "//")):
            self.found.append(href.split("#")[0])


def route_of(address):
    try:
        return resolve(address.split("?")[0]).route
    except Resolver404:
        return None


def row_counts():
    """Every model's rows but the sessions (each login of the walk signs in once)."""
    models = (m for m in apps.get_models() if m._meta.label != "sessions.Session")
    return {model._meta.label: model.objects.count() for model in models}


def test_no_get_of_any_url_writes_to_the_database_for_any_login(monkeypatch):
    # Printing a PDF (Chromium, seconds each) touches no database; the exports' own tests print.
    monkeypatch.setattr("hrflow.exports.pdf.html_to_pdf", lambda html: b"%PDF-1.7 walked")
    call_command("seed_demo", stdout=io.StringIO())
    before = row_counts()
    writes = defaultdict(set)  # address → the write statements its GET ran
    errors = []
    current = {}

    def watch(execute, sql, params, many, context):
        if WRITES.match(sql) and "django_session" not in sql:
            writes[current["address"]].add(sql[:120])
        return execute(sql, params, many, context)

    for login in LOGINS:
        client = Client(raise_request_exception=False)
        if login:
            client.force_login(apps.get_model("auth.User").objects.get(username=login))
        queue = [a for route in sorted(set(routes())) for a in filled(route)]
        # The email's link with a real token of this login's own (a made-up one is refused).
        own = Acknowledgement.objects.filter(employee__user__username=login).first()
        if own is not None:
            queue.insert(
                0, reverse("notifications:confirm-link", args=[acknowledgement_token(own)])
            )
        tried, per_route = set(), defaultdict(int)
        while queue:
            address = queue.pop(0)
            route = route_of(address)
            if address in tried or route is None or per_route[route] >= PER_ROUTE:
                continue
            tried.add(address)
            per_route[route] += 1
            current["address"] = f"{login or 'anonymous'} GET {address}"
            with connection.execute_wrapper(watch):
                response = client.get(address)
            if response.status_code >= 500:
                errors.append((current["address"], response.status_code))
            if "html" in response.get("Content-Type", "") and response.status_code == 200:
                links = Links()
                links.feed(response.content.decode(errors="replace"))
                queue.extend(link for link in links.found if link not in tried)

    by_route = defaultdict(set)
    for address, statements in writes.items():
        by_route[route_of(address.split(" GET ")[1])] |= statements
    assert dict(by_route) == {}, f"GET wrote to the database: {sorted(writes)}"
    assert row_counts() == before
    assert errors == []
