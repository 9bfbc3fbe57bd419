"""HR edits a year's measures and their activities here (the pages add evidence files)."""

from django.contrib import admin

from .models import Activity, Measure


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ("order", "source", "text")


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("fiscal_year", "number", "title")
    list_filter = ("fiscal_year",)
    ordering = ("-fiscal_year", "number")
    inlines = [ActivityInline]
