"""Staff suggestions to meeting series: pages of their own, served in the engine's "workflows"
URL namespace through the registration of minutes (meetings/kinds.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", views.suggestion_handle, name="suggestion-handle"),
]
