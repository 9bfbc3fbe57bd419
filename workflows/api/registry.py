"""How the API serves one kind of document: a KindAPI, given as `api` in the kind's
registration (workflows/registry.py); the views and URLs are shared by every kind."""

from collections.abc import Callable
from dataclasses import dataclass


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


def entries() -> list[KindAPI]:
    """One entry per registered kind that has an API, in menu order."""
    from workflows import registry

    return [kind.api for kind in registry.with_api()]


def entry(slug: str) -> KindAPI:
    from workflows import registry

    kind = registry.get(slug)
    if kind is None or kind.api is None:
        raise KeyError(slug)
    return kind.api
