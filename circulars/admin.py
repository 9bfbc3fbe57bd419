"""Circulars in the admin: read-only like every document (workflows.admin), with their
numbers and attachments."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hrflow.admin import ReadOnlyInline
from workflows.admin import DocumentAdmin

from .models import Circular, CircularAttachment


class AttachmentInline(ReadOnlyInline):
    model = CircularAttachment
    fields = ("name", "file", "size", "content_type", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(Circular)
class CircularAdmin(DocumentAdmin):
    list_display = (
        "title",
        "state",
        "number_display",
        "version",
        "owner_unit",
        "deadline",
        "is_public",
        "published_at",
    )
    list_filter = (*DocumentAdmin.list_filter, "is_public")
    search_fields = ("title", "body")
    inlines = (AttachmentInline,)

    @admin.display(description=_("number"), ordering="number")
    def number_display(self, circular):
        return circular.number_display
