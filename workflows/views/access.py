"""Who may see what, for the pages. The same rules as Document.objects.visible_to and the
workflow's role knobs, phrased as the questions the pages ask."""

from django.shortcuts import get_object_or_404

from hrflow import roles


def visible_document(request, pages, pk):
    """The document if this user may read it; a 404 otherwise, so its existence stays hidden."""
    return get_object_or_404(pages.model.objects.visible_to(request.user), pk=pk)


def is_author_of(user, document) -> bool:
    """A clerk of the unit that owns the document, or of a unit above it."""
    employee = getattr(user, "employee", None)
    return (
        employee is not None
        and roles.has_role(user, *document.author_roles)
        and document.owner_unit_id in employee.unit.descendant_ids()
    )


def is_officer(user, document) -> bool:
    """Reviewers and publishers work on every document of the kind."""
    return roles.has_role(user, *document.reviewer_roles, *document.publisher_roles)


def may_track(user, document) -> bool:
    return (
        roles.has_role(user, roles.AUDITOR)
        or is_officer(user, document)
        or is_author_of(user, document)
    )


def may_remind(user, document) -> bool:
    if roles.has_role(user, roles.AUDITOR):
        return False
    return is_officer(user, document) or is_author_of(user, document)


def may_create(user, model) -> bool:
    return (
        not roles.has_role(user, roles.AUDITOR)
        and roles.has_role(user, *model.author_roles)
        and getattr(user, "employee", None) is not None
    )
