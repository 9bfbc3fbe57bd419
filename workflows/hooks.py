"""What the engine tells people when a step is taken, beyond the audience of a publish, and
when a comment is written or answered (apply_transition and workflows.comments call these in
the change's transaction; the notices go out through the outbox once it commits)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from hrflow import roles
from hrflow.models import Department, Employee
from notifications.models import Acknowledgement
from notifications.services import notify, unsent_cancel

from .models import TransitionLog


def unit_and_above(unit_id) -> set[int]:
    """A unit and every unit above it (one query: the tree is small)."""
    parents = dict(Department.objects.values_list("pk", "parent_id"))
    found = set()
    while unit_id is not None and unit_id not in found:
        found.add(unit_id)
        unit_id = parents.get(unit_id)
    return found


def _holders_over(document, role_names, *, top_too=False) -> set[int]:
    """Active holders of these roles in the document's unit or a unit above it (`top_too`: or
    at the top of any tree), never an auditor: two queries however many."""
    holders = get_user_model().objects.filter(groups__name__in=role_names)
    auditors = get_user_model().objects.filter(groups__name=roles.AUDITOR)
    where = Q(unit_id__in=unit_and_above(document.owner_unit_id))
    if top_too:
        where |= Q(unit__parent__isnull=True)
    return set(
        Employee.objects.filter(where, user__in=holders, user__is_active=True)
        .exclude(user__in=auditors)
        .values_list("pk", flat=True)
    )


def approver_ids(document) -> set[int]:
    """The employees who may approve the document now: its kind says so if its approvers are
    people rather than roles (the minutes: the chair); else the holders of its reviewer roles
    over its unit — in the unit or above it, or at the top of the tree — never an auditor."""
    own = getattr(document, "approver_employee_ids", None)
    if own is not None:
        return set(own())
    return _holders_over(document, document.reviewer_roles, top_too=True)


def _employee_id(user):
    return getattr(getattr(user, "employee", None), "pk", None)


def on_submitted(document, *, by) -> list[int]:
    """Tell the approvers that a version waits for them (not the person who submitted it).
    Submitted again after being sent back, it is a new message."""
    times = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        version=document.version,
        transition="submit",
    ).count()
    people = approver_ids(document) - {_employee_id(by)}
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


def on_withdrawn(document, *, by, note) -> list[int]:
    """Tell everyone this version asked to acknowledge it — acknowledged or not — that it is
    withdrawn, and why (not the person who withdrew it). It asks nothing more: its
    announcements and reminders still waiting in the outbox are dropped (the beat and HR's
    button skip it already)."""
    unsent_cancel(document)
    people = set(
        Acknowledgement.objects.for_document(document)
        .filter(version=document.version)
        .values_list("employee_id", flat=True)
    ) - {_employee_id(by)}
    if not people:
        return []
    with override(settings.LANGUAGE_CODE):
        subject = _("Withdrawn: %(title)s") % {"title": document.title}
        text = _("Reason: %(reason)s") % {"reason": note}
    return notify(
        people,
        subject=subject,
        text=text,
        link=document.get_absolute_url(),
        # A version is withdrawn once: published → withdrawn has no way back.
        key=f"withdrawn:{document._meta.label_lower}:{document.pk}:{document.version}",
    )


def answerer_ids(document) -> set[int]:
    """The employees who may answer comments on the document (Document.is_author, which
    workflows.comments.may_answer asks): the holders of its author roles in its unit or a unit
    above it, never an auditor. (The kinds that decide their authors themselves, the minutes and
    the report, take no comments.)"""
    return _holders_over(document, document.author_roles)


def _comments_link(document) -> str:
    return document.get_absolute_url() + "#comments-title"


def on_commented(comment, document, *, by) -> list[int]:
    """Tell the HR officers who answer comments on the document that one waits (not the person
    who wrote it). What it says stays on the page: a comment is for HR's eyes only."""
    people = answerer_ids(document) - {_employee_id(by)}
    if not people:
        return []
    with override(settings.LANGUAGE_CODE):
        subject = _("A new comment waits for your answer: %(title)s") % {"title": document.title}
    return notify(
        people, subject=subject, link=_comments_link(document), key=f"comment:{comment.pk}"
    )


def on_answered(comment, document, *, by) -> list[int]:
    """Tell the person who wrote a comment that it has been answered (not HR answering their
    own comment)."""
    people = set(
        Employee.objects.filter(user_id=comment.author_id, user__is_active=True).values_list(
            "pk", flat=True
        )
    ) - {_employee_id(by)}
    if not people:
        return []
    with override(settings.LANGUAGE_CODE):
        subject = _("Your comment on “%(title)s” has been answered") % {"title": document.title}
    return notify(
        people,
        subject=subject,
        link=_comments_link(document),
        key=f"comment:{comment.pk}:answered",
    )
