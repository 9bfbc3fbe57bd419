"""The agency's goals and its rating level scheme in the admin, kept by HR (position
descriptions and criteria are read-only documents, registered by workflows.admin; the level
scheme's default is created by a data migration)."""

from django.contrib import admin

from hrflow.admin import RoleAdminMixin

from .models import LevelScheme, OrganisationGoal


@admin.register(OrganisationGoal)
class OrganisationGoalAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The agency's goals of a year, kept by HR; criteria items point to them by number."""

    list_display = ("fiscal_year", "number", "title")
    list_filter = ("fiscal_year",)
    search_fields = ("title", "description")


@admin.register(LevelScheme)
class LevelSchemeAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("name", "allow_other_levels", "updated_at")
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request, *args):
        # One scheme: HR edits it rather than adding a second one nobody would read.
        return not LevelScheme.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
