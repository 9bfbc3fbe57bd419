"""An evaluation case as the Thai form (แบบประเมินผลการปฏิบัติงาน), PDF and DOCX: the person, the
summary of scores per component with its weight, the total and the level, the indicators, the
development plan, the acknowledgement of the result, the second-level opinion and the signature
lines with their dates. One description (workflows.exports.OfficialDocument), both formats.

What the form shows is read from the case, its items and its log; the component scores, the
total and the level are the ones the services computed (evaluations.scoring), never recomputed
here."""

from decimal import Decimal

from django.utils.translation import gettext as _

from hrflow.exports import OfficialDocument
from hrflow.thai import format_date
from workflows.models import TransitionLog

from .models import EvaluationCase

SIGN_HERE = "." * 24
CENT = Decimal("0.01")


def _number(value) -> str:
    if value is None or value == "":
        return "-"
    return str(Decimal(str(value)).quantize(CENT))


def _weight(value) -> str:
    number = Decimal(str(value))
    return str(number.quantize(Decimal(1))) if number == number.to_integral_value() else str(number)


def _position(employee) -> str:
    if employee is None:
        return ""
    return employee.position.name if employee.position_id else ""


def _last_step(case, name):
    return (
        TransitionLog.objects.filter(
            content_type__app_label="evaluations",
            content_type__model="evaluationcase",
            object_id=case.pk,
            transition=name,
        )
        .select_related("by__employee__position")
        .order_by("pk")
        .last()
    )


def _person(doc, case):
    person = case.person
    doc.heading(_("Part 1: the person evaluated"), level=2)
    doc.fields(
        [
            (_("Name"), person.full_name),
            (_("Position"), _position(person) or "-"),
            (_("Unit"), person.unit.name if person.unit_id else "-"),
            (_("Evaluation round"), _round_line(case.round)),
            (_("evaluator"), case.evaluator.full_name if case.evaluator_id else "-"),
            (
                _("second-level supervisor"),
                case.second_level.full_name if case.second_level_id else "-",
            ),
        ]
    )


def _round_line(round_) -> str:
    return _("Round %(round)s, fiscal year %(year)s (%(start)s – %(end)s)") % {
        "round": round_.number,
        "year": round_.fiscal_year,
        "start": format_date(round_.starts_on),
        "end": format_date(round_.ends_on),
    }


def _summary(doc, case):
    doc.heading(_("Part 2: summary of the scores"), level=2)
    components = case.round.criteria.components
    rows = []
    for index, component in enumerate(components):
        score = case.component_scores[index] if index < len(case.component_scores) else None
        weighted = (
            Decimal(str(component["weight"])) * Decimal(str(score)) / 100
            if score not in (None, "")
            else None
        )
        rows.append([component["name"], _weight(component["weight"]), _number(score),
                     _number(weighted)])  # fmt: skip
    rows.append([_("Total"), "100", "", _number(case.total)])
    doc.table(
        [_("Component"), _("Weight (%)"), _("Score (0–100)"), _("Weighted score")],
        rows,
        widths=[5, 2, 2, 2],
    )
    doc.fields(
        [
            (_("Total score"), _number(case.total)),
            (_("Level"), case.level or _("Not scored yet")),
        ]
    )


def _indicators(doc, case):
    doc.heading(_("Part 3: the indicators of the performance agreement"), level=2)
    components = case.round.criteria.components
    rows = []
    for number, item in enumerate(case.items.all(), start=1):
        component = components[item.component]["name"] if item.component < len(components) else ""
        score = "-" if item.score is None else f"{item.score.normalize()} / {case.round.scale_max}"
        rows.append([str(number), component, item.name, item.target or "-",
                     _weight(item.weight), score, item.comment or "-"])  # fmt: skip
    if not rows:
        doc.paragraph(_("No indicators yet."))
        return
    doc.table(
        [_("No."), _("Component"), _("indicator"), _("target"), _("weight"), _("score"),
         _("comment / evidence")],
        rows,
        widths=[1, 3, 6, 4, 2, 2, 4],
    )  # fmt: skip


def _development(doc, case):
    doc.heading(_("Part 4: individual development plan"), level=2)
    lines = [line.text for line in case.idp_lines.all()]
    if not lines:
        doc.paragraph(_("No development plan yet."))
    for number, text in enumerate(lines, start=1):
        doc.paragraph(f"{number}. {text}")


def _acknowledgement(doc, case):
    doc.heading(_("Part 5: acknowledgement of the result"), level=2)
    if case.answered_at is None:
        doc.paragraph(_("The result has not been given to the person yet."))
    elif case.witness:
        doc.paragraph(
            _("The person declined to sign for the result on %(date)s; witness: %(witness)s")
            % {"date": format_date(case.answered_at), "witness": case.witness}
        )
    else:
        doc.paragraph(
            _("The person acknowledged the result on %(date)s.")
            % {"date": format_date(case.answered_at)}
        )


def _second_level(doc, case, review):
    doc.heading(_("Part 6: opinion of the second-level supervisor"), level=2)
    if review is None:
        doc.paragraph(_("The second-level supervisor has not given an opinion yet."))
    elif case.second_level_note:
        doc.paragraph(_("Gives a different score: %(reason)s") % {"reason": case.second_level_note})
    else:
        doc.paragraph(_("Agrees with the evaluator's result."))
    appeal = getattr(case, "appeal", None)
    if appeal is not None:
        decided = (
            f" — {appeal.get_decision_display()}: {appeal.decision_reasons}"
            if appeal.decision
            else ""
        )
        doc.paragraph(
            _("Appeal filed on %(date)s: %(reasons)s")
            % {"date": format_date(appeal.filed_at), "reasons": appeal.reasons}
            + decided
        )


def _signatures(doc, case, review):
    """Signature lines: who signs, their name and position, the line, and the day of the step
    they sign for (the result answered, scored, the second-level opinion)."""
    doc.heading(_("Signatures"), level=2)
    if case.witness:
        person_line = _("Declined to sign (witness: %(witness)s)") % {"witness": case.witness}
    else:
        person_line = SIGN_HERE
    reviewer = case.second_level
    if review is not None and getattr(review.by, "employee", None) is not None:
        reviewer = review.by.employee
    signers = [
        (_("The person evaluated"), case.person, person_line, case.answered_at),
        (_("The evaluator"), case.evaluator, SIGN_HERE, case.scored_at),
        (
            _("The second-level supervisor"),
            reviewer,
            SIGN_HERE,
            review.at if review is not None else None,
        ),
    ]
    rows = []
    for role, employee, line, when in signers:
        name = employee.full_name if employee is not None else "-"
        position = _position(employee)
        rows.append([role, f"{name}\n{position}" if position else name, line,
                     format_date(when) or "." * 16])  # fmt: skip
    doc.table([_("Signer"), _("Name and position"), _("Signature"), _("Date")], rows,
              widths=[4, 6, 4, 4])  # fmt: skip


def build(case: EvaluationCase) -> OfficialDocument:
    """The form of one case (in the active language: the views ask for Thai)."""
    doc = OfficialDocument(title=_("Performance evaluation form: %(person)s")
                           % {"person": case.person.full_name})  # fmt: skip
    doc.heading(_("Performance evaluation form"))
    doc.paragraph(_round_line(case.round), align="center")
    doc.paragraph(case.round.criteria.title, align="center")
    review = _last_step(case, "review")
    _person(doc, case)
    _summary(doc, case)
    _indicators(doc, case)
    _development(doc, case)
    _acknowledgement(doc, case)
    _second_level(doc, case, review)
    _signatures(doc, case, review)
    return doc
