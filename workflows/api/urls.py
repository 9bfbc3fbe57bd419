"""/api/<kind>/… for every registered kind with an `api` (workflows/registry.py), one viewset.

The API authenticates in DRF (session or token), after the login-required middleware has run,
so these views are exempt from it and DRF's permissions answer 403 instead of a redirect."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from workflows import registry

from .registry import entries
from .views import DocumentViewSet

ROUTES = (
    ("", {"get": "list", "post": "create"}, "list"),
    ("<int:pk>/", {"get": "retrieve", "put": "update", "patch": "partial_update"}, "detail"),
    ("<int:pk>/transitions/", {"get": "transitions"}, "transitions"),
    ("<int:pk>/transitions/<str:name>/", {"post": "transition"}, "transition"),
    ("<int:pk>/revise/", {"post": "revise"}, "revise"),
    ("<int:pk>/history/", {"get": "history"}, "history"),
    ("<int:pk>/acknowledgements/", {"get": "acknowledgements"}, "acknowledgements"),
)


def kind_urls(entry):
    viewset = DocumentViewSet.for_kind(entry)
    return [
        path(
            f"{entry.slug}/{route}",
            login_not_required(viewset.as_view(actions)),
            name=f"api-{entry.slug}-{name}",
        )
        for route, actions, name in ROUTES
    ]


urlpatterns = [url for entry in entries() for url in kind_urls(entry)]

# A kind's app's own endpoints beside the generic ones (e.g. the minutes' entries).
urlpatterns += [url for kind in registry.kinds() for url in kind.api_urls]
