from .forms import CircularForm
from .models import Circular
from .views import DocumentPages

app_name = "workflows"

# One entry per kind: the same generic pages, with the kind's own form and fields partial.
PAGES = (DocumentPages(Circular, CircularForm),)

urlpatterns = [pattern for pages in PAGES for pattern in pages.urls()]
