"""The report as a Thai official document: PDF and DOCX through hrflow.exports (TH Sarabun
16 pt, BE dates), XLSX with openpyxl. The four columns of the reference report; with
`thai_digits` every Arabic digit is written in Thai digits."""

import io

from django.conf import settings
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from hrflow import cells
from hrflow.exports import OfficialDocument
from hrflow.exports import digits as digit_styles
from hrflow.thai import format_date
from workflows.exports import signer
from workflows.models import State

COLUMNS = (
    "หัวข้อ มาตรการ/กิจกรรมที่ดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "ขั้นตอน/วิธีปฏิบัติ",
    "สรุปผลการดำเนินการตามมาตรการ/กิจกรรม",
    "ผลลัพธ์/ความสำเร็จของการดำเนินการ",
)
WIDTHS = (4, 4, 6, 4)


def _evidence_url(pk) -> str:
    """The evidence file's address: public once its report is published."""
    return settings.HRFLOW_SITE_URL.rstrip("/") + reverse("reports:evidence", args=[pk])


def _activity_lines(activity) -> list[str]:
    lines = [f"- {activity['text']}"] if activity.get("text") else []
    if activity.get("note"):
        lines.append(f"  {activity['note']}")
    lines += [
        f"  หลักฐาน: {item['name']} {_evidence_url(item['id'])}"
        for item in activity.get("evidence", [])
    ]
    return lines


def _tagged_lines(measure) -> list[str]:
    """The documents and files tagged as the measure's evidence, counted, with addresses."""
    entries = measure.get("tagged", [])
    if not entries:
        return []
    counts = ", ".join(f"{label} {count}" for label, count in measure.get("tagged_counts", []))
    site = settings.HRFLOW_SITE_URL.rstrip("/")
    return [f"หลักฐานที่อ้างอิง ({counts}):"] + [
        f"- {entry['title']}" + (f" ({entry['number']})" if entry["number"] else "")
        + f" {site}{entry['url']}"
        for entry in entries
    ]  # fmt: skip


def _outcome(measure, *, submitted: bool) -> str:
    """The typed outcome, and beside it each computed figure below its threshold: the report
    says what HR confirmed when submitting it (IntegrityReport.check_step)."""
    lines = [measure["outcome"]] if measure["outcome"] else []
    for activity in measure["activities"]:
        check = activity.get("check")
        if check and check["met"] is False:
            lines.append(
                f"หมายเหตุ: ตัวเลขที่คำนวณจากข้อมูลในระบบ (ร้อยละ {check['share']}) ต่ำกว่าเกณฑ์"
                f"ร้อยละ {check['threshold']} ที่ผลลัพธ์นี้ถือ "
                + (
                    "ผู้จัดทำรายงานยืนยันการส่งรายงานตามที่เป็น"
                    if submitted
                    else "(ร่าง: ต้องยืนยันก่อนส่งรายงาน)"
                )
            )
    return "\n".join(lines)


def rows(report) -> list[list[str]]:
    return [
        [
            f"{measure['number']}. {measure['title']}\n{measure['description']}".strip(),
            "\n".join(measure["steps"]),
            "\n".join(
                [line for activity in measure["activities"] for line in _activity_lines(activity)]
                + _tagged_lines(measure)
            ),
            _outcome(measure, submitted=report.state != State.DRAFT),
        ]
        for measure in report.measures
    ]


def _header_lines(report) -> list[tuple[str, str]]:
    start, end = report.period
    return [
        ("หน่วยงาน", report.agency or "-"),
        (
            "ระยะเวลา",
            f"{format_date(start)} ถึง {format_date(end)} (ปีงบประมาณ พ.ศ. {report.fiscal_year})",
        ),
        ("ข้อมูล ณ วันที่", format_date(report.built_at)),
    ]


def official(report, *, digits=None) -> OfficialDocument:
    """`digits`: "thai" or "arabic" (hrflow.exports.digits), None for the agency's style. The
    four columns need the width of an A4 landscape page; a measure's row may run over a page."""
    doc = OfficialDocument(title=report.title, landscape=True)
    doc.heading(report.title)
    doc.fields([(f"{label} ", value) for label, value in _header_lines(report)])
    doc.table(COLUMNS, rows(report), widths=WIDTHS)
    # The numbers once more, one statement a line across the page: what an assessor checks
    # against the records, found by a search of the PDF's text.
    computed = [
        (measure["number"], activity["text"])
        for measure in report.measures
        for activity in measure["activities"]
        if activity.get("source")
    ]
    if computed:
        doc.heading("ผลการดำเนินการที่คำนวณจากข้อมูลในระบบ HRFlow", level=2)
        for number, text in computed:
            doc.paragraph(f"มาตรการที่ {number}: {text}")
    name, position, date = signer(report, "approve")
    if name:
        doc.paragraph("ผู้รับรองรายงาน", align="center")
        doc.signature(name, position, date=date)
    if digits:
        doc.with_digits(digits)
    return doc


def xlsx(report, *, digits=None) -> bytes:
    style = digits or digit_styles.default_style()

    def convert(text):
        # Every cell through hrflow.cells: HR's text is never a formula in the public file.
        return cells.cell(digit_styles.convert(text, style))

    font_name = settings.HRFLOW_EXPORT_FONT_DOCX
    normal, bold = Font(name=font_name, size=16), Font(name=font_name, size=16, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    line = Side(style="thin")
    border = Border(left=line, right=line, top=line, bottom=line)
    book = Workbook()
    sheet = book.active
    sheet.title = convert(f"ปีงบประมาณ {report.fiscal_year}")
    sheet.append([convert(report.title)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = bold
    sheet["A1"].alignment = Alignment(horizontal="center", wrap_text=True)
    for label, value in _header_lines(report):
        sheet.append([convert(label), convert(value)])
        for cell in sheet[sheet.max_row]:
            cell.font = normal
    sheet.append([])
    sheet.append([convert(c) for c in COLUMNS])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.alignment, cell.border = bold, wrap, border
    for row in rows(report):
        sheet.append([convert(cell) for cell in row])
        for cell in sheet[sheet.max_row]:
            cell.font, cell.alignment, cell.border = normal, wrap, border
    for letter, width in zip("ABCD", (35, 40, 60, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    # The column headings printed again on every page.
    heading_row = 3 + len(_header_lines(report))
    sheet.print_title_rows = f"{heading_row}:{heading_row}"
    _figures_sheet(book.create_sheet(convert("ตัวเลข")), report, convert, normal, bold)
    book.properties.title = cells.xml_text(report.title)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The computed figures' names (reports.computations), as the figures sheet labels them.
FIGURE_LABELS = {
    "published": "จำนวนที่เผยแพร่", "requests": "จำนวนผู้ต้องรับทราบ", "in_time": "รับทราบภายในกำหนด",
    "rate": "ร้อยละ", "meetings": "จำนวนการประชุม", "months_with_meeting": "เดือนที่มีการประชุม",
    "months": "จำนวนเดือน", "problems": "ปัญหาอุปสรรค", "resolutions": "มติ",
    "action_items": "งานที่มอบหมาย", "action_items_closed": "งานที่แล้วเสร็จ",
    "published_before_round": "เผยแพร่ก่อนเริ่มรอบ", "received": "ข้อเสนอแนะที่ได้รับ",
    "answered": "ข้อเสนอแนะที่ตอบแล้ว",
}  # fmt: skip


def _figure(key, value):
    """A computed figure as a spreadsheet value: a count as a number, a rate ("97.3", or "-"
    when nothing was counted) as a fraction shown with a percent format, else None."""
    if isinstance(value, bool) or isinstance(value, dict):
        return None, None
    if isinstance(value, int):
        return value, "#,##0"
    if key == "rate" or key == "share":
        try:
            return float(value) / 100, "0.0%"
        except (TypeError, ValueError):
            return None, None
    return None, None


def _figures_sheet(sheet, report, convert, normal, bold):
    """Every computed figure of the report as data: the period's first and last day as dates,
    then one row per figure — measure number and count or rate as numbers."""
    start, end = report.period
    for label, day in (("ตั้งแต่วันที่", start), ("ถึงวันที่", end)):
        sheet.append([convert(label), day])
        sheet.cell(sheet.max_row, 2).number_format = "d/m/yyyy"
    sheet.append([])
    sheet.append([convert(c) for c in ("มาตรการที่", "กิจกรรม", "ตัวเลข", "ค่า")])
    heading = sheet.max_row
    for cell in sheet[heading]:
        cell.font = bold
    for measure in report.measures:
        for activity in measure["activities"]:
            for key, value in (activity.get("numbers") or {}).items():
                number, number_format = _figure(key, value)
                if number_format is None:
                    continue
                label = FIGURE_LABELS.get(key, key)
                sheet.append([int(measure["number"]), convert(activity["text"]), convert(label)])
                sheet.cell(sheet.max_row, 4, number).number_format = number_format
                for cell in sheet[sheet.max_row]:
                    cell.font = normal
    for letter, width in zip("ABCD", (14, 70, 24, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.print_title_rows = f"{heading}:{heading}"


def filename(report, fmt, digits) -> str:
    return f"integrity-report-{report.fiscal_year}-v{report.version}-{digits}-digits.{fmt}"
