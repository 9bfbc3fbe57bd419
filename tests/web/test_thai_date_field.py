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


def test_the_thai_date_field_renders_a_text_input_for_the_be_calendar_with_a_be_value():
    html = ThaiDateField().widget.render("deadline", dt.date(2026, 11, 25))
    assert 'type="text"' in html
    assert "data-be-date" in html
    assert 'value="25/11/2569"' in html


def test_what_was_typed_comes_back_as_typed_when_it_is_not_a_date():
    class Form(forms.Form):
        deadline = ThaiDateField()

    form = Form({"deadline": "31/02/2569"})
    assert not form.is_valid()
    assert 'value="31/02/2569"' in str(form["deadline"])
    assert 'aria-invalid="true"' in str(form["deadline"])


def test_thai_digits_are_read_as_digits():
    assert ThaiDateField().clean("๒๐/๑๒/๒๕๖๙") == dt.date(2026, 12, 20)


def test_an_iso_date_with_a_buddhist_era_year_is_refused_with_the_be_way_to_write_it():
    with pytest.raises(forms.ValidationError) as refused:
        ThaiDateField().clean("2569-12-20")
    assert refused.value.code == "be_year_in_iso"
    assert "20/12/2569" in refused.value.messages[0]
