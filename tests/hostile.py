"""Hostile values against every form and every API operation, found without a list to keep.

The API's operations come from the OpenAPI schema (drf-spectacular's SchemaGenerator); the
pages' POST targets and their field names come from crawling the pages of a small world as each
persona and reading their `<form method="post">`s. A new endpoint is therefore covered without
editing a test, and `uncovered_routes` names any URL the crawl could not reach.

The property: never a 5xx, and a 4xx changes nothing (`fingerprint`: the row count of every
model and the audit chain's head)."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from drf_spectacular.generators import SchemaGenerator
from hypothesis import strategies as st

# Rows a refused request is meant to write: a wrong password is counted (login throttle), and
# a session is what the test client's login is.
WRITTEN_ON_PURPOSE = {"hrflow.loginfailure", "sessions.session"}

HUGE = 10**20
DEEP = 50_000


def deep_json(depth=DEEP) -> str:
    return "[" * depth + "]" * depth


# Text a form field may receive: ids out of every range, not numbers at all, control and
# astral-plane characters, a 100k string, impossible dates.
hostile_text = st.one_of(
    st.sampled_from(
        [
            str(HUGE),
            str(-HUGE),
            "-1",
            "0",
            "abc",
            "1e309",
            "NaN",
            "\x00",
            "\x00\x01\x1b[31m",
            "\u200b\u200b",
            "\u0301\u0301",
            "\U0001d400" * 83,
            "ก" * 100_000,
            "0001-01-01",
            "9999-12-31",
            "1/1/2443",
            "31/02/2569",
            "{}",
            "[]",
        ]
    ),
    st.text(max_size=40),
    st.integers().map(str),
)

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
# Any JSON value a field may receive: leaves, lists and objects of them.
hostile_json = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def counted_tables() -> list[str]:
    """Every table a request could write, once (a proxy shares its model's table)."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.label_lower not in WRITTEN_ON_PURPOSE
        }
    )


def fingerprint():
    """A cheap picture of everything a request could write: every table's row count and the
    audit chain's head, in two statements — taken twice per example, one query per table made
    the full hostile walk (`make chaos`) spend most of its time counting."""
    from hrflow.models import AuditHead

    tables = counted_tables()
    quote = connection.ops.quote_name  # the models' own table names: nothing to inject
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    head = tuple(AuditHead.objects.values_list("seq", "hash").order_by("pk"))
    return dict(zip(tables, row, strict=True)), head


# --- The API, from its schema ----------------------------------------------------------------


def api_operations():
    """(method, path template, request-body schema or None) for every operation."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            if body and "$ref" in body:
                body = components[body["$ref"].rsplit("/", 1)[-1]]
            yield method.upper(), path, body


def fill_path(client, template):
    """A real id (or name) for each {parameter}: the first one the path's list answers with."""
    path = template
    while "{" in path:
        start = path.index("{")
        end = path.index("}", start)
        listing = path[:start]
        answer = client.get(listing, {"state": "draft"}) if listing.count("/") <= 3 else None
        if answer is None or answer.status_code != 200 or not _results(answer.json()):
            answer = client.get(listing)
        results = _results(answer.json()) if answer.status_code == 200 else []
        value = next(
            (str(row.get("id", row.get("name"))) for row in results if isinstance(row, dict)),
            "1",
        )
        path = path[:start] + value + path[end + 1 :]
    return path


def _results(data):
    if isinstance(data, dict):
        return data.get("results", [])
    return data if isinstance(data, list) else []


def api_bodies(schema):
    """Bodies for one operation: its fields with hostile values, or a hostile whole body."""
    fields = sorted((schema or {}).get("properties", {}))
    per_field = st.fixed_dictionaries({}, optional={name: hostile_json for name in fields})
    whole = st.one_of(
        hostile_json.map(json.dumps),
        st.just(deep_json()),
        st.just('{"a": ' * 1000 + "1" + "}" * 1000),
        st.just("{not json"),
    )
    return st.one_of(per_field.map(json.dumps), per_field.map(json.dumps), whole)


# --- The pages, by crawling them -------------------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": set()}
            self.forms.append(self._form)
        elif tag in {"input", "select", "textarea", "button"} and self._form and attrs.get("name"):
            self._form["fields"].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


FILES = re.compile(r"\.(pdf|docx|xlsx|csv)$")
SKIP = re.compile(r"^/(admin|api|logout|i18n|static|media)/")


def crawl(client, seeds, limit=400):
    """Pages reachable from `seeds` (GET only): {url: [(action, field names), …]} for every
    URL asked for (an empty list for a page without forms, a file or a refusal)."""
    seen, queue, forms = set(), list(seeds), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc or SKIP.match(parts.path) or url in seen:
            continue
        seen.add(url)
        forms[url] = []
        if FILES.search(parts.path):
            continue  # a download: reached, and its route's converters vouch for its ids
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode("utf-8", "replace"))
        forms[url] = [
            (urljoin(url, form["action"]) if form["action"] else url, form["fields"])
            for form in parser.forms
        ]
        queue += [urljoin(url, link).split("#")[0] for link in parser.links]
    return forms


def routes(patterns=None, prefix=""):
    """Every URL pattern outside the admin, as its route text."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def route_of(url):
    url = re.sub(r"\{[^}]*\}", "1", url)
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return None
