"""Position descriptions and evaluation criteria as Thai official documents (measure 6)."""

from django.utils.translation import gettext as _

from hrflow.exports import OfficialDocument
from hrflow.thai import format_date
from workflows.exports import signer

from .models import EvaluationCriteria, PositionDescription


def _published(document):
    when = document.published_at or document.updated_at
    return (_("Date"), format_date(when, lang="th", digits=True))


def _lines(doc, heading, text):
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if lines:
        doc.heading(heading, level=2)
        for line in lines:
            doc.paragraph(line, indent=True)


def _sign(document, doc):
    name, position, date = signer(document)
    if name:
        doc.signature(name, position, date=date)


def build_position_description(pd: PositionDescription) -> OfficialDocument:
    doc = OfficialDocument(title=pd.title)
    doc.heading(_("Position description"))
    doc.fields(
        [
            (_("Subject"), pd.title),
            (_("Position"), pd.position.name),
            (_("Unit"), pd.unit.name if pd.unit else _("Wherever the position is held")),
            (_("Version"), pd.version),
            _published(pd),
        ]
    )
    _lines(doc, _("Purpose of the position"), pd.purpose)
    doc.heading(_("Duties"), level=2)
    doc.table(
        [_("No."), _("Duty"), _("Share of time (%)")],
        [[n, duty["text"], duty["share"]] for n, duty in enumerate(pd.duties, start=1)],
        widths=[1, 6, 2],
    )
    _lines(doc, _("Qualifications"), pd.qualifications)
    _lines(doc, _("Competencies"), pd.competencies)
    _lines(doc, _("Performance indicators"), pd.indicators)
    _sign(pd, doc)
    return doc


def build_evaluation_criteria(criteria: EvaluationCriteria) -> OfficialDocument:
    doc = OfficialDocument(title=criteria.title)
    doc.heading(_("Performance evaluation criteria"))
    start = format_date(criteria.round_start, lang="th", digits=True)
    end = format_date(criteria.round_end, lang="th", digits=True)
    doc.fields(
        [
            (_("Subject"), criteria.title),
            (_("Fiscal year"), criteria.fiscal_year),
            (_("Round"), f"{criteria.round} ({start} – {end})"),
            (_("Employment types in scope"), ", ".join(criteria.employment_type_labels())),
            (_("Version"), criteria.version),
            _published(criteria),
        ]
    )
    if criteria.description:
        doc.paragraph(criteria.description, indent=True)
    for component in criteria.components_with_goals():
        doc.heading(
            _("%(name)s (weight %(weight)s%%)")
            % {"name": component["name"], "weight": component["weight"]},
            level=2,
        )
        doc.table(
            [_("No."), _("Item"), _("Weight (%)"), _("Serves the goal")],
            [
                [
                    n,
                    item["name"],
                    item["weight"],
                    f"{item['goal']}. {item['goal_title']}" if item.get("goal") else "-",
                ]
                for n, item in enumerate(component["items"], start=1)
            ],
            widths=[1, 5, 2, 4],
        )
    doc.heading(_("Rating levels"), level=2)
    doc.table(
        [_("Level"), _("Score")],
        [[level["name"], f"{level['min']} – {level['max']}"] for level in criteria.levels],
        widths=[3, 2],
    )
    _sign(criteria, doc)
    return doc
