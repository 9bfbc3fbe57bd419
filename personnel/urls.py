"""Measure 6's own pages, served in the engine's "workflows" URL namespace through the
registration of evaluation criteria (personnel/kinds.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("my-documents/", views.my_documents_page, name="my-documents"),
    path("evaluation-criteria/compliance/", views.compliance_page, name="criteria-compliance"),
    path(
        "evaluation-criteria/compliance/remind/",
        views.compliance_remind,
        name="criteria-compliance-remind",
    ),
]
