"""Documents in the admin: to look at, never to change.

States move only through workflows.services.apply_transition (the FSM field is protected) and
drafts are edited only through the services that sanitise and lock them, so the admin adds,
changes and deletes no document, log entry or register number.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from hrflow.admin import ReadOnlyAdminMixin
from hrflow.thai import format_date

from . import registry
from .models import DocumentComment, RegisterCounter, TransitionLog


class DocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "state", "version", "owner_unit", "updated_at", "published_at")
    list_filter = ("state", ("owner_unit", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title",)
    list_select_related = ("owner_unit",)
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [*(f.name for f in self.model._meta.fields if not f.primary_key), "history"]

    @admin.display(description=_("history"))
    def history(self, document):
        logs = TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk
        ).select_related("by")
        return format_html_join(
            "",
            "<div>{} · {} → {} · {} {}</div>",
            (
                (
                    format_date(log.at, with_time=True),
                    document.state_label(log.from_state),
                    document.state_label(log.to_state),
                    log.by,
                    log.note,
                )
                for log in logs
            ),
        )


def register_kinds(site=admin.site):
    """Every registered kind that its app's admin.py did not register with its own
    DocumentAdmin subclass: visible at once, read-only like the others. Called by
    WorkflowsConfig.ready(), after the admin has imported every app's admin.py."""
    for kind in registry.models():
        if not site.is_registered(kind):
            site.register(kind, DocumentAdmin)


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "at",
        "content_type",
        "object_id",
        "version",
        "transition",
        "from_state",
        "to_state",
        "by",
        "ip",
    )
    list_filter = ("transition", "to_state", "content_type")
    search_fields = ("note", "by__username", "by__employee__first_name", "by__employee__last_name")
    list_select_related = ("content_type", "by")
    date_hierarchy = "at"


@admin.register(RegisterCounter)
class RegisterCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "year", "last_number")


@admin.register(DocumentComment)
class DocumentCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "content_type", "object_id", "version", "author", "answered_at")
    list_filter = ("content_type",)
    search_fields = ("body", "answer")
    list_select_related = ("content_type", "author")
