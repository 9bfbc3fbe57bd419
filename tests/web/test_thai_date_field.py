import datetime as dt

import pytest
from django import forms

from hrflow.forms import ThaiDateField


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-25", dt.date(2026, 11, 25)),  # what <input type=date> sends
        ("25/11/2569", dt.date(2026, 11, 25)),  # as a Thai user types it, BE year
        ("1/2/2569", dt.date(2026, 2, 1)),
        (" 25/11/2569 ", dt.date(2026, 11, 25)),
        ("25/11/2026", dt.date(2026, 11, 25)),
        ("", None),
    ],
)
def test_the_thai_date_field_reads_iso_and_buddhist_era_dates(typed, expected):
    assert ThaiDateField(required=False).clean(typed) == expected


@pytest.mark.parametrize(
    "typed", ["31/02/2569", "tomorrow", "25-11", "25/11/68", "2569-11-25", "1/1/1800", "1/1/3000"]
)
def test_the_thai_date_field_refuses_what_is_not_a_plausible_date(typed):
    with pytest.raises(forms.ValidationError):
        ThaiDateField().clean(typed)


def test_the_thai_date_field_renders_a_date_picker_with_an_iso_value():
    html = ThaiDateField().widget.render("deadline", dt.date(2026, 11, 25))
    assert 'type="date"' in html
    assert 'value="2026-11-25"' in html
