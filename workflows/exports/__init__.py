"""Documents as Thai official documents (DOCX, PDF): one description, two formats.

A kind describes its export once as an `hrflow.exports.OfficialDocument` (headings,
paragraphs, label/value lines, tables, a signing block) in a builder
`build(document) -> OfficialDocument`, named as its `export` in its registration
(workflows/registry.py); the generic pages `<kind>/<pk>/export.pdf|.docx` serve every kind
that has one to the document's readers. The framework itself lives in hrflow.exports."""

from collections.abc import Callable

from hrflow.exports import OfficialDocument
from hrflow.models import display_name
from hrflow.thai import format_date

from ..models import TransitionLog


def builder_for(model: type) -> Callable | None:
    from workflows import registry

    kind = registry.for_model(model)
    return kind.export if kind is not None else None


def build(document) -> OfficialDocument:
    builder = builder_for(type(document))
    if builder is None:
        raise LookupError(f"No export for {type(document).__name__}")
    return builder(document)


def signer(document, transition="publish"):
    """(name, position, date) of who took the step (who signs) and when, or ("", "", "")
    before it is taken."""
    entry = (
        TransitionLog.objects.filter(
            content_type__app_label=document._meta.app_label,
            content_type__model=document._meta.model_name,
            object_id=document.pk,
            version=document.version,
            transition=transition,
        )
        .select_related("by__employee__position")
        .last()
    )
    if entry is None:
        return "", "", ""
    employee = getattr(entry.by, "employee", None)
    position = employee.position.name if employee is not None and employee.position else ""
    return display_name(entry.by), position, format_date(entry.at, lang="th")


__all__ = ["build", "builder_for", "signer"]
