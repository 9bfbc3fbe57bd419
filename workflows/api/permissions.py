"""Who may read what beyond visibility: the tracking of acknowledgements."""

from hrflow import roles


def may_track(document, user) -> bool:
    """Tracking names who has not acknowledged yet: the authors of the owner unit (and of the
    units above it), the kind's executives and auditors — not every reader of the document."""
    if roles.has_role(user, roles.AUDITOR, *document.reviewer_roles, *document.publisher_roles):
        return True
    employee = getattr(user, "employee", None)
    return (
        employee is not None
        and roles.has_role(user, *document.author_roles)
        and document.owner_unit_id in employee.unit.descendant_ids()
    )
