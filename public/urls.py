from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:fy>/", views.year, name="year"),
    path("<int:fy>/<slug:kind>/", views.kind_year, name="kind"),
    path("<int:fy>/<slug:kind>/<int:pk>/", views.item, name="item"),
    path("<int:fy>/<slug:kind>/<int:pk>.<slug:fmt>", views.download, name="download"),
    path("<int:fy>/<slug:kind>/<int:pk>/files/<int:file_pk>/", views.file, name="file"),
]
