from . import registry

app_name = "workflows"

# The generic pages of every registered kind that has them (workflows/registry.py), in menu
# order; bench/pages.py reads this.
PAGES = tuple(kind.pages for kind in registry.with_pages())

urlpatterns = [
    # A kind's app's own pages first: "evaluation-criteria/compliance/" is not a document.
    *(pattern for kind in registry.kinds() for pattern in kind.urls),
    *(pattern for pages in PAGES for pattern in pages.urls()),
]
