"""Which document kinds the API serves and how each is written.

A new kind (minutes, position descriptions, evaluation criteria) adds its serializer and one
`register(...)` call in serializers.py; the views and URLs are shared by every kind."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class KindAPI:
    serializer: type
    # service(by=user, **validated_data) → document; None: the API cannot create this kind.
    create: Callable | None = None
    # service(document, by=user, lock_version=n, **changes) → document; None: read-only kind.
    update: Callable | None = None
    # Relations the serializer reads, fetched with the list instead of once per row.
    select_related: tuple[str, ...] = ("owner_unit", "created_by")
    prefetch_related: tuple[str, ...] = ()

    @property
    def model(self):
        return self.serializer.Meta.model

    @property
    def slug(self) -> str:
        return self.model.kind_slug


REGISTRY: dict[str, KindAPI] = {}


def register(serializer, **options) -> KindAPI:
    entry = KindAPI(serializer, **options)
    if not entry.slug:
        raise ImproperlyConfigured(f"{entry.model.__name__} has no kind_slug for its API URL.")
    REGISTRY[entry.slug] = entry
    return entry


def entries() -> list[KindAPI]:
    """One entry per kind in workflows.models.KINDS, in menu order; a kind without an API
    registration is a mistake that should stop the server, not a silently missing endpoint."""
    from workflows.models import KINDS

    from . import serializers  # noqa: F401  (the registrations live there)

    missing = [kind.__name__ for kind in KINDS if kind.kind_slug not in REGISTRY]
    if missing:
        raise ImproperlyConfigured(f"No API serializer registered for: {', '.join(missing)}")
    return [REGISTRY[kind.kind_slug] for kind in KINDS]
