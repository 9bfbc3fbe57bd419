"""OfficialDocument: the content of a Thai official document as a list of blocks, rendered
to PDF (an HTML page printed by headless Chromium) and to DOCX (python-docx).

Why Chromium for PDF: HarfBuzz decomposes SARA AM (ำ) and WeasyPrint's text map then loses it,
so "ประจำปี" is copied out of its PDFs as "ประจาปี"; Chromium's PDFs keep the exact text, which a
published, searchable record needs (tests/workflows/test_exports.py checks with pdftotext)."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from hrflow.cells import xml_text
from hrflow.sanitize import sanitize_html

from . import docx as docx_writer
from . import pdf as pdf_writer
from .pdf import ExportUnavailable

ALIGNMENTS = ("left", "center", "right", "justify")


@dataclass
class OfficialDocument:
    """Every text is kept XML-safe (hrflow.cells.xml_text) as it comes in: stored text may hold a
    control character, which python-docx refuses, and an export must not fail on it."""

    title: str
    blocks: list = field(default_factory=list)

    def __post_init__(self):
        self.title = xml_text(self.title)

    def heading(self, text, level=1):
        self.blocks.append({"type": "heading", "text": xml_text(text), "level": level})
        return self

    def paragraph(self, text, *, bold=False, align="left", indent=False):
        if align not in ALIGNMENTS:
            raise ValueError(f"align must be one of {ALIGNMENTS}")
        self.blocks.append(
            {
                "type": "paragraph",
                "text": xml_text(text),
                "bold": bold,
                "align": align,
                "indent": indent,
            }
        )
        return self

    def fields(self, pairs):
        """Label: value lines (ที่ …, วันที่ …, เรื่อง …)."""
        self.blocks.append(
            {"type": "fields", "pairs": [(xml_text(k), xml_text(v)) for k, v in pairs]}
        )
        return self

    def table(self, header, rows, widths=None):
        header = [xml_text(cell) for cell in header]
        rows = [[xml_text(cell) for cell in row] for row in rows]
        if any(len(row) != len(header) for row in rows):
            raise ValueError("every row needs one cell per column")
        widths = list(widths or [1] * len(header))
        total = sum(widths)
        percents = [round(100 * w / total, 2) for w in widths]
        self.blocks.append({"type": "table", "header": header, "rows": rows, "widths": percents})
        return self

    def rich_text(self, html):
        """Sanitised HTML from the editor (hrflow.sanitize): kept as is in the PDF, turned
        into plain paragraphs and list lines in the DOCX."""
        self.blocks.append({"type": "rich_text", "html": xml_text(sanitize_html(html or ""))})
        return self

    def signature(self, name, position=""):
        self.blocks.append(
            {"type": "signature", "name": xml_text(name), "position": xml_text(position)}
        )
        return self

    # --- output -------------------------------------------------------------------------------
    def html(self) -> str:
        return render_to_string("exports/official.html", {"doc": self})

    def pdf(self) -> bytes:
        return pdf_writer.html_to_pdf(self.html())

    def docx(self) -> bytes:
        return docx_writer.write(self)


__all__ = ["ExportUnavailable", "OfficialDocument"]
