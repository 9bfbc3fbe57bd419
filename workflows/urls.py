from django.urls import path

from .forms import CircularForm
from .forms_hr import EvaluationCriteriaForm, PositionDescriptionForm
from .forms_minutes import MinutesForm
from .models import Circular, EvaluationCriteria, MeetingMinutes, PositionDescription
from .views import DocumentPages, measure6
from .views import minutes as minutes_views

app_name = "workflows"

# One entry per kind: the same generic pages, with the kind's own form and fields partial.
PAGES = (
    DocumentPages(Circular, CircularForm),
    minutes_views.MinutesPages(MeetingMinutes, MinutesForm),
    DocumentPages(PositionDescription, PositionDescriptionForm),
    DocumentPages(EvaluationCriteria, EvaluationCriteriaForm),
)

urlpatterns = [
    path("my-documents/", measure6.my_documents_page, name="my-documents"),
    path("evaluation-criteria/compliance/", measure6.compliance_page, name="criteria-compliance"),
    path(
        "evaluation-criteria/compliance/remind/",
        measure6.compliance_remind,
        name="criteria-compliance-remind",
    ),
    *(pattern for pages in PAGES for pattern in pages.urls()),
]

# Staff suggestions to meeting series (workflows/views/minutes.py).
urlpatterns += [
    path("suggestions/", minutes_views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", minutes_views.suggestion_handle, name="suggestion-handle"),
]
