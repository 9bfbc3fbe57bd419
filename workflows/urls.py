from django.urls import path

from .forms import CircularForm
from .forms_minutes import MinutesForm
from .models import Circular, MeetingMinutes
from .views import DocumentPages
from .views import minutes as minutes_views

app_name = "workflows"

# One entry per kind: the same generic pages, with the kind's own form and fields partial.
PAGES = (
    DocumentPages(Circular, CircularForm),
    minutes_views.MinutesPages(MeetingMinutes, MinutesForm),
)

urlpatterns = [pattern for pages in PAGES for pattern in pages.urls()]

# Staff suggestions to meeting series (workflows/views/minutes.py).
urlpatterns += [
    path("suggestions/", minutes_views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", minutes_views.suggestion_handle, name="suggestion-handle"),
]
