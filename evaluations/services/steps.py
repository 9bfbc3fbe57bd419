"""What every write path of a case shares: who the user is on the case, the lock, and the
step logged through the engine (TransitionLog + audit event in the caller's transaction)."""

from django.utils.translation import gettext as _
from django_fsm import can_proceed

from hrflow import audit, roles
from hrflow.errors import Conflict, Forbidden
from workflows.services import record_step

from ..models import EvaluationCase


def employee_of(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "employee", None)


def is_hr(user) -> bool:
    return roles.has_role(user, roles.CLERK) and not roles.has_role(user, roles.AUDITOR)


def require_hr(user):
    if not is_hr(user):
        raise Forbidden(_("Only HR may do this."))


def may_approve(user, round_) -> bool:
    """An executive whose units cover the round's unit approves its results and decides its
    appeals."""
    if not roles.has_role(user, roles.EXECUTIVE) or employee_of(user) is None:
        return False
    scope = roles.unit_scope(user)
    return scope is None or round_.unit_id in scope


def require_on_case(case, user, *relations):
    """403 unless the user is the case's person / evaluator / second level / committee, as
    asked; decided before any 409."""
    employee = employee_of(user)
    if employee is None:
        raise Forbidden(_("You are not on this evaluation case."))
    found = {
        "person": employee.pk == case.person_id,
        "evaluator": employee.pk == case.evaluator_id,
        "second_level": employee.pk == case.second_level_id,
    }
    if any(found.get(relation) for relation in relations):
        return employee
    raise Forbidden(_("You are not on this evaluation case."))


def lock(case) -> EvaluationCase:
    return (
        EvaluationCase.objects.select_for_update()
        .select_related("round", "round__criteria", "person")
        .get(pk=case.pk)
    )


def take(obj, name, *, by, note="", ip=None):
    """Take a state-machine step on a locked case or round and log it; 409 if not now."""
    method = getattr(obj, name)
    if not can_proceed(method):
        raise Conflict(
            _("This is “%(state)s”; the step “%(step)s” is not possible now.")
            % {"state": obj.get_state_display(), "step": step_label(obj, name)}
        )
    from_state = obj.state
    method()
    obj.save()
    record_step(obj, name, from_state=from_state, to_state=obj.state, by=by, note=note, ip=ip)
    return obj


def step_label(obj, name) -> str:
    for t in type(obj)._meta.get_field("state").get_all_transitions(type(obj)):
        if t.name == name:
            return str(t.custom.get("label", name))
    return name


def record_change(obj, summary, *, by, data, ip=None, kind=audit.Kind.TRANSITION):
    """A change of a case's content (agreement, scores) or a round's in the hash chain, with
    what it was and what it became."""
    audit.record(
        kind,
        actor=by,
        ip=ip,
        subject=obj,
        version=obj.version,
        employee=getattr(obj, "person", None),
        summary=f"{summary} · {obj.title}",
        data=data,
    )
