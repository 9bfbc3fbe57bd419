"""An appeal (อุทธรณ์) of an approved result, within the round's window, and its decision."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.thai import format_date
from notifications.services import notify

from ..models import Appeal
from .content import apply_scores, clean_scores
from .steps import lock, may_approve, record_change, require_on_case, take


def appeal_file(case, *, by, reasons, ip=None):
    reasons = (reasons or "").strip()
    with transaction.atomic():
        case = lock(case)
        require_on_case(case, by, "person")
        if not reasons:
            raise Invalid(_("Give the reasons of the appeal."), "reasons")
        if case.state != "approved":
            raise Conflict(_("Only an approved result can be appealed, once."))
        last_day = case.round.appeal_deadline(timezone.localtime(case.answered_at))
        if timezone.localdate() > last_day:
            raise Conflict(
                _("The time to appeal ended on %(date)s.") % {"date": format_date(last_day)}
            )
        Appeal.objects.create(case=case, reasons=reasons, previous_total=case.total)
        take(case, "file_appeal", by=by, ip=ip, note=reasons)
        notify(
            [e for e in (case.evaluator_id, case.second_level_id) if e],
            subject=_("An evaluation result is appealed: %(person)s") % {"person": case.person},
            text=reasons,
            key=f"eval-case:{case.pk}:appealed",
        )
    return case


def appeal_decide(case, *, by, upheld, reasons, scores=None, ip=None):
    """Upheld with new scores, or rejected; reasons either way; the person and the evaluator
    are told."""
    reasons = (reasons or "").strip()
    with transaction.atomic():
        case = lock(case)
        if not may_approve(by, case.round) or by.employee.pk == case.person_id:
            raise Forbidden(_("Only an executive over the round's unit decides its appeals."))
        if case.state != "appealed":
            raise Conflict(_("There is no appeal waiting for a decision."))
        if upheld not in (True, False):
            raise Invalid(_("Choose whether the appeal is upheld or rejected."), "decision")
        if not reasons:
            raise Invalid(_("Give the reasons of the decision."), "reasons")
        data = {"upheld": upheld}
        if upheld:
            if scores is None:
                raise Invalid(_("An upheld appeal gives the new scores."), "scores")
            data.update(apply_scores(case, clean_scores(case, scores, "scores")))
        appeal = case.appeal
        appeal.decision = Appeal.Decision.UPHELD if upheld else Appeal.Decision.REJECTED
        appeal.decision_reasons, appeal.decided_by, appeal.decided_at = reasons, by, timezone.now()
        appeal.save()
        take(case, "decide_appeal", by=by, ip=ip, note=reasons)
        record_change(case, _("Appeal decided"), by=by, ip=ip, data=data)
        notify(
            [e for e in (case.person_id, case.evaluator_id) if e],
            subject=_("The appeal is decided: %(person)s") % {"person": case.person},
            text=reasons,
            key=f"eval-case:{case.pk}:appeal-decided",
        )
    return case
