"""What the engine tells people when a step is taken, beyond the audience of a publish
(apply_transition calls these in the step's transaction; the notices go out through the
outbox once it commits)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from hrflow import roles
from hrflow.models import Department, Employee
from notifications.services import notify

from .models import TransitionLog


def unit_and_above(unit_id) -> set[int]:
    """A unit and every unit above it (one query: the tree is small)."""
    parents = dict(Department.objects.values_list("pk", "parent_id"))
    found = set()
    while unit_id is not None and unit_id not in found:
        found.add(unit_id)
        unit_id = parents.get(unit_id)
    return found


def approver_ids(document) -> set[int]:
    """The employees who may approve the document now: its kind says so if its approvers are
    people rather than roles (the minutes: the chair); else the holders of its reviewer roles
    over its unit — in the unit or above it, or at the top of the tree — never an auditor."""
    own = getattr(document, "approver_employee_ids", None)
    if own is not None:
        return set(own())
    reviewers = get_user_model().objects.filter(groups__name__in=document.reviewer_roles)
    auditors = get_user_model().objects.filter(groups__name=roles.AUDITOR)
    return set(
        Employee.objects.filter(
            Q(unit_id__in=unit_and_above(document.owner_unit_id)) | Q(unit__parent__isnull=True),
            user__in=reviewers,
            user__is_active=True,
        )
        .exclude(user__in=auditors)
        .values_list("pk", flat=True)
    )


def on_submitted(document, *, by) -> list[int]:
    """Tell the approvers that a version waits for them (not the person who submitted it).
    Submitted again after being sent back, it is a new message."""
    times = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        version=document.version,
        transition="submit",
    ).count()
    submitter = getattr(getattr(by, "employee", None), "pk", None)
    people = approver_ids(document) - {submitter}
    if not people:
        return []
    with override(settings.LANGUAGE_CODE):  # notices speak the agency's language
        subject = _("A document waits for your approval: %(title)s") % {"title": document.title}
    return notify(
        people,
        subject=subject,
        link=document.get_absolute_url(),
        key=f"submitted:{document._meta.label_lower}:{document.pk}:{document.version}:{times}",
    )
