"""OfficialDocument: the content of a Thai official document as a list of blocks, rendered
to PDF (an HTML page printed by headless Chromium) and to DOCX (python-docx).

Why Chromium for PDF: HarfBuzz decomposes SARA AM (ำ) and WeasyPrint's text map then loses it,
so "ประจำปี" is copied out of its PDFs as "ประจาปี"; Chromium's PDFs keep the exact text, which a
published, searchable record needs (tests/workflows/test_exports.py checks with pdftotext)."""

import base64
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from hrflow.cells import xml_text
from hrflow.sanitize import sanitize_html

from . import digits as digit_styles
from . import docx as docx_writer
from . import pdf as pdf_writer
from .fonts import font_face_css
from .pdf import ExportUnavailable

ALIGNMENTS = ("left", "center", "right", "justify")


@dataclass
class OfficialDocument:
    """Every text is kept XML-safe (hrflow.cells.xml_text) as it comes in: stored text may hold a
    control character, which python-docx refuses, and an export must not fail on it."""

    title: str
    blocks: list = field(default_factory=list)
    # "thai" or "arabic": every digit the document shows (hrflow.exports.digits); None until
    # it is written out, then the agency's style unless with_digits() chose one.
    digits: str | None = None
    landscape: bool = False

    def __post_init__(self):
        self.title = xml_text(self.title)

    def with_digits(self, style: str):
        if style not in digit_styles.STYLES:
            raise ValueError(f"digits must be one of {digit_styles.STYLES}")
        self.digits = style
        return self

    def heading(self, text, level=1):
        self.blocks.append({"type": "heading", "text": xml_text(text), "level": level})
        return self

    def paragraph(
        self, text, *, bold=False, align="left", indent=False, keep=(), start=0, size=None
    ):
        """`keep`: phrases of `text` (people's names) that never break across lines in the
        PDF — Chromium splits Thai names its dictionary does not know ("นางอ|รุณี").
        `start`: where the text begins, in percent of the text width (a letter's date);
        `size`: the font size in points, if not the body's."""
        if align not in ALIGNMENTS:
            raise ValueError(f"align must be one of {ALIGNMENTS}")
        self.blocks.append(
            {
                "type": "paragraph",
                "text": xml_text(text),
                "bold": bold,
                "align": align,
                "indent": indent,
                "keep": [xml_text(phrase) for phrase in keep if phrase],
                "start": start,
                "size": size,
            }
        )
        return self

    def image(self, data: bytes, content_type: str, *, height_cm, align="center", beside=""):
        """A picture (an emblem) `height_cm` high: centred, or at the left with `beside` (a
        title such as บันทึกข้อความ) on its line, centred on the text width."""
        if align not in ("left", "center"):
            raise ValueError("align must be left or center")
        self.blocks.append(
            {
                "type": "image",
                "data": data,
                "src": f"data:{content_type};base64,{base64.b64encode(data).decode()}",
                "height_cm": height_cm,
                "align": align,
                "text": xml_text(beside),
            }
        )
        return self

    def split_line(self, left, right_lines, *, right_start=55):
        """`left` at the margin and, on the same line, `right_lines` one under the other
        from `right_start` percent of the text width (ที่ … and the agency's address)."""
        self.blocks.append(
            {
                "type": "split",
                "text": xml_text(left),
                "lines": [xml_text(line) for line in right_lines],
                "right_start": right_start,
            }
        )
        return self

    def fields(self, pairs):
        """Label: value lines (ที่ …, วันที่ …, เรื่อง …)."""
        self.blocks.append(
            {"type": "fields", "pairs": [(xml_text(k), xml_text(v)) for k, v in pairs]}
        )
        return self

    def table(self, header, rows, widths=None, *, nowrap=(), fixed=False):
        """`nowrap`: the columns whose cells never break inside (a person's name: Chromium
        splits Thai names its dictionary does not know). `fixed`: the PDF keeps the widths
        exactly (a form to fill in by hand) instead of fitting them to the longest texts."""
        header = [xml_text(cell) for cell in header]
        rows = [[xml_text(cell) for cell in row] for row in rows]
        if any(len(row) != len(header) for row in rows):
            raise ValueError("every row needs one cell per column")
        widths = list(widths or [1] * len(header))
        total = sum(widths)
        percents = [round(100 * w / total, 2) for w in widths]
        self.blocks.append(
            {
                "type": "table",
                "header": header,
                "rows": rows,
                "widths": percents,
                "nowrap": frozenset(nowrap),
                "fixed": fixed,
            }
        )
        return self

    def rich_text(self, html):
        """Sanitised HTML from the editor (hrflow.sanitize): kept as is in the PDF, turned
        into plain paragraphs and list lines in the DOCX."""
        self.blocks.append({"type": "rich_text", "html": xml_text(sanitize_html(html or ""))})
        return self

    def signature(self, name, position="", *, date="", label="", closing=""):
        """A signer: a line to sign on (after `label`, e.g. ผู้จดรายงานการประชุม, when
        given), the name in brackets, the position and the date — the date written when it
        is known, else a dotted line to write it by hand. With `closing` (a letter's
        ขอแสดงความนับถือ): the closing, room to sign, the name and position; a letter's date
        is at its head."""
        self.blocks.append(
            {
                "type": "signature",
                "name": xml_text(name),
                "position": xml_text(position),
                "date": xml_text(date),
                "label": xml_text(label),
                "closing": xml_text(closing),
            }
        )
        return self

    # --- output -------------------------------------------------------------------------------
    def _settle_digits(self):
        """Every text in the document's digit style (the agency's unless chosen): converting
        is idempotent, so each output applies it again to whatever was added since."""
        self.digits = self.digits or digit_styles.default_style()
        digit_styles.apply(self, self.digits)

    def html(self) -> str:
        self._settle_digits()
        for block in self.blocks:
            if block["type"] == "paragraph":
                block["marked"] = _marked(block["text"], block["keep"])
        return render_to_string(
            "exports/official.html",
            {"doc": self, "font_css": font_face_css(), "page_counter": self.page_counter},
        )

    @property
    def page_counter(self) -> str:
        """The CSS counter style of the page numbers: the document's digits."""
        return "thai" if self.digits == digit_styles.THAI else "decimal"

    def pdf(self) -> bytes:
        return pdf_writer.html_to_pdf(self.html())

    def docx(self) -> bytes:
        self._settle_digits()
        return docx_writer.write(self)


def _marked(text, keep) -> str:
    """The paragraph's text as HTML: escaped, line breaks kept, each phrase of `keep` in an
    unbreakable span."""
    html = str(escape(text))
    for phrase in sorted(set(keep), key=len, reverse=True):
        escaped = str(escape(phrase))
        html = html.replace(escaped, f'<span class="nowrap">{escaped}</span>')
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 (escaped above)


__all__ = ["ExportUnavailable", "OfficialDocument"]
