from django.urls import path

from . import form_views, open_views, views

app_name = "evaluations"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", open_views.round_open, name="round-new"),
    path("rounds/<int:pk>/", views.round_page, name="round"),
    path("rounds/<int:pk>/progress.csv", views.round_csv, name="round-csv"),
    path("rounds/<int:pk>/progress.xlsx", views.round_xlsx, name="round-xlsx"),
    path("rounds/<int:pk>/announcement/", views.announcement, name="announcement"),
    path("rounds/<int:pk>/<slug:name>/", views.round_action, name="round-action"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/form.pdf", form_views.case_form_pdf, name="case-form-pdf"),
    path("cases/<int:pk>/form.docx", form_views.case_form_docx, name="case-form-docx"),
    path("cases/<int:pk>/agreement/", views.case_agreement, name="case-agreement"),
    path("cases/<int:pk>/scores/", views.case_scores, name="case-scores"),
    path("cases/<int:pk>/<slug:name>/", views.case_step, name="case-step"),
]
