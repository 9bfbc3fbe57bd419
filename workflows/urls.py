from django.urls import path

from . import views

app_name = "workflows"
urlpatterns = [
    path("circulars/", views.circular_list, name="circular-list"),
    path("circulars/<int:pk>/", views.circular_detail, name="circular-detail"),
]
