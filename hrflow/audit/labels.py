"""What an audit event is called: its kinds and their labels, and the model labels events were
written under before a model moved to another app."""

from django.utils.translation import gettext_lazy as _


class Kind:
    TRANSITION = "transition"
    ACKNOWLEDGEMENT = "acknowledgement"
    PROXY_ACKNOWLEDGEMENT = "proxy_acknowledgement"
    NOTICE_FAILED = "notice_failed"
    ROLE_CHANGE = "role_change"
    UNIT_CHANGE = "unit_change"
    STAFF_IMPORT = "staff_import"
    COMMENT = "comment"  # a comment on a published document, or HR's answer to it
    ACTION_ITEM = "action_item"  # a meeting's action item closed at a later meeting
    SUGGESTION = "suggestion"  # a suggestion answered (who suggested it is not recorded here)
    AGENCY_CHANGE = "agency_change"  # the agency's name, letterhead or digit style


KIND_LABELS = {
    Kind.TRANSITION: _("Workflow step"),
    Kind.ACKNOWLEDGEMENT: _("Acknowledgement"),
    Kind.PROXY_ACKNOWLEDGEMENT: _("Acknowledgement recorded by proxy"),
    Kind.NOTICE_FAILED: _("Notice could not be delivered"),
    Kind.ROLE_CHANGE: _("Role change"),
    Kind.UNIT_CHANGE: _("Unit change"),
    Kind.STAFF_IMPORT: _("Staff import"),
    Kind.COMMENT: _("Comment"),
    Kind.ACTION_ITEM: _("Action item closed"),
    Kind.SUGGESTION: _("Suggestion answered"),
    Kind.AGENCY_CHANGE: _("Agency settings changed"),
}


def kind_label(kind) -> str:
    return str(KIND_LABELS.get(kind, kind))


# Models that moved to another app, by the label events were written under before the move. An
# event's subject_type is hashed into the chain, so old events keep their label for ever; every
# read that turns a label into a model or filters by one goes through current_label/labels_of.
MOVED_LABELS = {
    "workflows.circular": "circulars.circular",
    "workflows.circularattachment": "circulars.circularattachment",
    "workflows.meetingseries": "meetings.meetingseries",
    "workflows.attendance": "meetings.attendance",
    "workflows.meetingminutes": "meetings.meetingminutes",
    "workflows.problem": "meetings.problem",
    "workflows.resolution": "meetings.resolution",
    "workflows.actionitem": "meetings.actionitem",
    "workflows.actionprogress": "meetings.actionprogress",
    "workflows.suggestion": "meetings.suggestion",
    "workflows.positiondescription": "personnel.positiondescription",
    "workflows.evaluationcriteria": "personnel.evaluationcriteria",
    "workflows.organisationgoal": "personnel.organisationgoal",
}


def current_label(label: str) -> str:
    """The label a model has today, for a label an event was written under."""
    return MOVED_LABELS.get(label, label)


def labels_of(label: str) -> list[str]:
    """Every label events about the model `label` may carry: today's and those before a move."""
    label = current_label(label)
    return [label, *sorted(old for old, new in MOVED_LABELS.items() if new == label)]


def subject_of(instance) -> tuple[str, int | None]:
    if instance is None:
        return "", None
    return instance._meta.label_lower, instance.pk
