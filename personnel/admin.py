"""The agency's rating level scheme, set once by HR (the data migration creates the default)."""

from django.contrib import admin

from .models import LevelScheme


@admin.register(LevelScheme)
class LevelSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "allow_other_levels", "updated_at")
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request):
        # One scheme: HR edits it rather than adding a second one nobody would read.
        return not LevelScheme.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
