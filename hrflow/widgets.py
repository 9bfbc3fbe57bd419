"""Widgets every app's forms share: the Buddhist-Era date input (and the admin's emblem input).

Browsers' own date pickers are Gregorian (and in the order of the browser's locale, mm/dd/yyyy
in many), while every page of HRFlow speaks the Buddhist Era. So a date is a plain text input
that shows and takes dd/mm/BBBB (20/12/2569); static/js/forms.js adds a calendar in the
Buddhist Era beside it. Without JavaScript the input is still typed the same way.
"""

import base64
import datetime as dt

from django import forms
from django.urls import reverse
from django.utils.html import format_html
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


class PickerMixin:
    """A select that static/js/picker.js turns into a search box (an ARIA combobox) asking
    `search_url`; without JavaScript it stays the plain select."""

    search_url_name = ""

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, **kwargs)
        self.attrs.update(
            {
                "data-picker": self.search_url_name,
                "data-search-placeholder": self.placeholder,
                "data-none-label": _("Nothing matches."),
                "data-more-label": _("Show more"),
                "data-remove-label": _("Remove"),
                "data-chosen-label": _("Chosen"),
            }
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-search-url"] = reverse(self.search_url_name)
        return context


class StaffPicker(PickerMixin, forms.Select):
    search_url_name = "staff-search"
    placeholder = _("Type a name, staff ID or unit")


class StaffMultiPicker(PickerMixin, forms.SelectMultiple):
    search_url_name = "staff-search"
    placeholder = _("Type a name, staff ID or unit")


class UnitMultiPicker(PickerMixin, forms.SelectMultiple):
    search_url_name = "unit-search"
    placeholder = _("Type a unit's name or code")


class UnitPicker(PickerMixin, forms.Select):
    search_url_name = "unit-search"
    placeholder = _("Type a unit's name or code")


class EmblemInput(forms.ClearableFileInput):
    """The agency's emblem in the admin: the stored image shown inline (MEDIA_ROOT has no
    address, so Django's link to the file would lead nowhere), a box to clear it, and the
    file input."""

    def render(self, name, value, attrs=None, renderer=None):
        if not self.is_initial(value):
            return super().render(name, value, attrs, renderer)
        try:
            with value.open("rb") as stored:
                data = stored.read()
        except OSError:
            data = b""
        kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        preview = (
            format_html(
                '<img src="data:{};base64,{}" alt="" style="height: 3cm; width: auto;">',
                kind,
                base64.b64encode(data).decode(),
            )
            if data
            else _("The stored file is missing.")
        )
        checkbox_id = self.clear_checkbox_id(self.clear_checkbox_name(name))
        return format_html(
            # One block: the admin's flex row would otherwise spread (and stretch) its parts.
            '<div>{}<div><input type="checkbox" name="{}" id="{}"> '
            '<label class="vCheckboxLabel" for="{}">{}</label></div><div>{}: {}</div></div>',
            preview,
            self.clear_checkbox_name(name),
            checkbox_id,
            checkbox_id,
            self.clear_checkbox_label,
            self.input_text,
            forms.FileInput().render(name, None, attrs, renderer),
        )
