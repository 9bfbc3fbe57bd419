"""Documents in the admin: to look at, never to change.

States move only through workflows.services.apply_transition (the FSM field is protected) and
drafts are edited only through the services that sanitise and lock them, so the admin adds,
changes and deletes no document, log entry or register number.
"""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from circulars.models import Circular, CircularAttachment
from hrflow.admin import ReadOnlyAdminMixin, ReadOnlyInline, RoleAdminMixin
from hrflow.thai import format_date
from meetings.models import MeetingSeries
from personnel.models import OrganisationGoal

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


for kind in registry.models():
    # A kind added later is visible here at once, read-only like the others.
    if not admin.site.is_registered(kind):
        admin.site.register(kind, DocumentAdmin)


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


@admin.register(OrganisationGoal)
class OrganisationGoalAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The agency's goals of a year, kept by HR; criteria items point to them by number."""

    list_display = ("fiscal_year", "number", "title")
    list_filter = ("fiscal_year",)
    search_fields = ("title", "description")


@admin.register(DocumentComment)
class DocumentCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "content_type", "object_id", "version", "author", "answered_at")
    list_filter = ("content_type",)
    search_fields = ("body", "answer")
    list_select_related = ("content_type", "author")


class MeetingSeriesForm(forms.ModelForm):
    class Meta:
        model = MeetingSeries
        fields = (
            "name", "unit", "include_subunits", "secretary", "chair", "acting_chairs", "is_active",
        )  # fmt: skip

    def clean(self):
        data = super().clean()
        secretary = data.get("secretary")
        if secretary is not None and secretary in (data.get("acting_chairs") or ()):
            self.add_error(
                "acting_chairs",
                _("The secretary, who drafts the minutes, cannot chair the meeting."),
            )
        return data


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(RoleAdminMixin, admin.ModelAdmin):
    """HR sets up the meeting series: whose meeting it is, who keeps its minutes and who may
    chair it and approve them (the secretary cannot: separation of duties). (Suggestions are
    not in the admin: an anonymous author stays unnamed to people.)"""

    form = MeetingSeriesForm
    list_display = ("name", "unit", "include_subunits", "secretary", "chair", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    autocomplete_fields = ("unit", "secretary", "chair", "acting_chairs")
    list_select_related = ("unit", "secretary", "chair")
