from django.urls import path

from .forms import CircularForm
from .forms_hr import EvaluationCriteriaForm, PositionDescriptionForm
from .models import Circular, EvaluationCriteria, PositionDescription
from .views import DocumentPages, measure6

app_name = "workflows"

# One entry per kind: the same generic pages, with the kind's own form and fields partial.
PAGES = (
    DocumentPages(Circular, CircularForm),
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
