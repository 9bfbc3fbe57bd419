"""Widgets every app's forms share: the Buddhist-Era date input.

Browsers' own date pickers are Gregorian (and in the order of the browser's locale, mm/dd/yyyy
in many), while every page of HRFlow speaks the Buddhist Era. So a date is a plain text input
that shows and takes dd/mm/BBBB (20/12/2569); static/js/forms.js adds a calendar in the
Buddhist Era beside it. Without JavaScript the input is still typed the same way.
"""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from hrflow.thai import BE_OFFSET


def be_date_text(value: dt.date) -> str:
    """20/12/2569 for 20 December 2026: what the date input shows and what people type."""
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"


class BuddhistEraDateInput(forms.DateInput):
    """A text input for dd/mm/BBBB, marked for the calendar (data-be-date) with the calendar's
    own labels in the page's language (the script has no catalogue of its own)."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("dd/mm/yyyy (BE)"),
            "maxlength": "10",
            "data-be-date": "",
            "data-pick-label": _("Pick a date from the calendar"),
            "data-prev-label": _("Previous month"),
            "data-next-label": _("Next month"),
            "data-close-label": _("Close the calendar"),
            "data-calendar-label": _("Calendar (Buddhist Era)"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return be_date_text(value)
        # What the person typed comes back as typed, so a slip can be corrected in place.
        return None if value in (None, "") else str(value)
