"""Meetings in the main menu and the work queue (hrflow/menu.py, hrflow/workqueue.py): the
minutes' pages come from the kinds registry (workflows/menu.py); suggestions are here, and what
waits on a person — minutes they chaired to approve or publish, suggestions to handle as the
series' secretary or chair, their open action items. Fixed queries, whatever the numbers; the
counts come from the `*_waiting` querysets, in the work queue's one statement."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrflow import menu, roles, workqueue
from hrflow.workqueue import Task, employee_of
from workflows.models import State

from .models import ActionItem, MeetingMinutes, Suggestion

menu.register(
    menu.Item(
        menu.MEETINGS, "suggestions", gettext_lazy("Suggestions"), "workflows:suggestions", order=50
    )
)


def _acting(user):
    """The employee of a user who may act in meetings (auditors change nothing)."""
    employee = employee_of(user)
    return None if employee is None or roles.has_role(user, roles.AUDITOR) else employee


# --- minutes to approve or publish: whoever chaired the meeting (MeetingMinutes.is_chair) ----


def minutes_waiting(user):
    employee = _acting(user)
    if employee is None:
        return MeetingMinutes.objects.none()
    return (
        MeetingMinutes.objects.filter(
            Q(series__chair=employee) | Q(series__acting_chairs=employee),
            state__in=[State.IN_REVIEW, State.APPROVED],
            chair=employee,
        )
        .exclude(secretary=employee)
        .exclude(series__secretary=employee)
        .exclude(created_by=user)
        .distinct()
    )


def minutes_pending(user, *, limit):
    rows = minutes_waiting(user).only("pk", "title", "state", "meeting_date")
    steps = {State.IN_REVIEW: "approve", State.APPROVED: "publish"}
    return [
        Task(
            f"{MeetingMinutes.step_label(steps[row.state])} · {row.title}",
            row.get_absolute_url(),
            None,
            str(MeetingMinutes._meta.verbose_name),
        )
        for row in rows.order_by("meeting_date", "pk")[:limit]
    ]


# --- suggestions to place on an agenda or answer (the series' secretary and chair) ----------


def suggestions_waiting(user):
    employee = _acting(user)
    if employee is None:
        return Suggestion.objects.none()
    return Suggestion.objects.filter(
        Q(series__secretary=employee) | Q(series__chair=employee),
    ).exclude(status=Suggestion.Status.ANSWERED)


def suggestions_pending(user, *, limit):
    rows = suggestions_waiting(user).only("pk", "text", "created_at").order_by("created_at", "pk")
    label = _("Answer a suggestion")
    url = reverse("workflows:suggestions")
    return [Task(f"{label} · {row.text[:80]}", url, None, label) for row in rows[:limit]]


# --- the person's own open action items -----------------------------------------------------


def actions_waiting(user):
    employee = _acting(user)
    if employee is None:
        return ActionItem.objects.none()
    return ActionItem.objects.filter(
        owner=employee, status=ActionItem.Status.OPEN, minutes__state=State.PUBLISHED
    )


def actions_pending(user, *, limit):
    rows = actions_waiting(user).only("pk", "text", "due_date", "minutes_id")
    label = _("Action item")
    return [
        Task(
            f"{label} · {row.text[:80]}",
            reverse("workflows:meetingminutes-detail", args=[row.minutes_id]),
            row.due_date,
            label,
        )
        for row in rows.order_by("due_date", "pk")[:limit]
    ]


for key, label, pending, waiting, order in (
    (
        "minutes",
        gettext_lazy("Minutes to approve or publish"),
        minutes_pending,
        minutes_waiting,
        25,
    ),
    (
        "suggestions",
        gettext_lazy("Suggestions to handle"),
        suggestions_pending,
        suggestions_waiting,
        50,
    ),
    ("action-items", gettext_lazy("My action items"), actions_pending, actions_waiting, 60),
):
    workqueue.register(
        workqueue.Provider(key, label, pending, lambda user, found=waiting: [found(user)], order)
    )
