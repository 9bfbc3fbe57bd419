"""A circular as หนังสือเวียน: number, date, subject, addressees, body, the signing executive."""

from django.utils.translation import gettext as _

from hrflow.exports import OfficialDocument
from hrflow.thai import format_date, thai_digits
from workflows.audience import describe_audience
from workflows.exports import signer

from .models import Circular


def build(circular: Circular) -> OfficialDocument:
    doc = OfficialDocument(title=circular.title)
    doc.heading(_("Circular"))
    when = circular.published_at or circular.updated_at
    doc.fields(
        [
            (_("No."), thai_digits(circular.number_display.removeprefix("ที่ ")) or "-"),
            (_("Issued by"), circular.owner_unit.name),
            (_("Date"), format_date(when, lang="th", digits=True)),
            (_("Subject"), circular.title),
            (_("To"), ", ".join(str(line) for line in describe_audience(circular.audience))),
        ]
    )
    doc.rich_text(circular.body)
    if circular.deadline:
        doc.paragraph(
            _("Please acknowledge by %(date)s.")
            % {"date": format_date(circular.deadline, lang="th", digits=True)},
            indent=True,
        )
    name, position, date = signer(circular)
    if name:
        doc.signature(name, position, date=date)
    return doc
