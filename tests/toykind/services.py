"""The toy kind's write path, built from the engine's public pieces only."""

from hrflow.errors import Forbidden, Invalid
from workflows import services

from .models import ToyNote

FIELDS = ("title", "body", "is_public")


def _cleaned(values: dict) -> dict:
    title = (values.get("title") or "").strip()
    if not title:
        raise Invalid("A title is required.", field="title")
    return {
        "title": title[:300],
        "body": (values.get("body") or "").strip(),
        "is_public": bool(values.get("is_public")),
    }


def toy_create(*, by, **values):
    if not ToyNote.may_create(by):
        raise Forbidden("You may not draft toy notes.")
    return ToyNote.objects.create(owner_unit=by.employee.unit, created_by=by, **_cleaned(values))


def toy_update(document, *, by, lock_version=None, **changes):
    if not (document.may(by, "edit") and document.is_author(by)):
        raise Forbidden("You may not edit this toy note.")
    values = {name: changes.get(name, getattr(document, name)) for name in FIELDS}
    return services.save_draft(document, _cleaned(values), lock_version=lock_version)
