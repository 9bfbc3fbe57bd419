"""The API is generic over workflows.models.KINDS: one registration per kind, shared views."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from workflows.api import registry
from workflows.models import KINDS


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.kind_slug)
def test_every_kind_has_a_serializer_and_the_shared_urls(kind):
    entry = {entry.slug: entry for entry in registry.entries()}[kind.kind_slug]
    assert entry.model is kind
    for name in ("list", "transitions", "history", "acknowledgements"):
        args = [] if name == "list" else [1]
        assert reverse(f"api-{kind.kind_slug}-{name}", args=args).startswith(
            f"/api/{kind.kind_slug}/"
        )


def test_a_kind_without_a_registration_stops_the_server_instead_of_vanishing(monkeypatch):
    registry.entries()
    monkeypatch.delitem(registry.REGISTRY, KINDS[0].kind_slug)
    with pytest.raises(ImproperlyConfigured, match=KINDS[0].__name__):
        registry.entries()


def test_each_kind_is_served_by_the_one_viewset_bound_to_its_slug():
    from workflows.api.views import DocumentViewSet

    for entry in registry.entries():
        view = DocumentViewSet.for_kind(entry)
        assert issubclass(view, DocumentViewSet)
        assert view.kind == entry.slug
        assert view().get_serializer_class() is entry.serializer
