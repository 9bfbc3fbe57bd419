"""The paper sign-off sheet (ใบลงนามรับทราบ) of one document and one unit: for staff without
accounts, who sign on paper; HR then records each signature as a proxy acknowledgement. Those
who acknowledged in HRFlow already are marked so, with the date, and need not sign again."""

from hrflow.exports import OfficialDocument
from hrflow.thai import format_date


def build(document, unit_name: str, acks) -> OfficialDocument:
    doc = OfficialDocument(title=f"ใบลงนามรับทราบ {document.title}")
    doc.heading("ใบลงนามรับทราบ")
    number = getattr(document, "number_display", "")
    pairs = [("เรื่อง", document.title)]
    if number:
        pairs.append(("เลขที่", number.removeprefix("ที่ ")))
    pairs += [("ฉบับที่", str(document.version)), ("หน่วยงาน", unit_name)]
    if getattr(document, "deadline", None):
        pairs.append(("รับทราบภายในวันที่", format_date(document.deadline)))
    doc.fields(pairs)
    rows = []
    for number, ack in enumerate(acks, start=1):
        employee = ack.employee
        done = ack.acknowledged_at is not None
        rows.append(
            [
                number,
                employee.full_name,
                employee.position.name if employee.position else "",
                "รับทราบในระบบแล้ว" if done else "",
                format_date(ack.acknowledged_at, short=True) if done else "",
            ]
        )
    doc.table(
        ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "ลายมือชื่อ", "วันที่"],
        rows,
        widths=[1.5, 6.5, 3.5, 2.5, 2],
        nowrap=[1],
        fixed=True,
    )
    doc.signature("", "ผู้รวบรวม", label="")
    return doc
