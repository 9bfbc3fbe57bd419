"""Rich text from editors: keep formatting, drop anything that runs (scripts, handlers, js:)."""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "a", "hr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan"}}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


# Refused outright rather than silently dropped, so the author knows their text changed.
_ACTIVE_CONTENT = re.compile(
    # A tag that runs code, or an attribute inside a tag that does (onerror=…, href="javascript:…").
    r"<\s*(script|iframe|object|embed|style|form)\b|<[^>]*(\bon[a-z]+\s*=|javascript\s*:)",
    re.IGNORECASE,
)


def find_active_content(html: str) -> str | None:
    """The first piece of script-like content in the text, or None."""
    match = _ACTIVE_CONTENT.search(html or "")
    return match.group(0) if match else None
