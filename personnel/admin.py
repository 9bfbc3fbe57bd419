"""The agency's goals in the admin, kept by HR (position descriptions and criteria are
read-only documents, registered by workflows.admin)."""

from django.contrib import admin

from hrflow.admin import RoleAdminMixin

from .models import OrganisationGoal


@admin.register(OrganisationGoal)
class OrganisationGoalAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The agency's goals of a year, kept by HR; criteria items point to them by number."""

    list_display = ("fiscal_year", "number", "title")
    list_filter = ("fiscal_year",)
    search_fields = ("title", "description")
