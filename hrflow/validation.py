"""Checks every input path shares, so hostile values are refused with a message (400) where
they enter, not found later by the database, the file system or the JSON decoder (500).

The pages' forms, the API's serializers and the services all call these; none of them raises
anything but ValueError with a sentence for a person, which each caller turns into its own
form error, `Invalid` or DRF ValidationError."""

import datetime as dt
import unicodedata

from django.utils.translation import gettext as _

# Every id column is a 64-bit signed integer (BigAutoField, or smaller): a larger number can
# name nothing, and PostgreSQL refuses to compare with it ("bigint out of range").
MAX_ID = 2**63 - 1
# The deepest JSON any request needs is an audience target inside a list inside the body (3);
# far deeper only costs the decoder its stack.
MAX_JSON_DEPTH = 20
# File systems allow 255 bytes per name; the storage may add "_abcdefg" to make it unique.
MAX_FILE_NAME_BYTES = 200
# A year beyond this in a CE (ค.ศ.) field is a Buddhist Era year typed into it (2569 = 2026).
LAST_CE_YEAR = 2400


def parse_id(value) -> int:
    """A database id from a form or JSON value: a whole number from 1 to MAX_ID."""
    if isinstance(value, bool):
        raise ValueError(_("Not a valid id."))
    if isinstance(value, str):
        value = value.strip()
        if not value.isascii() or not value.isdigit():
            raise ValueError(_("Not a valid id."))
    if not isinstance(value, (int, str)):
        raise ValueError(_("Not a valid id."))
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise ValueError(_("Not a valid id."))
    return number


def lookup_id(value):
    """An object's or a client's id for a lookup; a value no row can have ("abc", 10^20) becomes
    0, which matches nothing, so the caller's "no such …" answers instead of the database
    failing. None and "" pass through (the caller's "not given")."""
    value = getattr(value, "pk", value)
    if value is None or value == "":
        return value
    try:
        return parse_id(value)
    except (TypeError, ValueError):
        return 0


def json_depth(value) -> int:
    """How deeply lists and objects nest in `value` (without recursing, so any depth is safe)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = [*item.keys(), *item.values()]
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack += [(child, depth + 1) for child in item]
    return deepest


def has_nul(value) -> bool:
    """Whether a NUL character is in any string of a JSON value: PostgreSQL stores none."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    return False


def check_file_name(name: str) -> str:
    """A name the storage can write: not too long in bytes (83 × 𝐀 is 332 bytes in UTF-8)."""
    if len((name or "").encode("utf-8", "surrogatepass")) > MAX_FILE_NAME_BYTES:
        raise ValueError(
            _("The file name is too long; rename the file (at most %(limit)s bytes).")
            % {"limit": MAX_FILE_NAME_BYTES}
        )
    return name


def has_visible_text(text: str) -> bool:
    """Whether a title shows anything: not only spaces, invisible (format) or combining marks."""
    return any(
        not char.isspace() and unicodedata.category(char)[0] not in {"C", "M", "Z"}
        for char in text or ""
    )


def check_ce_date(value: dt.date) -> dt.date:
    """API dates are CE: a year past LAST_CE_YEAR was meant as a Buddhist Era year."""
    if value.year > LAST_CE_YEAR:
        raise ValueError(
            _("API dates are CE (ค.ศ.): %(year)s looks like a Buddhist Era year; use %(ce)s.")
            % {"year": value.year, "ce": value.year - 543}
        )
    return value


def check_not_past(value: dt.date, today: dt.date) -> dt.date:
    """A deadline is a day still to come (today at the earliest)."""
    if value < today:
        raise ValueError(_("The deadline cannot be in the past."))
    return value
