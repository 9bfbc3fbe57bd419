"""Minutes as รายงานการประชุม in the form-11 layout: the meeting's name and number, date and
place, those present, absent (with reasons) and also attending, the start, the five agenda items
with what was reported, problems, resolutions and action items (an item with nothing says
"ไม่มี"), the end, and two signers: the minute-taker (ผู้จดรายงานการประชุม) and the checker
(ผู้ตรวจรายงานการประชุม). The model names no separate checker, so the checker is the chair who
approved these minutes (the approve step), or the meeting's chair before anyone has.

Digits are written as they come; the document's one digit style is applied on output
(hrflow.exports.digits). Every person's name is kept unbroken in the PDF."""

from hrflow.exports import OfficialDocument
from hrflow.thai import format_date
from workflows.exports import signer

from .models import MeetingMinutes

DONE, OPEN = "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"
NOTHING = "ไม่มี"


def _people(rows, with_reason=False):
    table = []
    for number, row in enumerate(rows, start=1):
        employee = row.employee
        line = [number, employee.full_name, employee.position.name]
        if with_reason:
            line.append(row.reason)
        table.append(line)
    return table


def _followup(doc, action):
    """ "- text (owner) state: notes" — a note that only repeats the state is not said twice."""
    state = OPEN if action.open_then else DONE
    notes = [p.note.strip() for p in action.notes_then]
    notes = [note for note in notes if note and note.rstrip(" .") not in (DONE, OPEN)]
    owner = action.owner.full_name
    doc.paragraph(
        f"- {action.text} ({owner}) {state}" + (f": {'; '.join(notes)}" if notes else ""),
        indent=True,
        keep=[owner, state],
    )


def _item(doc, item):
    """What was said under one agenda item; False when nothing was."""
    said = False
    if item["report"]:
        doc.paragraph(item["report"], indent=True, align="justify")
        said = True
    if item.get("adopted"):
        doc.paragraph("ที่ประชุมรับรองรายงานการประชุม " + item["adopted"].number_display, indent=True)
        said = True
    for action in item.get("followups", []):
        _followup(doc, action)
        said = True
    for suggestion in item.get("suggestions", []):
        doc.paragraph(f"- ข้อเสนอแนะของบุคลากร: {suggestion.text}", indent=True)
        said = True
    for problem in item["problems"]:
        who = problem.raised_by.full_name if problem.raised_by else ""
        doc.paragraph(
            f"ปัญหาอุปสรรค: {problem.text}" + (f" ({who})" if who else ""), indent=True, keep=[who]
        )
        said = True
    for resolution in item["resolutions"]:
        doc.paragraph(f"มติที่ประชุม: {resolution.text}", bold=True, indent=True)
        said = True
    for action in item["actions"]:
        due = format_date(action.due_date, lang="th")
        owner = action.owner.full_name
        doc.paragraph(
            f"มอบหมาย: {action.text} ผู้รับผิดชอบ {owner} ภายในวันที่ {due}",
            indent=True,
            keep=[owner],
        )
        said = True
    return said


def _signatures(doc, minutes):
    _name, _position, submitted = signer(minutes, "submit")
    doc.signature(minutes.secretary.full_name, date=submitted, label="ผู้จดรายงานการประชุม")
    name, _position, approved = signer(minutes, "approve")
    doc.signature(name or minutes.chair.full_name, date=approved, label="ผู้ตรวจรายงานการประชุม")


def build(minutes: MeetingMinutes) -> OfficialDocument:
    doc = OfficialDocument(title=minutes.title)
    doc.heading("รายงานการ" + minutes.series.name.removeprefix("รายงานการ"), level=1)
    doc.heading(minutes.number_display, level=1)
    place = f" ณ {minutes.place}" if minutes.place else ""
    when = format_date(minutes.meeting_date, lang="th")
    doc.heading(f"เมื่อวันที่ {when}{place}")
    names = [1]  # the name column of every table of people (never broken)
    doc.heading("ผู้มาประชุม", level=2)
    doc.table(
        ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"], _people(minutes.present), widths=[1, 4, 3], nowrap=names
    )
    absent = minutes.absent
    doc.heading("ผู้ไม่มาประชุม", level=2)
    if absent:
        doc.table(
            ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "เหตุผล"],
            _people(absent, with_reason=True),
            widths=[1, 4, 3, 3],
            nowrap=names,
        )
    else:
        doc.paragraph(NOTHING, indent=True)
    guests = minutes.guests
    if guests:
        doc.heading("ผู้เข้าร่วมประชุม", level=2)
        doc.table(["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"], _people(guests), widths=[1, 4, 3], nowrap=names)
    start = minutes.start_time.strftime("%H.%M") if minutes.start_time else ""
    doc.paragraph(f"เริ่มประชุมเวลา {start} น." if start else "เริ่มประชุม")
    chair = minutes.chair.full_name
    doc.paragraph(
        f"{chair} ประธานในที่ประชุม กล่าวเปิดประชุมตามระเบียบวาระ ดังนี้", indent=True, keep=[chair]
    )
    for item in minutes.agenda():
        doc.heading(f"ระเบียบวาระที่ {item['number']} {_AGENDA_TH[item['number']]}", 2)
        if not _item(doc, item):
            doc.paragraph(NOTHING, indent=True)
    end = minutes.end_time.strftime("%H.%M") if minutes.end_time else ""
    doc.paragraph(f"เลิกประชุมเวลา {end} น." if end else "เลิกประชุม")
    _signatures(doc, minutes)
    return doc


_AGENDA_TH = {
    1: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    2: "เรื่องรับรองรายงานการประชุมครั้งที่แล้ว",
    3: "เรื่องสืบเนื่อง",
    4: "เรื่องเพื่อพิจารณา",
    5: "เรื่องอื่น ๆ",
}
