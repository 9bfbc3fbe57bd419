"""Who may see what, for the pages. The same rules as Document.objects.visible_to and the
workflow's role knobs, phrased as the questions the pages ask."""

from django.shortcuts import get_object_or_404


def visible_document(request, pages, pk):
    """The document if this user may read it; a 404 otherwise, so its existence stays hidden."""
    return get_object_or_404(pages.model.objects.visible_to(request.user), pk=pk)
