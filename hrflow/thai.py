"""Thai calendar facts: Buddhist-Era dates, Thai digits, fiscal years and evaluation rounds.

Django shows only the Common Era; everything that prints a date for people goes through here.
พ.ศ. = ค.ศ. + 543. The fiscal year runs 1 October – 30 September and is named by the BE year
in which it ends (ปีงบประมาณ 2568 = 1 Oct 2024 – 30 Sep 2025).
"""

import datetime as dt

from django.utils import timezone, translation

BE_OFFSET = 543

MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_TH_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def active_lang() -> str:
    """ "th" or "en": the language dates are written in for the current request."""
    return "th" if (translation.get_language() or "th").startswith("th") else "en"


def be_year(value: dt.date | dt.datetime) -> int:
    return value.year + BE_OFFSET


def thai_digits(text) -> str:
    return str(text).translate(_THAI_DIGITS)


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value, *, lang="th", short=False, with_time=False, digits=False) -> str:
    """'25 พฤศจิกายน 2569' (Thai) or '25 November 2569 BE' (English); '' for None."""
    if value is None or value == "":
        return ""
    value = _local(value)
    year = be_year(value)
    if lang == "th":
        month = (MONTHS_TH_SHORT if short else MONTHS_TH)[value.month - 1]
        text = f"{value.day} {month} {year}"
    else:
        text = f"{value.day} {MONTHS_EN[value.month - 1][: 3 if short else None]} {year} BE"
    if with_time and isinstance(value, dt.datetime):
        text += f" {value:%H:%M}" + (" น." if lang == "th" else "")
    return thai_digits(text) if digits else text


def fiscal_year(value: dt.date) -> int:
    """The BE fiscal year a date falls in."""
    return be_year(value) + (1 if value.month >= 10 else 0)


def fiscal_year_bounds(fy_be: int) -> tuple[dt.date, dt.date]:
    ce_end = fy_be - BE_OFFSET
    return dt.date(ce_end - 1, 10, 1), dt.date(ce_end, 9, 30)


def evaluation_round(value: dt.date) -> tuple[int, int]:
    """(fiscal year BE, round): round 1 = 1 Oct – 31 Mar, round 2 = 1 Apr – 30 Sep."""
    return fiscal_year(value), (1 if value.month >= 10 or value.month <= 3 else 2)


def parse_be_date(text: str) -> dt.date:
    """Parse 'd/m/yyyy' typed by a Thai user; a year above 2400 is BE and is converted.

    Raises ValueError on anything else, so a form can say so instead of storing year 2568 CE.
    """
    day, month, year_text = text.strip().replace("-", "/").split("/")
    if len(year_text.strip()) != 4:
        # "25/11/69" would otherwise be the year 69: ask for the whole year instead.
        raise ValueError("the year must have four digits")
    day, month, year = int(day), int(month), int(year_text)
    if year > 2400:
        year -= BE_OFFSET
    return dt.date(year, month, day)
