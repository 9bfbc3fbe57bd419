"""Downloads of a document as a Thai official document, for its readers."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from hrflow.exports import ExportUnavailable
from hrflow.exports import digits as digit_styles
from hrflow.views import problem

from .. import exports
from ..exports import stored
from .access import visible_document

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _export(request, pages, pk, fmt):
    document = visible_document(request, pages, pk)
    if exports.builder_for(pages.model) is None:
        raise Http404(_("This kind of document has no export."))
    try:
        digits = digit_styles.choose(request.GET.get("digits"))
    except ValueError as error:
        return problem(request, str(error), 400)
    try:
        # Kept once made for a published version; a draft's is made again, one at a time.
        content = stored.official(document, fmt, digits)
    except ExportUnavailable as error:
        return problem(request, str(error), 503)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    filename = f"{pages.slug}-{document.pk}-v{document.version}-{digits}-digits.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_pdf(request, pk, pages):
    return _export(request, pages, pk, "pdf")


def export_docx(request, pk, pages):
    return _export(request, pages, pk, "docx")
