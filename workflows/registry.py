"""The one registry of document kinds: every consumer (menu, staff pages, API routes, exports,
auditor, public page, admin, the shared tests) walks it instead of keeping its own list.

Each app registers its kinds in its own `kinds.py`, found by
`autodiscover_modules("kinds")` (the admin's own mechanism) when the workflows app is ready:

    from workflows import registry

    registry.register(registry.Kind(
        MyDocument,                       # a concrete workflows.models.Document subclass
        order=50,                         # menu, API and auditor order
        pages=DocumentPages(MyDocument, MyForm),    # the generic staff pages; None: its own
        api=KindAPI(MySerializer, create=..., update=...),  # /api/<slug>/; None: no API
        export=build,                     # build(document) -> OfficialDocument (PDF/DOCX)
        render_at_publish=("pdf",),       # exports a worker makes once the publish commits
        public={"label": _("My documents")},  # public.documents.register_documents options
        urls=(path("my-page/", my_page, name="my-page"),),  # the app's own pages: workflows:
        api_urls=(...),                   # the app's own API routes, beside /api/<slug>/
    ))

What is not given is not served: a kind without `pages` has its own pages (the integrity
report), one without `public` is not on the public page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Kind:
    model: type
    order: int = 100
    pages: Any = None  # workflows.views.DocumentPages (or a subclass)
    api: Any = None  # workflows.api.registry.KindAPI
    export: Callable | None = None  # build(document) -> hrflow.exports.OfficialDocument
    public: dict | None = None  # keyword arguments of public.documents.register_documents
    # Export formats made (in the agency's digit style) by a worker once a publish commits, so
    # no reader waits for Chromium (workflows.exports.stored.render_published).
    render_at_publish: tuple = ()
    # The app's own routes beside the generic ones: pages (in the "workflows" URL namespace,
    # before the kinds' generic pages) and API endpoints (under /api/).
    urls: tuple = ()
    api_urls: tuple = ()

    @property
    def slug(self) -> str:
        return self.model.kind_slug

    @property
    def label(self):
        return self.model._meta.verbose_name_plural


_KINDS: dict[str, Kind] = {}
_discovered = False


def register(kind: Kind) -> Kind:
    """Add a kind; its slug is its URL segment everywhere, so two kinds never share one."""
    from .models import Document

    model = kind.model
    if not (isinstance(model, type) and issubclass(model, Document)) or model._meta.abstract:
        raise ImproperlyConfigured(f"{model!r} is not a concrete workflows Document.")
    if not kind.slug:
        raise ImproperlyConfigured(f"{model.__name__} has no kind_slug.")
    other = _KINDS.get(kind.slug)
    if other is not None and other.model is not model:
        raise ImproperlyConfigured(
            f"{model.__name__} and {other.model.__name__} share the kind slug {kind.slug!r}."
        )
    _KINDS[kind.slug] = kind
    return kind


def autodiscover() -> None:
    """Import every installed app's kinds.py once (WorkflowsConfig.ready(); also on first use,
    because the admin's own autodiscovery runs before the workflows app is ready)."""
    global _discovered
    if not _discovered:
        # Set first: a kinds.py that asks the registry while it is imported must not recurse.
        _discovered = True
        try:
            autodiscover_modules("kinds")
        except Exception:
            _discovered = False  # a broken kinds.py fails every use, not only the first
            raise


def kinds() -> list[Kind]:
    autodiscover()
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.slug))


def models() -> list[type]:
    return [kind.model for kind in kinds()]


def get(slug: str) -> Kind | None:
    autodiscover()
    return _KINDS.get(slug)


def for_model(model) -> Kind | None:
    return next((kind for kind in kinds() if kind.model is model), None)


def page_url(document) -> str:
    """The document's page among its kind's generic pages ("" for a kind without pages)."""
    from django.urls import reverse

    kind = for_model(type(document))
    if kind is None or kind.pages is None:
        return ""
    return reverse(kind.pages.url_name("detail"), args=[document.pk])


def with_pages() -> list[Kind]:
    return [kind for kind in kinds() if kind.pages is not None]


def with_api() -> list[Kind]:
    return [kind for kind in kinds() if kind.api is not None]


# --- the public evidence page ---------------------------------------------------------------
# A read side above the kinds (the public app) that tells the engine, when it is ready, where a
# document is shown there; staff pages link to it without importing upward. Without it, nowhere.
_public_page: dict[str, Callable] = {}


def install_public_page(*, document_url: Callable, item_url: Callable, kind: Callable) -> None:
    """document_url(document) -> str ("" when not shown there); item_url(fy, slug, pk) -> str;
    kind(slug) -> the public page's kind (its `label`, `items(fiscal_year)`, `get(pk)`) or None."""
    _public_page.update(document_url=document_url, item_url=item_url, kind=kind)


def public_url(document) -> str:
    """The document's stable address on the public evidence page, or "" when it is not there."""
    resolve = _public_page.get("document_url")
    return resolve(document) if resolve is not None else ""


def item_url(fiscal_year: int, slug: str, pk: int) -> str:
    """The public page of an item of kind `slug` in `fiscal_year` ("" without a public page)."""
    resolve = _public_page.get("item_url")
    return resolve(fiscal_year, slug, pk) if resolve is not None else ""


def public_kind(slug: str):
    """The public page's view of kind `slug` (label, items(fiscal_year), get(pk)), or None when
    that kind is not shown there (or there is no public page)."""
    resolve = _public_page.get("kind")
    return resolve(slug) if resolve is not None else None
