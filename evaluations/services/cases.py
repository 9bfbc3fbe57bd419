"""A case's agreement, assessment and result: the person's and their evaluators' steps."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow import audit
from hrflow.errors import Conflict, Invalid
from notifications.services import notify

from ..models import AgreementItem, CaseState, IdpLine
from .content import apply_scores, clean_items, clean_scores, snapshot
from .steps import lock, may_approve, record_change, require_on_case, take

S = CaseState
EDITABLE = (S.AGREEMENT, S.AGREED, S.SELF_ASSESSED, S.SCORED)


def _refuse_final(case):
    if case.is_final():
        raise Conflict(_("The round's results are approved; the case can no longer be edited."))


def agreement_set(case, *, by, items, ip=None):
    """Either side drafts or changes the agreement; a change of an agreed agreement starts its
    next version, which both must agree again."""
    with transaction.atomic():
        case = lock(case)
        require_on_case(case, by, "person", "evaluator")
        _refuse_final(case)
        if case.state not in EDITABLE or (case.state == S.SCORED and case.answered_at):
            raise Conflict(_("The result has been given; the agreement can no longer change."))
        clean = clean_items(case, items)
        before = snapshot(case)
        if case.state != S.AGREEMENT:
            take(case, "reopen_agreement", by=by, ip=ip, note=_("The agreement is changed."))
        elif case.person_agreed_at or case.evaluator_agreed_at:
            case.person_agreed_at = case.evaluator_agreed_at = None
            case.save(update_fields=["person_agreed_at", "evaluator_agreed_at"])
        case.items.all().delete()
        AgreementItem.objects.bulk_create(
            AgreementItem(case=case, position=n, **item) for n, item in enumerate(clean)
        )
        record_change(
            case,
            _("Agreement changed"),
            by=by,
            ip=ip,
            data={"before": before, "after": snapshot(case)},
        )
    return case


def agreement_agree(case, *, by, ip=None):
    """One side agrees (an acknowledgement in the chain); with both, the agreement is agreed."""
    with transaction.atomic():
        case = lock(case)
        employee = require_on_case(case, by, "person", "evaluator")
        _refuse_final(case)
        if case.state != S.AGREEMENT:
            raise Conflict(_("There is no agreement waiting to be agreed."))
        if not case.items.exists():
            raise Conflict(_("The agreement has no indicators yet."))
        now = timezone.now()
        side = "person_agreed_at" if employee.pk == case.person_id else "evaluator_agreed_at"
        if getattr(case, side):
            raise Conflict(_("You have already agreed to this agreement."))
        setattr(case, side, now)
        case.save(update_fields=[side])
        record_change(
            case,
            _("Agreement agreed by one side"),
            by=by,
            ip=ip,
            kind=audit.Kind.ACKNOWLEDGEMENT,
            data={"side": side, "version": case.version},
        )
        other = case.evaluator_id if side == "person_agreed_at" else case.person_id
        if case.person_agreed_at and case.evaluator_agreed_at:
            case.agreed_at = now
            take(case, "agree", by=by, ip=ip)
            notify(
                [case.person_id, case.evaluator_id],
                subject=_("The performance agreement is agreed: %(person)s")
                % {"person": case.person},
                key=f"eval-case:{case.pk}:agreed:{case.version}",
            )
        elif other:
            notify(
                [other],
                subject=_("Please agree the performance agreement: %(person)s")
                % {"person": case.person},
                key=f"eval-case:{case.pk}:agree:{case.version}:{side}",
            )
    return case


def self_assess(case, *, by, scores, ip=None):
    with transaction.atomic():
        case = lock(case)
        require_on_case(case, by, "person")
        _refuse_final(case)
        clean = clean_scores(case, scores, "scores")
        items = list(case.items.all())
        for item in items:
            item.self_score = clean[item.pk][0]
        AgreementItem.objects.bulk_update(items, ["self_score"])
        take(case, "self_assess", by=by, ip=ip)
        record_change(
            case,
            _("Self-assessment"),
            by=by,
            ip=ip,
            data={
                "self_scores": {i.pk: str(i.self_score) for i in items},
                "names": {i.pk: i.name for i in items},
            },
        )
    return case


def case_score(case, *, by, scores, idp=(), ip=None):
    """The evaluator scores every indicator; HRFlow computes the result; one IDP line or more."""
    with transaction.atomic():
        case = lock(case)
        employee = require_on_case(case, by, "evaluator")
        if employee.pk == case.person_id:
            raise Invalid(_("Nobody evaluates themself."))
        _refuse_final(case)
        clean = clean_scores(case, scores, "scores")
        lines = [line.strip() for line in idp if isinstance(line, str) and line.strip()]
        if not lines and not case.idp_lines.exists():
            raise Invalid(_("Write at least one line of the development plan."), "idp")
        diff = apply_scores(case, clean)
        case.scored_at = timezone.now()
        take(case, "score", by=by, ip=ip)
        IdpLine.objects.bulk_create(IdpLine(case=case, text=line, by=by) for line in lines)
        record_change(case, _("Scored"), by=by, ip=ip, data={**diff, "idp": lines})
        notify(
            [case.person_id],
            subject=_("Your evaluation result is ready to acknowledge."),
            key=f"eval-case:{case.pk}:scored:{case.scored_at.timestamp()}",
        )
    return case


def result_acknowledge(case, *, by, ip=None):
    with transaction.atomic():
        case = lock(case)
        require_on_case(case, by, "person")
        case.answered_at = timezone.now()
        take(case, "acknowledge", by=by, ip=ip)
        _tell_second_level(case)
    return case


def result_decline(case, *, by, witness, note="", ip=None):
    """The person declined to sign: the evaluator records it with a witness's name."""
    witness = (witness or "").strip()
    with transaction.atomic():
        case = lock(case)
        require_on_case(case, by, "evaluator")
        if not witness:
            raise Invalid(_("Name the witness."), "witness")
        case.answered_at, case.witness = timezone.now(), witness[:300]
        take(case, "decline", by=by, ip=ip, note=(note or "").strip())
        _tell_second_level(case)
    return case


def _tell_second_level(case):
    if case.second_level_id:
        notify(
            [case.second_level_id],
            subject=_("An evaluation waits for your opinion: %(person)s") % {"person": case.person},
            key=f"eval-case:{case.pk}:answered:{case.answered_at.timestamp()}",
        )


def second_level_review(case, *, by, scores=None, reason="", ip=None):
    """The second level agrees, or gives other scores with a reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        case = lock(case)
        if case.second_level_id is not None or not may_approve(by, case.round):
            # Nobody above the evaluator (they head the top unit): an executive over the
            # round's unit gives the second-level opinion, so the case is not stuck.
            require_on_case(case, by, "second_level")
        if case.state not in (S.ACKNOWLEDGED, S.DECLINED):
            raise Conflict(_("The result has not been given to the person yet."))
        data = {"agrees": scores is None}
        if scores is not None:
            if not reason:
                raise Invalid(_("Give the reason for the different score."), "reason")
            data.update(apply_scores(case, clean_scores(case, scores, "scores")))
        case.second_level_note = reason
        take(case, "review", by=by, ip=ip, note=reason)
        record_change(case, _("Second-level opinion"), by=by, ip=ip, data=data)
    return case
