from django.urls import path

from . import measure_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("build/", views.report_build, name="build"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/step/<slug:name>/", views.report_step, name="step"),
    path("<int:pk>/export.<str:fmt>", views.report_export, name="export"),
    path("measures/<int:year>/", measure_views.measures_page, name="measures"),
    path("measures/<int:year>/start/", measure_views.measures_start, name="measures-start"),
    path("measures/item/<int:pk>/", measure_views.measure_edit, name="measure"),
    path("measures/item/<int:pk>/activities/", measure_views.activity_add, name="activity-add"),
    path("activities/<int:pk>/", measure_views.activity_edit, name="activity"),
    path("activities/<int:pk>/evidence/", measure_views.evidence_upload, name="evidence-upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("measures/item/<int:pk>/tag/", measure_views.measure_tag, name="measure-tag"),
    path("tags/<int:pk>/remove/", measure_views.measure_untag, name="measure-untag"),
    path("evidence/<int:pk>/remove/", measure_views.evidence_remove, name="evidence-remove"),
]
