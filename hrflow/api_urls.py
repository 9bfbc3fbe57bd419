"""Everything under /api/. DRF authenticates each request itself (session or token), so the
views are exempt from the login-required middleware, which knows nothing of tokens."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated

from hrflow import api_tokens
from hrflow.api import not_found

urlpatterns = [
    path("auth/token/", login_not_required(api_tokens.TokenView.as_view()), name="api-token"),
    path("auth/logout/", login_not_required(api_tokens.LogoutView.as_view()), name="api-logout"),
    path("me/tokens/", login_not_required(api_tokens.MyTokenList.as_view()), name="api-my-tokens"),
    path(
        "me/tokens/<str:key>/",
        login_not_required(api_tokens.MyTokenView.as_view()),
        name="api-my-token",
    ),
    path(
        "schema/",
        login_not_required(SpectacularAPIView.as_view(permission_classes=[IsAuthenticated])),
        name="api-schema",
    ),
    path(
        "docs/",
        login_not_required(
            SpectacularSwaggerView.as_view(
                url_name="api-schema", permission_classes=[IsAuthenticated]
            )
        ),
        name="api-docs",
    ),
    path("", include("notifications.api_urls")),
    path("", include("workflows.api.urls")),
    path("", include("evaluations.api.urls")),
    re_path(r"", not_found),
]
