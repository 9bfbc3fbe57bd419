from django.urls import path

from meetings import views as minutes_views
from personnel import views as measure6

from . import registry

app_name = "workflows"

# The generic pages of every registered kind that has them (workflows/registry.py), in menu
# order; bench/pages.py reads this.
PAGES = tuple(kind.pages for kind in registry.with_pages())

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

# Staff suggestions to meeting series (meetings/views.py).
urlpatterns += [
    path("suggestions/", minutes_views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", minutes_views.suggestion_handle, name="suggestion-handle"),
]
