"""Meeting series in the admin, set up by HR (the minutes themselves are read-only documents,
registered by workflows.admin)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hrflow.admin import RoleAdminMixin

from .models import MeetingSeries


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
