"""The API is generic over the registered kinds: one `api` per kind, shared views."""

import pytest
from django.urls import reverse

from workflows import registry as kinds
from workflows.api import registry

API_KINDS = [kind.model for kind in kinds.with_api()]


@pytest.mark.parametrize("kind", API_KINDS, ids=lambda kind: kind.kind_slug)
def test_every_kind_has_a_serializer_and_the_shared_urls(kind):
    entry = {entry.slug: entry for entry in registry.entries()}[kind.kind_slug]
    assert entry.model is kind
    for name in ("list", "transitions", "history", "acknowledgements"):
        args = [] if name == "list" else [1]
        assert reverse(f"api-{kind.kind_slug}-{name}", args=args).startswith(
            f"/api/{kind.kind_slug}/"
        )


def test_the_engine_kinds_all_have_an_api():
    assert {"circulars", "minutes", "position-descriptions", "evaluation-criteria"} <= {
        entry.slug for entry in registry.entries()
    }


def test_each_kind_is_served_by_the_one_viewset_bound_to_its_slug():
    from workflows.api.views import DocumentViewSet

    for entry in registry.entries():
        view = DocumentViewSet.for_kind(entry)
        assert issubclass(view, DocumentViewSet)
        assert view.kind == entry.slug
        assert view().get_serializer_class() is entry.serializer
