"""Text that HRFlow writes into files: one function for every CSV/XLSX cell, one for any other
text put into XML (XLSX, DOCX).

Why: the text comes from people (imported names, titles, audit summaries) and ends up on a
spreadsheet user's machine. A cell that starts with = + - @ (or a tab or carriage return,
which spreadsheets skip before looking) is run as a formula when the file is opened — CSV is
re-read by Excel and openpyxl stores such a string as a live formula — so it is written with a
leading apostrophe, the spreadsheets' own mark for "text, not a formula". XML 1.0 cannot hold
most control characters (openpyxl and python-docx refuse them with an exception, a 500 on every
export that lists the text), so they are replaced by U+FFFD, which shows that something was there.
"""

import datetime as dt
import re
from decimal import Decimal

# The characters XML 1.0 forbids (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE, plus the
# non-characters U+FFFE/U+FFFF and lone surrogates, which lxml refuses as well).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"
# Kept as they are: spreadsheets store these as numbers and dates, never as formulas.
TYPED = (bool, int, float, Decimal, dt.date, dt.datetime, dt.time)


def xml_text(value) -> str:
    """Any text for an XML-based file (a DOCX run, a sheet's title) without what XML refuses."""
    return XML_ILLEGAL.sub(REPLACEMENT, str(value))


def cell(value):
    """A value for a CSV or XLSX cell: numbers and dates as they are, None as an empty cell, text
    made inert (no formula) and XML-safe."""
    if value is None or isinstance(value, TYPED):
        return value
    text = xml_text(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def row(values) -> list:
    return [cell(value) for value in values]


def has_control_characters(text: str) -> bool:
    """Whether text holds a control character (C0, DEL or C1): what a name or a code never
    holds, and what would otherwise be stored and break the files that show it."""
    return any(ord(char) < 32 or 127 <= ord(char) < 160 for char in text)
