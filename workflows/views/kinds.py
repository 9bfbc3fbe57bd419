"""One set of pages for every kind of document.

A kind's pages are described by a DocumentPages (its model and its form); `urls()` gives the URL
entries, each passing the DocumentPages to the generic views as `pages`. Adding a kind: a
DocumentForm subclass, a fields partial `workflows/kinds/<kind_slug>.html` and its
`pages=DocumentPages(...)` in the kind's registration (workflows/registry.py)."""

from dataclasses import dataclass

from django.urls import path


@dataclass(frozen=True)
class DocumentPages:
    model: type
    form_class: type

    @property
    def slug(self) -> str:
        return self.model.kind_slug

    @property
    def prefix(self) -> str:
        return self.model._meta.model_name

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    @property
    def label_singular(self):
        return self.model._meta.verbose_name

    @property
    def partial(self) -> str:
        return f"workflows/kinds/{self.slug}.html"

    def extra_context(self, document, user) -> dict:
        """What a kind's fields partial needs beyond the document (a kind's pages override)."""
        return {}

    def url_name(self, page: str) -> str:
        return f"workflows:{self._name(page)}"

    def _name(self, page: str) -> str:
        return f"{self.prefix}-{page.replace('_', '-')}"

    @property
    def names(self) -> dict:
        """Namespaced URL names for templates: {% url pages.names.detail document.pk %}."""
        return {page: self.url_name(page) for page, _route, _view in self._routes()}

    def _routes(self):
        from . import comments, documents, drafts, exports, tracking

        commentable = [
            ("comment", "<int:pk>/comments/", comments.comment_add),
            ("answer", "<int:pk>/comments/<int:comment_id>/answer/", comments.comment_answer),
        ]
        return [
            *(commentable if self.model.commentable else []),
            ("list", "", documents.document_list),
            ("new", "new/", drafts.document_create),
            ("detail", "<int:pk>/", documents.document_detail),
            ("edit", "<int:pk>/edit/", drafts.document_edit),
            ("attach", "<int:pk>/attachments/", drafts.attachment_upload),
            (
                "attachment",
                "<int:pk>/attachments/<int:attachment_id>/",
                drafts.attachment_download,
            ),
            ("transition", "<int:pk>/transitions/<str:name>/", documents.document_transition),
            ("revise", "<int:pk>/revise/", documents.document_revise),
            ("tracking", "<int:pk>/tracking/", tracking.tracking_page),
            ("tracking_csv", "<int:pk>/tracking.csv", tracking.tracking_csv),
            ("tracking_xlsx", "<int:pk>/tracking.xlsx", tracking.tracking_xlsx),
            (
                "signoff",
                "<int:pk>/tracking/signoff/<int:unit_id>.pdf",
                tracking.tracking_signoff,
            ),
            (
                "paper_scan",
                "<int:pk>/tracking/paper/<int:ack_id>/",
                tracking.tracking_paper_scan,
            ),
            ("remind", "<int:pk>/remind/", tracking.tracking_remind),
            ("proxy", "<int:pk>/tracking/proxy/<int:ack_id>/", tracking.tracking_proxy),
            ("export_pdf", "<int:pk>/export.pdf", exports.export_pdf),
            ("export_docx", "<int:pk>/export.docx", exports.export_docx),
        ]

    def urls(self) -> list:
        return [
            path(f"{self.slug}/{route}", view, {"pages": self}, name=self._name(page))
            for page, route, view in self._routes()
        ]
