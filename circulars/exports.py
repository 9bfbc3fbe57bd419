"""A circular in the form the สารบรรณ rules give it, chosen per circular:

- an internal memo (บันทึกข้อความ): the emblem at the left beside the title, ส่วนราชการ, then
  ที่ at the left and วันที่ at the right on one line, เรื่อง, เรียน …;
- a letter (หนังสือภายนอก, a circular's "ว" number): the emblem at the top centre, ที่ at the
  left and the agency's name and address at the right on one line, the date below them, เรื่อง,
  เรียน, อ้างถึง, สิ่งที่ส่งมาด้วย, the body, ขอแสดงความนับถือ once, the signer, and the owning
  unit and phone at the foot.

Both stamp the urgency (ด่วน …) at the top left when set. The body ends as its author ends it
(จึงเรียนมาเพื่อโปรดทราบ …): HRFlow adds no closing sentence of its own, and the acknowledgement
deadline is the request's, not the letter's. The emblem is the admin's upload
(hrflow.agency); without one the letter has none."""

from django.utils.translation import pgettext

from hrflow.agency import letterhead
from hrflow.exports import OfficialDocument
from hrflow.thai import format_date, thai_digits
from workflows.exports import signer

from .models import Circular

EMBLEM_CM = {"external": 3, "memo": 1.5}  # the garuda's height on each form
ADDRESS_START = 55  # percent of the text width where a letter's address column begins
DATE_START = 40  # … and where its date begins (below them, from about the centre)


URGENCY = {
    "urgent": "ด่วน",
    "very_urgent": "ด่วนมาก",
    "most_urgent": "ด่วนที่สุด",
}


def build(circular: Circular) -> OfficialDocument:
    doc = OfficialDocument(title=circular.title)
    head = letterhead()
    number = thai_digits(circular.number_display.removeprefix("ที่ ")) or "-"
    number_line = f"{pgettext('letter', 'No.')} {number}"
    when = format_date(circular.published_at or circular.updated_at, lang="th", digits=True)
    if circular.urgency in URGENCY:
        doc.paragraph(URGENCY[circular.urgency], bold=True, size=24)
    external = circular.letter_form == Circular.Form.EXTERNAL
    if external:
        if head.emblem:
            doc.image(head.emblem, head.emblem_type, height_cm=EMBLEM_CM["external"])
        doc.split_line(
            number_line,
            [head.name or circular.owner_unit.name, *head.address],
            right_start=ADDRESS_START,
        )
        doc.paragraph(when, start=DATE_START)
    else:
        title = pgettext("letter", "Memorandum")
        if head.emblem:
            doc.image(
                head.emblem,
                head.emblem_type,
                height_cm=EMBLEM_CM["memo"],
                align="left",
                beside=title,
            )
        else:
            doc.paragraph(title, bold=True, align="center", size=29)
        office = " ".join(filter(None, [circular.owner_unit.name, head.name, _phone(head)]))
        doc.fields([(pgettext("letter", "Office"), office)])
        dated = f"{pgettext('letter', 'Date')} {when}"
        doc.split_line(number_line, [dated], right_start=50)
    doc.fields(_head_fields(circular))
    doc.rich_text(circular.body)
    name, position, date = signer(circular)
    if external:
        doc.signature(name, position, closing=pgettext("letter", "Yours sincerely"))
        doc.paragraph("")
        doc.paragraph(circular.owner_unit.name)
        if head.phone:
            doc.paragraph(_phone(head))
    elif name:
        doc.signature(name, position, date=date)
    return doc


def _phone(head) -> str:
    return f"{pgettext('letter', 'Tel.')} {head.phone}" if head.phone else ""


def _head_fields(circular) -> list[tuple[str, str]]:
    """เรื่อง, เรียน, อ้างถึง and สิ่งที่ส่งมาด้วย (one line per attachment), as written."""
    pairs = [(pgettext("letter", "Subject"), circular.title)]
    if circular.addressee:
        pairs.append((pgettext("letter", "To"), circular.addressee))
    if circular.reference:
        pairs.append((pgettext("letter", "Reference"), circular.reference))
    attachments = [attachment.name for attachment in circular.attachments.all()]
    for number, name in enumerate(attachments, start=1):
        label = pgettext("letter", "Enclosures") if number == 1 else ""
        pairs.append((label, f"{number}. {name}" if len(attachments) > 1 else name))
    return pairs
