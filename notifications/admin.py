"""Acknowledgements and notices in the admin: evidence, so read-only. HR filters notices by
status to see what could not be delivered."""

from django.contrib import admin
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from hrflow.admin import ReadOnlyAdminMixin

from .models import Acknowledgement, Notice
from .services.outbox import PRIVATE_KEY_PREFIX


class AcknowledgementStateFilter(admin.SimpleListFilter):
    title = _("acknowledgement")
    parameter_name = "ack"

    def lookups(self, request, model_admin):
        return (
            ("acknowledged", _("Acknowledged")),
            ("pending", _("Pending")),
            ("overdue", _("Overdue")),
        )

    def queryset(self, request, queryset):
        if self.value() == "acknowledged":
            return queryset.acknowledged()
        if self.value() == "pending":
            return queryset.pending()
        if self.value() == "overdue":
            return queryset.overdue(timezone.localdate())
        return queryset


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "employee",
        "content_type",
        "object_id",
        "version",
        "deadline",
        "requested_at",
        "acknowledged_at",
        "proxy_by",
    )
    list_filter = (AcknowledgementStateFilter, "content_type", "deadline")
    search_fields = (
        "employee__staff_id",
        "employee__first_name",
        "employee__last_name",
        "employee__user__username",
    )
    list_select_related = ("employee", "content_type", "proxy_by")
    date_hierarchy = "requested_at"


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "recipient",
        "kind",
        "channel",
        "status",
        "attempts",
        "short_error",
        "sent_at",
    )
    list_filter = ("status", "channel", "kind")
    search_fields = (
        "recipient__staff_id",
        "recipient__first_name",
        "recipient__last_name",
        "last_error",
    )
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        # The answer to an anonymous suggestion names its author as the recipient: nobody but
        # that person may see it, the admin included.
        qs = super().get_queryset(request)
        return qs.exclude(dedupe_key__startswith=PRIVATE_KEY_PREFIX)

    @admin.display(description=_("last error"))
    def short_error(self, notice):
        return Truncator(notice.last_error).chars(80)
