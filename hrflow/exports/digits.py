"""One digit style per document: every digit of an official document is Thai (๐–๙) or every
digit is Arabic (0–9), as the agency chose (Agency.digits) or the reader asked for one download
(`?digits=thai|arabic`). Builders write what they like; the style is applied once, to the whole
document, when it is written out.

Exempt, and said so in the tests: web addresses (a public link must still work when typed from
the paper), IPv4 addresses and hexadecimal digests of 16 characters or more (the audit trail's
client addresses and hash chain, which an auditor compares character for character) — nothing
else. Page numbers follow the style through the print CSS."""

import re

from django.utils.translation import gettext as _

THAI = "thai"
ARABIC = "arabic"
STYLES = (THAI, ARABIC)

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
EXEMPT = re.compile(r"https?://\S+|\b[0-9a-f]{16,}\b|\b\d{1,3}(?:\.\d{1,3}){3}\b")
# In sanitised HTML: a tag (left as it is: attributes hold addresses) or the text between tags.
TAG = re.compile(r"(<[^>]*>)")


def default_style() -> str:
    from hrflow.agency import agency_digits

    return agency_digits()


def choose(requested: str | None) -> str:
    """The style of one download: `requested` ("thai", "arabic", or empty for the agency's
    own); anything else is the reader's mistake (ValueError, a 400)."""
    if not requested:
        return default_style()
    if requested not in STYLES:
        raise ValueError(_("digits= takes “thai” or “arabic”."))
    return requested


def convert(text, style: str) -> str:
    """`text` with every digit in `style`, web addresses left as they are."""
    table = _TO_THAI if style == THAI else _TO_ARABIC
    text = str(text)
    pieces, last = [], 0
    for match in EXEMPT.finditer(text):
        pieces.append(text[last : match.start()].translate(table))
        pieces.append(match.group())
        last = match.end()
    pieces.append(text[last:].translate(table))
    return "".join(pieces)


def convert_html(html: str, style: str) -> str:
    """Sanitised HTML with the digits of its text converted; tags and attributes untouched."""
    return "".join(
        part if part.startswith("<") else convert(part, style) for part in TAG.split(html)
    )


def apply(doc, style: str) -> None:
    """Convert every text of an OfficialDocument's blocks in place."""
    doc.title = convert(doc.title, style)
    for block in doc.blocks:
        for key in ("text", "name", "position", "date", "label", "closing"):
            if isinstance(block.get(key), str):
                block[key] = convert(block[key], style)
        if block.get("lines"):
            block["lines"] = [convert(line, style) for line in block["lines"]]
        if block["type"] == "fields":
            block["pairs"] = [(convert(k, style), convert(v, style)) for k, v in block["pairs"]]
        elif block["type"] == "table":
            block["header"] = [convert(cell, style) for cell in block["header"]]
            block["rows"] = [[convert(cell, style) for cell in row] for row in block["rows"]]
        elif block["type"] == "rich_text":
            block["html"] = convert_html(block["html"], style)
        if block.get("keep"):
            block["keep"] = [convert(phrase, style) for phrase in block["keep"]]
