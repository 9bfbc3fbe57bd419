"""/api/evaluations/… as plain routes (like workflows.api.urls), exempt from the
login-required middleware: DRF authenticates each request itself (session or token)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from .views import CaseViewSet, RoundViewSet

ROUTES = (
    (RoundViewSet, "rounds/", {"get": "list", "post": "create"}, "round-list"),
    (RoundViewSet, "rounds/<int:pk>/", {"get": "retrieve"}, "round-detail"),
    (RoundViewSet, "rounds/<int:pk>/committee/", {"post": "committee"}, "round-committee"),
    (RoundViewSet, "rounds/<int:pk>/newcomers/", {"post": "newcomers"}, "round-newcomers"),
    (RoundViewSet, "rounds/<int:pk>/close-review/", {"post": "close_review"}, "round-close"),
    (RoundViewSet, "rounds/<int:pk>/approve/", {"post": "approve"}, "round-approve"),
    (RoundViewSet, "rounds/<int:pk>/announce/", {"post": "announce"}, "round-announce"),
    (CaseViewSet, "cases/", {"get": "list"}, "case-list"),
    (CaseViewSet, "cases/<int:pk>/", {"get": "retrieve"}, "case-detail"),
    (CaseViewSet, "cases/<int:pk>/agreement/", {"put": "agreement"}, "case-agreement"),
    (CaseViewSet, "cases/<int:pk>/agree/", {"post": "agree"}, "case-agree"),
    (CaseViewSet, "cases/<int:pk>/self-assessment/", {"post": "self_assessment"}, "case-self"),
    (CaseViewSet, "cases/<int:pk>/scores/", {"post": "scores"}, "case-scores"),
    (CaseViewSet, "cases/<int:pk>/evaluator/", {"post": "evaluator"}, "case-evaluator"),
    (CaseViewSet, "cases/<int:pk>/steps/<str:name>/", {"post": "step"}, "case-step"),
    (CaseViewSet, "cases/<int:pk>/appeal/", {"post": "appeal"}, "case-appeal"),
    (CaseViewSet, "cases/<int:pk>/appeal/decision/", {"post": "appeal_decision"}, "case-decide"),
    (CaseViewSet, "cases/<int:pk>/history/", {"get": "history"}, "case-history"),
)

urlpatterns = [
    path(f"evaluations/{route}", login_not_required(viewset.as_view(actions)),
         name=f"api-evaluation-{name}")
    for viewset, route, actions, name in ROUTES
]  # fmt: skip
