"""Minutes as รายงานการประชุม in the form-11 layout: the meeting's name and number, date and
place, those present, absent (with reasons) and also attending, the start, the five agenda items
with what was reported, problems, resolutions and action items, the end, and the minute-taker."""

from hrflow.exports import OfficialDocument
from hrflow.thai import format_date, thai_digits

from .models import MeetingMinutes


def _people(rows, with_reason=False):
    table = []
    for number, row in enumerate(rows, start=1):
        employee = row.employee
        line = [thai_digits(number), employee.full_name, employee.position.name]
        if with_reason:
            line.append(row.reason)
        table.append(line)
    return table


def build(minutes: MeetingMinutes) -> OfficialDocument:
    doc = OfficialDocument(title=minutes.title)
    doc.heading("รายงานการ" + minutes.series.name.removeprefix("รายงานการ"), level=1)
    doc.heading(thai_digits(minutes.number_display), level=1)
    place = f" ณ {minutes.place}" if minutes.place else ""
    when = format_date(minutes.meeting_date, lang="th", digits=True)
    doc.heading(thai_digits(f"เมื่อวันที่ {when}{place}"))
    doc.heading("ผู้มาประชุม", level=2)
    doc.table(["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"], _people(minutes.present), widths=[1, 4, 3])
    absent = minutes.absent
    doc.heading("ผู้ไม่มาประชุม", level=2)
    if absent:
        doc.table(
            ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "เหตุผล"],
            _people(absent, with_reason=True),
            widths=[1, 4, 3, 3],
        )
    else:
        doc.paragraph("-", indent=True)
    guests = minutes.guests
    if guests:
        doc.heading("ผู้เข้าร่วมประชุม", level=2)
        doc.table(["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"], _people(guests), widths=[1, 4, 3])
    start = minutes.start_time.strftime("%H.%M") if minutes.start_time else ""
    doc.paragraph(f"เริ่มประชุมเวลา {thai_digits(start)} น." if start else "เริ่มประชุม")
    doc.paragraph(
        f"{minutes.chair.full_name} ประธานในที่ประชุม กล่าวเปิดประชุมตามระเบียบวาระ ดังนี้",
        indent=True,
    )
    for item in minutes.agenda():
        doc.heading(f"ระเบียบวาระที่ {thai_digits(item['number'])} {_AGENDA_TH[item['number']]}", 2)
        if item["report"]:
            doc.paragraph(item["report"], indent=True, align="justify")
        if item.get("adopted"):
            doc.paragraph(
                "ที่ประชุมรับรองรายงานการประชุม " + thai_digits(item["adopted"].number_display),
                indent=True,
            )
        for action in item.get("followups", []):
            state = "อยู่ระหว่างดำเนินการ" if action.open_then else "ดำเนินการแล้วเสร็จ"
            notes = "; ".join(p.note for p in action.notes_then)
            doc.paragraph(
                f"- {action.text} ({action.owner.full_name}) {state}"
                + (f": {notes}" if notes else ""),
                indent=True,
            )
        for suggestion in item.get("suggestions", []):
            doc.paragraph(f"- ข้อเสนอแนะของบุคลากร: {suggestion.text}", indent=True)
        for problem in item["problems"]:
            who = f" ({problem.raised_by.full_name})" if problem.raised_by else ""
            doc.paragraph(f"ปัญหาอุปสรรค: {problem.text}{who}", indent=True)
        for resolution in item["resolutions"]:
            doc.paragraph(f"มติที่ประชุม: {resolution.text}", bold=True, indent=True)
        for action in item["actions"]:
            due = format_date(action.due_date, lang="th", digits=True)
            doc.paragraph(
                f"มอบหมาย: {action.text} ผู้รับผิดชอบ {action.owner.full_name} ภายในวันที่ {due}",
                indent=True,
            )
    end = minutes.end_time.strftime("%H.%M") if minutes.end_time else ""
    doc.paragraph(f"เลิกประชุมเวลา {thai_digits(end)} น." if end else "เลิกประชุม")
    doc.signature(minutes.secretary.full_name, "ผู้จดรายงานการประชุม")
    return doc


_AGENDA_TH = {
    1: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    2: "เรื่องรับรองรายงานการประชุมครั้งที่แล้ว",
    3: "เรื่องสืบเนื่อง",
    4: "เรื่องเพื่อพิจารณา",
    5: "เรื่องอื่น ๆ",
}
