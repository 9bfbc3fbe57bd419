from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("build/", views.report_build, name="build"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/step/<slug:name>/", views.report_step, name="step"),
    path("<int:pk>/export.<str:fmt>", views.report_export, name="export"),
    path("measures/<int:year>/", views.measures_page, name="measures"),
    path("measures/<int:year>/start/", views.measures_start, name="measures-start"),
    path("measures/item/<int:pk>/", views.measure_edit, name="measure"),
    path("measures/item/<int:pk>/activities/", views.activity_add, name="activity-add"),
    path("activities/<int:pk>/", views.activity_edit, name="activity"),
    path("activities/<int:pk>/evidence/", views.evidence_upload, name="evidence-upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence-remove"),
]
