"""The public evidence page: no login, read-only, only what public.registry's kinds return.

What a kind does not return answers the same 404 as an id that does not exist, so nothing
unpublished shows that it exists. Downloads may be kept by shared caches for a few minutes
(a published version never changes), and so may the pages: they set no cookie and say their
language in the address.

Each web worker keeps its answers too, under the number of the audit chain's last event
(`audit.head_number()`): every change the public could see — a publish, a withdrawal, an
archive, a round's announcement, the agency's settings — is recorded in the chain, so the
number moves with it. A worker reads the number at most once every
HRFLOW_PUBLIC_RECHECK_SECONDS (one second): under a crowd that read was a third of a kept
answer's cost (bench/README.md, public-pdf), and a withdrawal is off every worker's public page
within that second of its commit (shared caches may keep a page MAX_AGE anyway)."""

import functools
import mimetypes
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hrflow import audit
from hrflow.agency import agency_name
from hrflow.thai import fiscal_year, fiscal_year_bounds

from . import registry

# BE years a fiscal-year URL may name; beyond them is a mistyped URL (404), not an empty year.
YEARS = range(2500, 2701)
MAX_AGE = 300
# The answers a worker keeps (a 404 is an answer too: an address that was never published).
KEPT_STATUSES = (200, 301, 404)


def _lang(request) -> str:
    lang = request.GET.get("lang")
    return lang if lang in dict(settings.LANGUAGES) else ""


# The chain's number as this worker last read it, and when (time.monotonic()).
_chain = {"number": 0, "read_at": float("-inf")}
_clock = time.monotonic  # a test moves it


def chain_number() -> int:
    """The audit chain's last number, read from the database at most once every
    HRFLOW_PUBLIC_RECHECK_SECONDS by this worker."""
    now = _clock()
    if now - _chain["read_at"] >= settings.HRFLOW_PUBLIC_RECHECK_SECONDS:
        _chain.update(number=audit.head_number(), read_at=now)
    return _chain["number"]


def _kept_key(request, what) -> str:
    """Where this worker keeps `what` for this address: under the chain's last number and
    today's date (the index offers only years that have begun). Only the language of the query
    string counts, so made-up parameters cannot fill the cache."""
    if not hasattr(request, "audit_head_number"):  # the same number for the whole request
        request.audit_head_number = chain_number()
    return (
        f"public:{what}:{request.audit_head_number}:{timezone.localdate().isoformat()}:"
        f"{_lang(request)}:{request.path}"
    )


def _kept(request, what, make, keep):
    """make()'s value for this address, kept while the chain's number stays (at most
    HRFLOW_PUBLIC_CACHE_SECONDS) when keep(value) says it may be."""
    key = _kept_key(request, what)
    value = cache.get(key)
    if value is None:
        value = make()
        if keep(value):
            cache.set(key, value, settings.HRFLOW_PUBLIC_CACHE_SECONDS)
    return value


def render(request, template, context, status=200):
    lang = _lang(request)
    context = {
        "agency_name": agency_name(),
        # The language is in the address (hrflow.middleware): links keep it.
        "lang_query": f"?lang={lang}" if lang else "",
        **context,
    }
    return django_render(request, template, context, status=status)


def public_view(view):
    """No login, GET only, the same for everyone: this worker keeps the answer under the chain's
    number (a download keeps where its file is instead: `download`), and shared caches may keep
    it for MAX_AGE (hrflow.middleware.SharedCacheMiddleware)."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        return _kept(
            request,
            "page",
            lambda: view(request, *args, **kwargs),
            lambda response: response.status_code in KEPT_STATUSES and not response.streaming,
        )

    answer = login_not_required(require_safe(answer))
    answer.shared_cache_seconds = MAX_AGE
    return answer


def _not_found(request, message=""):
    context = {
        "title": _("Not found"),
        "message": message or _("There is no public document at this address."),
    }
    return render(request, "public/problem.html", context, status=404)


def _cached(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _year_context(fy):
    start, end = fiscal_year_bounds(fy)
    return {"fy": fy, "fy_start": start, "fy_end": end}


def _years() -> set[int]:
    """The fiscal years with a public item."""
    years = set()
    for kind in registry.kinds():
        years.update(kind.years())
    return years


@public_view
def index(request):
    years = _years()
    current = fiscal_year(timezone.localdate())
    # A year is listed once it has begun: criteria adopted ahead for next year stay at their
    # own address, but the index does not offer a year that has not started.
    years = {fy for fy in years if fy <= current}
    context = {"years": sorted(years, reverse=True), "current": current}
    return render(request, "public/index.html", context)


def _groups(fy, kinds):
    groups = []
    for kind in kinds:
        items = list(kind.items(fy))
        groups.append({"kind": kind, "items": items})
    return groups


@public_view
def year(request, fy):
    if fy not in YEARS:
        return _not_found(request)
    groups = _groups(fy, registry.kinds())
    context = {**_year_context(fy), "groups": groups, "empty": not any(g["items"] for g in groups)}
    return render(request, "public/year.html", context)


@public_view
def kind_year(request, fy, kind):
    found = registry.kind(kind)
    if fy not in YEARS or found is None:
        return _not_found(request)
    groups = _groups(fy, [found])
    empty = not groups[0]["items"]
    context = {**_year_context(fy), "groups": groups, "kind": found, "empty": empty}
    return render(request, "public/year.html", context)


def _item(request, fy, kind, pk):
    """(kind, item, None) or (None, None, a 404/redirect response)."""
    found = registry.kind(kind)
    item = found.get(pk) if found is not None else None
    if item is None or fy not in YEARS:
        return None, None, _not_found(request)
    if item.fiscal_year != fy:
        # The same item under its own year: a link typed with the wrong year still works.
        match = request.resolver_match
        url = reverse(match.view_name, kwargs={**match.kwargs, "fy": item.fiscal_year})
        return None, None, redirect(url, permanent=True)
    return found, item, None


@public_view
def item(request, fy, kind, pk):
    found, item, response = _item(request, fy, kind, pk)
    if response is not None:
        return response
    downloads = [
        (fmt, reverse("public:download", args=[fy, kind, pk, fmt])) for fmt in item.formats
    ]
    context = {
        **_year_context(fy),
        "kind": found,
        "item": item,
        "document": item.object,
        "downloads": downloads,
        "partial": _partial(item),
        "permalink": settings.HRFLOW_SITE_URL + item.url,
    }
    return render(request, "public/item.html", context)


def _partial(item):
    if item.object is None:
        return ""
    names = [item.template] if item.template else []
    return select_template([*names, "public/kinds/generic.html"]).template.name


@public_view
def download(request, fy, kind, pk, fmt):
    found = _kept(
        request,
        "file",
        lambda: _download(request, fy, kind, pk, fmt),
        lambda found: isinstance(found, tuple),
    )
    if isinstance(found, tuple):
        return _stream(request, *found)
    return found


def _download(request, fy, kind, pk, fmt):
    """The kept file to stream, its name and type — or the answer (an export made in memory,
    a 404, a 503)."""
    if fmt not in registry.CONTENT_TYPES:
        return _not_found(request)
    found, item, response = _item(request, fy, kind, pk)
    if response is not None:
        return response
    if fmt not in item.formats or found.download is None:
        return _not_found(request)
    try:
        content = found.download(item, fmt)
    except registry.Unavailable as error:
        context = {"title": _("Not available right now"), "message": str(error)}
        return render(request, "public/problem.html", context, status=503)
    filename = f"{item.download_name}.{fmt}"
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=registry.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return _cached(response)
    return content, filename, registry.CONTENT_TYPES[fmt]


def _stream(request, kept, filename, content_type):
    """A kept file (hrflow.exports.stored.StoredFile), streamed from storage, with its hash as
    the ETag and its writing time as Last-Modified: a client or proxy that has it gets a 304."""
    modified = int(kept.modified)
    response = get_conditional_response(request, etag=kept.etag, last_modified=modified)
    if response is None:
        try:
            handle = open(kept.path, "rb")  # FileResponse closes it
        except OSError:
            return _not_found(request, _("This file is missing on the server."))
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=content_type
        )
    response["ETag"] = kept.etag
    response["Last-Modified"] = http_date(modified)
    return _cached(response)


@public_view
def file(request, fy, kind, pk, file_pk):
    found, item, response = _item(request, fy, kind, pk)
    if response is not None:
        return response
    listed = {f.pk: f for f in item.files}
    opened = found.open_file(item, file_pk) if found.open_file and file_pk in listed else None
    if opened is None:
        return _not_found(request)
    try:
        handle = opened.open("rb")
    except OSError:
        return _not_found(request, _("This file is missing on the server."))
    name = listed[file_pk].name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    return _cached(response)
