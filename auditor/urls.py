from django.urls import path

from . import views

app_name = "auditor"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.pdf", views.export_pdf, name="export-pdf"),
    path("documents/<slug:slug>/<int:pk>/", views.document_timeline, name="document"),
    path("people/<int:pk>/", views.person_timeline, name="person"),
    path("evaluation-cases/<int:pk>/", views.case_timeline, name="case"),
]
