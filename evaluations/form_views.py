"""The case as the Thai form (PDF, DOCX), for whoever may read the case: the person, their
evaluator and second level, the round's committee, the executives over the round's unit, HR and
the auditor (the case page's own rule, EvaluationCase.objects.visible_to); anyone else 404."""

from django.http import Http404, HttpResponse
from django.utils import translation

from hrflow import locks
from hrflow.exports import ExportUnavailable
from hrflow.views import problem

from . import form
from .models import EvaluationCase

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def case_form(request, pk, fmt):
    case = (
        EvaluationCase.objects.visible_to(request.user)
        .select_related("round__criteria", "person__unit", "person__position",
                        "evaluator__position", "second_level__position")
        .filter(pk=pk)
        .first()
    )  # fmt: skip
    if case is None or fmt not in FORMATS:
        raise Http404
    try:
        # Chromium takes seconds: one file of a case at a time. An official form is in Thai
        # whatever the language of the reader's pages.
        with locks.exclusive(f"export:evaluations.evaluationcase:{case.pk}"):
            with translation.override("th"):
                doc = form.build(case)
                content = doc.pdf() if fmt == "pdf" else doc.docx()
    except ExportUnavailable as error:
        return problem(request, str(error), 503)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="evaluation-case-{case.pk}.{fmt}"'
    return response


def case_form_pdf(request, pk):
    return case_form(request, pk, "pdf")


def case_form_docx(request, pk):
    return case_form(request, pk, "docx")
