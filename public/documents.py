"""Workflow documents on the public page: every kind registered with `public` options in
workflows/registry.py, through `register_documents` (see public/registry.py)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.thai import fiscal_year, fiscal_year_bounds

from . import registry


def public_versions(model, *, all_published=False):
    """The versions of a kind the public may see: public ones (all of them with
    `all_published`) that are published, or that were archived while published (in force in
    their day, then superseded or retired). Withdrawn versions, and versions archived after
    being withdrawn, are never shown."""
    from workflows.models import State, TransitionLog

    retired_in_force = TransitionLog.objects.filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=OuterRef("pk"),
        transition="archive",
        from_state=State.PUBLISHED,
    )
    shown = Q(state=State.PUBLISHED) | (Q(state=State.ARCHIVED) & Q(Exists(retired_in_force)))
    documents = model.objects.all()
    if not all_published:
        documents = documents.filter(**{model.public_field: True})
    return documents.filter(shown).exclude(published_at=None)


def _year_range(fy: int) -> tuple[dt.datetime, dt.datetime]:
    start, end = fiscal_year_bounds(fy)
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


class DocumentKind:
    """A workflow Document subclass as a registry.PublicKind's functions."""

    def __init__(
        self, model, *, slug, fiscal_year_field="", template="", extra_downloads=None,
        all_published=False,
    ):  # fmt: skip
        if not all_published and not getattr(model, "public_field", ""):
            raise ValueError(
                f"{model.__name__} has no public_field: say all_published=True if every "
                "published version of it is public"
            )
        self.all_published = all_published
        self.model = model
        self.slug = slug
        self.fiscal_year_field = fiscal_year_field
        self.template = template or f"public/kinds/{slug}.html"
        self.extra_downloads = dict(extra_downloads or {})

    def queryset(self):
        return (
            public_versions(self.model, all_published=self.all_published)
            .select_related("superseded_by")
            .order_by("-published_at", "-pk")
        )

    def formats(self) -> tuple[str, ...]:
        from workflows import exports

        built = ("pdf", "docx") if exports.builder_for(self.model) is not None else ()
        return (*built, *self.extra_downloads)

    def fiscal_year_of(self, document) -> int:
        if self.fiscal_year_field:
            return getattr(document, self.fiscal_year_field)
        return fiscal_year(timezone.localtime(document.published_at).date())

    # --- the PublicKind functions --------------------------------------------------------------
    def years(self):
        documents = public_versions(self.model, all_published=self.all_published)
        if self.fiscal_year_field:
            return set(
                documents.order_by().values_list(self.fiscal_year_field, flat=True).distinct()
            )
        months = documents.datetimes("published_at", "month")
        return {fiscal_year(month.date()) for month in months}

    def items(self, fy: int):
        documents = self.queryset()
        if self.fiscal_year_field:
            documents = documents.filter(**{self.fiscal_year_field: fy})
        else:
            start, end = _year_range(fy)
            documents = documents.filter(published_at__gte=start, published_at__lt=end)
        formats = self.formats()
        return [self.item(document, formats) for document in documents]

    def get(self, pk: int):
        # The row by its key, and public_versions' rule checked on it: one plain statement for
        # a published version (every download asks this), the full rule for an archived one.
        document = self.model.objects.select_related("superseded_by").filter(pk=pk).first()
        if document is None or not self.shown(document):
            return None
        item = self.item(document, self.formats())
        item.object = document
        item.files = self.files(document)
        item.links = self.versions(document)
        return item

    def shown(self, document) -> bool:
        """Whether public_versions() holds this loaded document."""
        from workflows.models import State

        if document.published_at is None:
            return False
        if not self.all_published and not getattr(document, self.model.public_field):
            return False
        if document.state == State.PUBLISHED:
            return True
        if document.state != State.ARCHIVED:
            return False
        shown = public_versions(self.model, all_published=self.all_published)
        return shown.filter(pk=document.pk).exists()

    def versions(self, document):
        """Links to the public version before this one and the one after it."""
        successor = getattr(document, "superseded_by", None)
        ids = [pk for pk in (document.supersedes_id, getattr(successor, "pk", None)) if pk]
        if not ids:
            return ()
        links = []
        formats = self.formats()
        for other in self.queryset().filter(pk__in=ids).order_by("version"):
            item = self.item(other, formats)
            label = (
                _("Version %(version)s (earlier)")
                if other.version < document.version
                else _("Version %(version)s (newer)")
            )
            links.append((label % {"version": other.version}, item.url))
        return tuple(links)

    def item(self, document, formats) -> registry.PublicItem:
        return registry.PublicItem(
            kind=self.slug,
            pk=document.pk,
            title=document.title,
            fiscal_year=self.fiscal_year_of(document),
            published_at=document.published_at,
            version=document.version,
            number=getattr(document, "number_display", ""),
            note=self.note(document),
            formats=formats,
            template=self.template,
            filename=f"{self.slug}-{document.pk}-v{document.version}",
        )

    @staticmethod
    def note(document) -> str:
        if document.state != "archived":
            return ""
        # A missing reverse one-to-one raises a subclass of AttributeError: getattr's default.
        successor = getattr(document, "superseded_by", None)
        if successor is not None and successor.state in ("published", "archived"):
            return _("Superseded by version %(version)s") % {"version": successor.version}
        return _("No longer in force")

    def files(self, document):
        attachments = getattr(document, "attachments", None)
        if attachments is None:
            return ()
        return tuple(
            registry.PublicFile(pk=a.pk, name=a.name, size=a.size) for a in attachments.all()
        )

    def open_file(self, item, file_pk):
        attachments = getattr(item.object, "attachments", None)
        if attachments is None:
            return None
        attachment = attachments.filter(pk=file_pk).first()
        return None if attachment is None else attachment.file

    def download(self, item, fmt: str):
        """A published version never changes: its file is made once — a PDF when the version
        is published, if its kind says so (Chromium takes seconds; anonymous visitors must not
        be able to keep it busy) — and kept with its hash; the view streams the kept file
        (workflows.exports.stored)."""
        from hrflow.exports import ExportUnavailable
        from hrflow.exports import digits as digit_styles
        from workflows.exports import stored

        document = item.object
        # The public page offers the agency's own digit style (its Agency setting).
        style = digit_styles.default_style()
        try:
            if fmt in self.extra_downloads:
                make = self.extra_downloads[fmt]
                return stored.final_file(document, f"{style}.{fmt}", lambda: make(document))
            return stored.official_file(document, fmt, style)
        except ExportUnavailable as error:
            raise registry.Unavailable(str(error)) from error


def register_documents(
    model,
    *,
    label,
    slug="",
    fiscal_year_field="",
    order=100,
    template="",
    extra_downloads=None,
    all_published=False,
):
    """Put the public versions of a workflow kind on the public page (see public/registry.py)."""
    kind = DocumentKind(
        model,
        slug=slug or model.kind_slug,
        fiscal_year_field=fiscal_year_field,
        template=template,
        extra_downloads=extra_downloads,
        all_published=all_published,
    )
    registry.register(
        registry.PublicKind(
            slug=kind.slug,
            label=label,
            years=kind.years,
            items=kind.items,
            get=kind.get,
            download=kind.download,
            open_file=kind.open_file,
            order=order,
            extra={"model": model},
        )
    )
    return kind


def register_document_kinds():
    """Every registered workflow kind that says how it is shown here (its `public` options)."""
    from workflows import registry as kinds

    for kind in kinds.kinds():
        if kind.public is not None:
            register_documents(kind.model, **kind.public)
