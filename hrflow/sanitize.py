"""Rich text from editors: keep formatting, drop anything that runs (scripts, handlers, js:)."""

import html.parser
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


def text_lines(html: str) -> list[tuple[str, bool]]:
    """Rich text as plain lines for a DOCX or a diff: (text, is_paragraph) per block element,
    "• " before list items, the cells of a table row joined by tabs."""
    return _TextLines.lines(html)


class _TextLines(html.parser.HTMLParser):
    """Sanitised editor HTML as (text, indent) lines: a paragraph per block element, "• " for
    list items, cells of a table row joined by tabs."""

    BLOCKS = {"p", "li", "h2", "h3", "h4", "blockquote", "tr", "br", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.current, self.in_list = [], [], False

    @classmethod
    def lines(cls, html):
        parser = cls()
        parser.feed(html or "")
        parser.close()
        parser._flush()
        return parser.out

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._flush()
        if tag == "li":
            self.current.append("• ")
        elif tag in {"td", "th"} and self.current:
            self.current.append("\t")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        self.current.append(data)

    def _flush(self):
        text = "".join(self.current).strip()
        self.current = []
        if text:
            self.out.append((text, not text.startswith("• ")))
