"""OfficialDocument → DOCX with python-docx, in the layout of งานสารบรรณ: A4 (portrait, or
landscape for a wide table), 3 cm left and 2 cm right margins, TH Sarabun 16 pt. Thai is a
complex script for Word: the font, size and bold must be set on the complex-script attributes
(w:cs, w:szCs, w:bCs) and the language on w:bidi, or Word renders Thai in its fallback font."""

import io

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from hrflow.sanitize import text_lines

SIZE = Pt(16)
LEFT, RIGHT = Cm(3), Cm(2)
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}


def write(doc) -> bytes:
    document = Document()
    document.core_properties.title = doc.title
    section = document.sections[0]
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    else:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    _thai_style(document.styles["Normal"])
    text_width = Emu(section.page_width - LEFT - RIGHT)
    for block in doc.blocks:
        if block["type"] in ("table", "split", "paragraph"):
            WIDE_WRITERS[block["type"]](document, block, text_width)
        else:
            WRITERS[block["type"]](document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _thai_style(style):
    style.font.name = settings.HRFLOW_EXPORT_FONT_DOCX
    style.font.size = SIZE
    _complex_script(style.element.get_or_add_rPr(), bold=False)


def _complex_script(rpr, *, bold):
    font = settings.HRFLOW_EXPORT_FONT_DOCX
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)
    if bold:
        for tag in ("w:b", "w:bCs"):
            if rpr.find(qn(tag)) is None:
                rpr.append(OxmlElement(tag))
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)
        element.set(qn("w:val"), str(int(SIZE.pt * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _run(paragraph, text, *, bold=False):
    run = paragraph.add_run(text)
    run.bold = bold or None
    _complex_script(run._element.get_or_add_rPr(), bold=bold)
    return run


def _paragraph(document, text, *, bold=False, align="left", indent=False):
    paragraph = document.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(2.5)
    _run(paragraph, text, bold=bold)
    return paragraph


def _heading(document, block):
    align = "center" if block["level"] == 1 else "left"
    _paragraph(document, block["text"], bold=True, align=align)


def _plain(document, block, text_width):
    paragraph = _paragraph(
        document, block["text"], bold=block["bold"], align=block["align"], indent=block["indent"]
    )
    if block.get("size"):
        _resize(paragraph.runs[0], block["size"])
    if block.get("start"):
        paragraph.paragraph_format.left_indent = Emu(int(text_width * block["start"] / 100))


def _resize(run, size):
    run.font.size = Pt(size)
    run._element.rPr.find(qn("w:szCs")).set(qn("w:val"), str(int(size * 2)))


def _image(document, block):
    """An emblem: centred, or at the left with its title on the same line (a tab stop at the
    centre of the text width)."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.alignment = ALIGN[block["align"]]
    paragraph.add_run().add_picture(io.BytesIO(block["data"]), height=Cm(block["height_cm"]))
    if block["text"]:
        section = document.sections[0]
        centre = Emu(int((section.page_width - LEFT - RIGHT) / 2))
        paragraph.paragraph_format.tab_stops.add_tab_stop(centre, WD_TAB_ALIGNMENT.CENTER)
        _resize(_run(paragraph, f"\t{block['text']}", bold=True), 29)


def _split(document, block, text_width):
    """The left text and the first right line on one line, the other right lines under the
    first: each right line indented to the column (a long one wraps inside it), the first
    hanging out to the margin with the left text and a tab to the column."""
    stop = Emu(int(text_width * block["right_start"] / 100))
    lines = block["lines"] or [""]
    for number, line in enumerate(lines):
        paragraph = document.add_paragraph()
        layout = paragraph.paragraph_format
        layout.space_after = Pt(0)
        layout.left_indent = stop
        if number == 0:
            layout.first_line_indent = -stop
            layout.tab_stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.LEFT)
            _run(paragraph, f"{block['text']}\t{line}")
        else:
            _run(paragraph, line)


def _fields(document, block):
    for label, value in block["pairs"]:
        paragraph = _paragraph(document, label, bold=True)
        _run(paragraph, f"  {value}")


def _table(document, block, text_width):
    """Grid, table and cells of one width: LibreOffice lays a table out by its grid (w:gridCol)
    and its w:tblW, Word by the cells' w:tcW; when they disagree the table is drawn at the
    grid's width and its words split. Fixed layout, widths in twips, the header row repeated
    on every page."""
    widths = [int(text_width * percent / 100) for percent in block["widths"]]
    widths[-1] += int(text_width) - sum(widths)  # rounding: the columns fill the text width
    table = document.add_table(rows=1, cols=len(block["header"]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_width(table, int(text_width))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    _repeat_header(table.rows[0])
    cells_of_rows = [(table.rows[0].cells, block["header"], True)]
    cells_of_rows += [(table.add_row().cells, row, False) for row in block["rows"]]
    for cells, texts, bold in cells_of_rows:
        for cell, text, width in zip(cells, texts, widths, strict=True):
            cell.width = Emu(width)
            lines = str(text).split("\n")
            _run(cell.paragraphs[0], lines[0], bold=bold)
            for line in lines[1:]:
                _run(cell.add_paragraph(), line, bold=bold)


def _table_width(table, emu):
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(emu / 635)))  # 1 twip = 635 EMU


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _rich_text(document, block):
    for line, indent in text_lines(block["html"]):
        _paragraph(document, line, align="justify" if indent else "left", indent=indent)


def _signature(document, block):
    document.add_paragraph()
    if block.get("closing"):
        texts = (block["closing"], "", "", f"({block['name'] or '.' * 34})", block["position"])
        for text in texts:
            paragraph = _paragraph(document, text, align="center")
            paragraph.paragraph_format.left_indent = Cm(7)
        return
    line = "ลงชื่อ .................................."
    date = block["date"] or ".........../.........../..........."
    texts = (
        f"{line} {block['label']}".strip(),
        f"({block['name'] or '.' * 34})",
        block["position"],
        f"วันที่ {date}",
    )
    for text in texts:
        if text:
            paragraph = _paragraph(document, text, align="center")
            paragraph.paragraph_format.left_indent = Cm(7)


WIDE_WRITERS = {"table": _table, "split": _split, "paragraph": _plain}
WRITERS = {
    "heading": _heading,
    "image": _image,
    "fields": _fields,
    "rich_text": _rich_text,
    "signature": _signature,
}
