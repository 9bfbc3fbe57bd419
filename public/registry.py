"""What the public evidence page shows: kinds of public items, registered by the apps that own them.

The page (`/public/`, no login) lists fiscal years (BE, 1 October – 30 September); a year's page
groups its items by kind; every item has a page and downloads. Its URLs are stable, built from
the fiscal year, the kind's slug and the item's id only (never a title):

    /public/                                 the fiscal years
    /public/<fy>/                            that year's items, grouped by kind
    /public/<fy>/<kind>/                     one kind's items of that year
    /public/<fy>/<kind>/<id>/                one item
    /public/<fy>/<kind>/<id>.<fmt>           a download (pdf, docx, xlsx …: the item's `formats`)
    /public/<fy>/<kind>/<id>/files/<file>/   a file attached to the item (its `files`)

`registry.item_url(fy, kind, pk)` (or `PublicItem.url`) gives an item's page, e.g. for a link
from a staff page. An item asked for under another fiscal year is redirected (301) to its own;
anything `get` does not return answers 404, exactly like an id that does not exist, so what is
not public never shows that it exists.

The contract, for an app that adds public items that are not workflow documents (call it from
its AppConfig.ready()):

    from public import registry

    registry.register(registry.PublicKind(
        slug="integrity-reports",                  # URL segment: stable, [a-z0-9-]+, unique
        label=gettext_lazy("Integrity reports"),   # the group's heading (Thai in the catalogue)
        years=lambda: {2568, 2569},                # the fiscal years with at least one item
        items=lambda fiscal_year: [...],           # that year's PublicItems, in display order
        get=lambda pk: item_or_None,               # one PublicItem; None unless it is public
        download=lambda item, fmt: b"...",         # the bytes of item in fmt (one of its formats);
                                                   #   raise Unavailable for a 503
        open_file=lambda item, file_pk: FieldFile_or_None,   # optional: one of item.files
        order=10,                                  # groups are shown by order, then label
    ))

Rules every kind must keep (tests/public/ checks them for the built-in kinds):
- Only what is published and meant for the public, never a draft, a version in review, a
  withdrawn one or anything only staff may read. `get` is the gate: the views trust it.
- `years()` and `items(fy)` run a fixed number of queries whatever the number of items
  (select_related / prefetch_related), so the pages' query count does not grow with them.
- `items` and `get` agree: an item listed under a year is returned by `get` with that
  `fiscal_year`.

A workflow document (a subclass of workflows.models.Document, published through
workflows.services.apply_transition) is put here by its registration in its app's kinds.py
(workflows/registry.py): its `public` options are the arguments of
public.documents.register_documents, and its `export` builder serves its PDF/DOCX. Its page
shows `template` (default public/kinds/<slug>.html, else only title and downloads):

    registry.Kind(IntegrityReport, export=exports.official, public={
        "label": gettext_lazy("Integrity reports"), "fiscal_year_field": "fiscal_year",
        "order": 1, "template": "public/kinds/integrity-reports.html",  # renders `document`
        "extra_downloads": {"xlsx": exports.xlsx},
        "all_published": True,  # or a public_field on the model
    })

The model's `public_field` (a boolean HR sets) decides which documents are public; a kind whose
every published version is public by nature (the annual report) says `all_published=True`
instead. Which versions it shows: the published version, and earlier versions that were
archived while published (superseded by a newer version or retired): they were in force in
their year, so they stay as that year's evidence, marked as superseded. A withdrawn version
disappears, and so does one archived after being withdrawn. `fiscal_year_field` names a field
holding the BE fiscal year (criteria, reports); without it the year is the one the version was
published in. Downloads are made once per version and kept under MEDIA_ROOT/exports
(hrflow.exports.stored), so anonymous visitors never keep Chromium busy; a kind's own
CSV/XLSX writes every cell through hrflow.cells.cell.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class Unavailable(Exception):
    """The file cannot be made now (e.g. no Chromium for a PDF): the visitor gets a 503."""


@dataclass(frozen=True)
class PublicFile:
    pk: int
    name: str
    size: int = 0


@dataclass
class PublicItem:
    kind: str  # the PublicKind's slug
    pk: int
    title: str
    fiscal_year: int  # BE
    published_at: Any = None  # a datetime or a date, shown in the Buddhist Era
    version: int = 1
    number: str = ""  # e.g. a circular's ที่ ลพ 51000/ว 12
    note: str = ""  # a line under the title, e.g. "superseded by version 2"
    formats: Sequence[str] = ()  # downloads offered, keys of CONTENT_TYPES
    files: Sequence[PublicFile] = ()  # attachments, for the item's page (`get` fills them)
    links: Sequence[tuple[str, str]] = ()  # (label, URL) shown on its page, e.g. other versions
    template: str = ""  # partial for the item's page, rendered with `item` and `document`
    object: Any = None  # what the partial shows as `document` (and what `download` may use)
    filename: str = ""  # downloads are named <filename>.<fmt>; default <kind>-<pk>

    @property
    def download_name(self) -> str:
        return self.filename or f"{self.kind}-{self.pk}"

    @property
    def url(self) -> str:
        return item_url(self.fiscal_year, self.kind, self.pk)


def document_url(document) -> str:
    """The page of a workflow document if it is shown here (published and public), else ""."""
    public_kind = kind(document.kind_slug)
    item = public_kind.get(document.pk) if public_kind is not None else None
    return item.url if item is not None else ""


def item_url(fiscal_year: int, kind: str, pk: int) -> str:
    """The stable address of an item's page."""
    from django.urls import reverse

    return reverse("public:item", args=[fiscal_year, kind, pk])


@dataclass(frozen=True)
class PublicKind:
    slug: str
    label: Any
    years: Callable[[], Iterable[int]]
    items: Callable[[int], Iterable[PublicItem]]
    get: Callable[[int], PublicItem | None]
    download: Callable[[PublicItem, str], bytes] | None = None
    open_file: Callable[[PublicItem, int], Any] | None = None
    order: int = 100
    extra: dict = field(default_factory=dict)


_KINDS: dict[str, PublicKind] = {}


def register(kind: PublicKind) -> None:
    """Add (or replace, by slug) a kind of public item."""
    if not re.fullmatch(r"[a-z0-9-]+", kind.slug or ""):
        raise ValueError(f"a public kind's slug is [a-z0-9-]+, not {kind.slug!r}")
    _KINDS[kind.slug] = kind


def unregister(slug: str) -> None:
    _KINDS.pop(slug, None)


def kinds() -> list[PublicKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, str(kind.label)))


def kind(slug: str) -> PublicKind | None:
    return _KINDS.get(slug)
