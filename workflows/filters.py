"""The one filter form of every document list: text, fiscal year, unit and state, as GET
parameters (a filtered list is a bookmark), applied to the queryset the page already restricts
to what the person may read — a filter narrows, it never widens.

A kind says where its words and its year are with knobs on its model (workflows/models/base.py):
`search_fields` (substring, case-insensitive: Thai writes no spaces between words, so a word is
found inside a longer one), `fiscal_year_field` (a BE fiscal-year column) or `fiscal_year_date`
(a date or datetime whose fiscal year counts). A number — "12", "ว 12", "3/2568", in Thai digits
or not — also finds the kind's register number when it has one.

The choices are read from the documents themselves, one query each, whatever their number."""

import datetime as dt
import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from hrflow.models import Department
from hrflow.thai import fiscal_year, fiscal_year_bounds

MAX_TEXT = 100
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# The number at the end of what was typed, with its BE year if given: "ว 12", "ครั้งที่ 3/2568".
_NUMBER = re.compile(r"(\d{1,6})(?:\s*/\s*(\d{4}))?\s*$")


class YearField(forms.TypedChoiceField):
    """A BE year from the list; Thai digits are read as digits, and a value that is no year
    at all says so (rather than "not in the list")."""

    def to_python(self, value):
        return super().to_python(value).translate(_THAI_DIGITS).strip()

    def bound_data(self, data, initial):
        # What the select shows chosen: "๒๕๖๙" is the list's 2569.
        return data.translate(_THAI_DIGITS).strip() if isinstance(data, str) else data

    def validate(self, value):
        if value and not value.isdigit():
            raise forms.ValidationError(
                _("Give the fiscal year as a Buddhist Era year, e.g. 2569."), code="invalid"
            )
        super().validate(value)


class ListFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.SearchInput(attrs={"placeholder": _("Title, number or name")}),
        error_messages={"max_length": _("Type at most %(limit_value)d characters.")},
    )
    year = YearField(label=_("Fiscal year (BE)"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("State"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, years, units, states):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["year"].choices = everything + [(year, str(year)) for year in years]
        self.fields["unit"].choices = everything + list(units)
        self.fields["state"].choices = everything + list(states)
        messages = {
            "year": _("There are no documents of that fiscal year here: choose one from the list."),
            "unit": _("No document here belongs to that unit: choose one from the list."),
            "state": _("There is no such state: choose one from the list."),
        }
        for name, message in messages.items():
            self.fields[name].error_messages["invalid_choice"] = message

    def query(self) -> str:
        """The valid filters as a query string, for the pagination links ("" for none)."""
        if not self.is_bound or self.errors:
            return ""
        values = {name: value for name, value in self.cleaned_data.items() if value}
        return urlencode(values)


@dataclass
class FilteredList:
    form: ListFilterForm
    documents: models.QuerySet  # filtered when the form is valid, else as given
    query: str  # for the pagination links

    @property
    def status(self) -> int:
        return 400 if self.form.errors else 200


def filter_documents(data, documents: models.QuerySet) -> FilteredList:
    """`documents` (already what the person may see) narrowed by the filters in `data`
    (request.GET); with a bad value, the form's error and the list unfiltered."""
    model = documents.model
    form = ListFilterForm(
        data if any(data.get(name) for name in ("q", "year", "unit", "state")) else None,
        years=sorted(years_of(documents), reverse=True),
        units=Department.objects.filter(pk__in=documents.order_by().values("owner_unit_id"))
        .order_by("name")
        .values_list("pk", "name"),
        states=model._meta.get_field("state").choices,
    )
    if not form.is_bound or not form.is_valid():
        return FilteredList(form, documents, "")
    values = form.cleaned_data
    if values["q"]:
        documents = documents.filter(search_q(model, values["q"]))
    if values["year"]:
        documents = documents.filter(in_fiscal_year(model, values["year"]))
    if values["unit"]:
        documents = documents.filter(owner_unit_id=values["unit"])
    if values["state"]:
        documents = documents.filter(state=values["state"])
    return FilteredList(form, documents, form.query())


def search_q(model, text: str) -> Q:
    """Every word of `text` in one of the kind's search fields (or its register number)."""
    text = text[:MAX_TEXT].translate(_THAI_DIGITS)
    number = _number_q(model, text)
    words = [
        reduce(or_, (Q(**{f"{field}__icontains": word}) for field in model.search_fields))
        for word in text.split()
    ]
    found = reduce(lambda a, b: a & b, words) if words else Q()
    return found | number if number is not None else found


def _number_q(model, text: str) -> Q | None:
    fields = {field.name for field in model._meta.get_fields()}
    match = _NUMBER.search(text)
    if "number" not in fields or match is None:
        return None
    number, year = match.groups()
    found = Q(number=int(number))
    if year and "number_year" in fields:
        found &= Q(number_year=int(year))
    return found


def years_of(documents: models.QuerySet) -> set[int]:
    """The fiscal years the documents fall in (one query)."""
    model = documents.model
    documents = documents.order_by()
    if model.fiscal_year_field:
        return set(documents.values_list(model.fiscal_year_field, flat=True).distinct())
    name = model.fiscal_year_date
    if isinstance(model._meta.get_field(name), models.DateTimeField):
        months = [month.date() for month in documents.datetimes(name, "month")]
    else:
        months = documents.dates(name, "month")
    return {fiscal_year(month) for month in months}


def in_fiscal_year(model, year: int) -> Q:
    if model.fiscal_year_field:
        return Q(**{model.fiscal_year_field: year})
    name = model.fiscal_year_date
    start, end = fiscal_year_bounds(year)
    end += dt.timedelta(days=1)
    if isinstance(model._meta.get_field(name), models.DateTimeField):
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(end, dt.time.min, tzinfo=zone)
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})
