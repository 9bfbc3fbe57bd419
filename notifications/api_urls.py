"""/api/me/…. DRF authenticates (session or token) after the login-required middleware, so
these views are exempt from it and answer 403 in JSON instead of redirecting to a page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import api, line_views

urlpatterns = [
    path("me/", login_not_required(api.MeView.as_view()), name="api-me"),
    path("me/line/", login_not_required(line_views.MyLineView.as_view()), name="api-me-line"),
    path("me/notices/", login_not_required(api.NoticeList.as_view()), name="api-me-notices"),
    path(
        "me/acknowledgements/",
        login_not_required(api.AcknowledgementList.as_view()),
        name="api-me-acknowledgements",
    ),
    path(
        "me/acknowledgements/<int:pk>/",
        login_not_required(api.AcknowledgeView.as_view()),
        name="api-me-acknowledge",
    ),
]
