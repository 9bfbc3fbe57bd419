"""Thai calendar facts: Buddhist-Era dates, Thai digits, fiscal years and evaluation rounds."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from hrflow import thai

D = dt.date


def test_the_buddhist_era_is_the_common_era_plus_543():
    assert thai.be_year(D(2026, 11, 25)) == 2569
    assert thai.be_year(dt.datetime(1999, 12, 31, 23, 59)) == 2542


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, "25 พฤศจิกายน 2569"),
        ({"short": True}, "25 พ.ย. 2569"),
        ({"digits": True}, "๒๕ พฤศจิกายน ๒๕๖๙"),
        ({"lang": "en"}, "25 November 2569 BE"),
        ({"lang": "en", "short": True}, "25 Nov 2569 BE"),
    ],
)
def test_a_date_is_written_in_the_buddhist_era(options, expected):
    assert thai.format_date(D(2026, 11, 25), **options) == expected


def test_every_month_has_its_thai_name():
    names = [thai.format_date(D(2025, month, 1)).split(" ")[1] for month in range(1, 13)]
    assert names[0] == "มกราคม" and names[9] == "ตุลาคม" and names[11] == "ธันวาคม"
    assert len(set(names)) == 12


def test_a_moment_is_written_in_bangkok_time_with_its_clock(settings):
    moment = dt.datetime(2026, 12, 31, 18, 30, tzinfo=dt.UTC)  # 01:30 on 1 Jan in Bangkok
    assert thai.format_date(moment) == "1 มกราคม 2570"
    assert thai.format_date(moment, short=True, with_time=True) == "1 ม.ค. 2570 01:30 น."
    assert thai.format_date(moment, lang="en", with_time=True) == "1 January 2570 BE 01:30"


@pytest.mark.parametrize("empty", [None, ""])
def test_no_date_is_written_as_nothing(empty):
    assert thai.format_date(empty) == ""


def test_thai_digits_replace_arabic_ones_and_leave_the_rest():
    assert thai.thai_digits("ที่ ลพ 51000/ว 123") == "ที่ ลพ ๕๑๐๐๐/ว ๑๒๓"
    assert thai.thai_digits(2569) == "๒๕๖๙"


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (D(2024, 9, 30), 2567),
        (D(2024, 10, 1), 2568),
        (D(2025, 1, 1), 2568),
        (D(2025, 9, 30), 2568),
        (D(2025, 10, 1), 2569),
        (D(2025, 12, 31), 2569),
    ],
)
def test_the_fiscal_year_runs_from_1_october_and_is_named_by_the_be_year_it_ends_in(
    day, fiscal_year
):
    assert thai.fiscal_year(day) == fiscal_year


def test_the_bounds_of_a_fiscal_year_are_1_october_to_30_september():
    start, end = thai.fiscal_year_bounds(2568)
    assert (start, end) == (D(2024, 10, 1), D(2025, 9, 30))
    assert thai.fiscal_year(start) == thai.fiscal_year(end) == 2568
    assert thai.fiscal_year(start - dt.timedelta(days=1)) == 2567
    assert thai.fiscal_year(end + dt.timedelta(days=1)) == 2569


@pytest.mark.parametrize(
    ("day", "round_"),
    [
        (D(2024, 10, 1), (2568, 1)),
        (D(2025, 3, 31), (2568, 1)),
        (D(2025, 4, 1), (2568, 2)),
        (D(2025, 9, 30), (2568, 2)),
        (D(2025, 10, 1), (2569, 1)),
    ],
)
def test_evaluation_rounds_split_the_fiscal_year_at_1_april(day, round_):
    assert thai.evaluation_round(day) == round_


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("25/11/2569", D(2026, 11, 25)),
        (" 1/1/2570 ", D(2027, 1, 1)),
        ("25-11-2569", D(2026, 11, 25)),
        ("29/2/2567", D(2024, 2, 29)),
        ("25/11/2026", D(2026, 11, 25)),  # already the Common Era
        ("๒๕/๑๑/๒๕๖๙", D(2026, 11, 25)),  # typed in Thai digits
    ],
)
def test_a_date_typed_in_the_buddhist_era_is_understood(typed, expected):
    assert thai.parse_be_date(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "garbage",
        "",
        "25/11",
        "25/11/2569/1",
        "31/2/2569",
        "25/13/2569",
        "29/2/2568",  # 2025 is not a leap year
        "25/11/69",  # a two-digit year would silently become the year 69
        "25/11/ปีนี้",
    ],
)
def test_anything_else_is_a_value_error(typed):
    with pytest.raises(ValueError):
        thai.parse_be_date(typed)


def test_template_filters_follow_the_active_language():
    template = Template("{{ day|thaidate }} · {{ day|thaidateshort }} · {{ n|thainum }}")
    context = Context({"day": D(2026, 11, 25), "n": 42})
    with translation.override("th"):
        assert template.render(context) == "25 พฤศจิกายน 2569 · 25 พ.ย. 2569 · ๔๒"
    with translation.override("en"):
        assert template.render(context) == "25 November 2569 BE · 25 Nov 2569 BE · ๔๒"
