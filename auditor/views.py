"""The auditor's workspace: search the audit trail, a document's timeline across its versions,
a person's timeline, and exports (CSV, PDF) that carry the chain's head hash. Read-only: the
AuditorsReadOnlyMiddleware refuses any write from an auditor before it reaches a view."""

import csv
import io
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import EvaluationCase
from hrflow import audit, cells, exports, roles
from hrflow.exports import digits as digit_styles
from hrflow.models import Employee, display_name
from hrflow.thai import format_date
from hrflow.views import problem

from . import case_timeline as case_reads
from . import reads
from .forms import EventSearchForm

PAGE_SIZE = 50
PDF_MAX_ROWS = 1000


def may_audit(user) -> bool:
    return roles.has_role(user, roles.AUDITOR, roles.ADMIN)


def auditors_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_audit(request.user):
            raise PermissionDenied(_("The audit pages are for auditors."))
        return view(request, *args, **kwargs)

    return wrapper


def _searched(request):
    form = EventSearchForm(request.GET or None)
    if not form.is_valid():
        return form, reads.search().none() if form.is_bound else reads.search()
    data = form.cleaned_data
    people = reads.people_matching(data["person"]) if data["person"] else None
    return form, reads.search(
        kind=data["kind"],
        people=people,
        unit=data["unit"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        text=data["q"],
        subject_type=data["document_kind"],
    )


CASE_LABEL = EvaluationCase._meta.label_lower


def _rows(events):
    """Events as the pages and exports show them, with links to the timelines."""
    for event in events:
        kind = reads.kind_by_label(event.subject_type)
        yield {
            "event": event,
            "label": audit.kind_label(event.kind),
            "document_slug": kind.kind_slug if kind else "",
            # An evaluation case has a timeline of its own (auditor:case).
            "case": bool(event.subject_id) and event.subject_type == CASE_LABEL,
            "about": reads.event_about(event, kind),
        }


@auditors_only
def search(request):
    form, events = _searched(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "auditor/search.html",
        {
            "form": form,
            "page": page,
            "rows": list(_rows(page.object_list)),
            "query": query.urlencode(),
            "head_hash": audit.head_hash(),
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@auditors_only
def document_timeline(request, slug, pk):
    model = reads.kind_by_slug(slug)
    if model is None:
        raise Http404(_("There is no such kind of document."))
    document = get_object_or_404(model, pk=pk)
    return render(
        request,
        "auditor/document.html",
        {
            "document": document,
            "kind_label": model._meta.verbose_name,
            "versions": reads.document_timeline(document),
            "labels": audit.KIND_LABELS,
        },
    )


@auditors_only
def case_timeline(request, pk):
    """An evaluation case's steps and score changes (old → new per indicator)."""
    case = get_object_or_404(
        EvaluationCase.objects.select_related("round", "person__unit", "evaluator", "second_level"),
        pk=pk,
    )
    return render(
        request,
        "auditor/case.html",
        {"case": case, "timeline": case_reads.case_timeline(case), "labels": audit.KIND_LABELS},
    )


@auditors_only
def person_timeline(request, pk):
    employee = get_object_or_404(Employee.objects.select_related("unit", "position"), pk=pk)
    events = reads.search(people=[employee])
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "auditor/person.html",
        {"employee": employee, "page": page, "rows": list(_rows(page.object_list))},
    )


# --- exports ------------------------------------------------------------------------------------

COLUMNS = (
    "#", gettext_lazy("At"), gettext_lazy("Event"), gettext_lazy("By"), gettext_lazy("About"),
    gettext_lazy("Version"), gettext_lazy("IP address"), gettext_lazy("Hash"),
)  # fmt: skip


def _export_row(row):
    event = row["event"]
    return [
        event.seq,
        format_date(event.at, with_time=True),
        row["label"],
        event.actor_name,
        row["about"],  # in words, as the pages say it (the stored summary names steps in code)
        event.version or "",
        event.ip,
        event.hash,
    ]


def _preamble(request, verdict):
    return [
        (_("Exported"), format_date(timezone.now(), with_time=True)),
        (_("Exported by"), display_name(request.user)),
        (_("Chain head hash"), verdict.head_hash),
        (
            _("Chain verification"),
            _("OK, %(n)s events") % {"n": verdict.count}
            if verdict.ok
            else _("FAILED at event %(seq)s") % {"seq": verdict.first_bad_seq},
        ),
    ]


def _export(view):
    """An export of the searched events, with the chain verified as of now."""

    @wraps(view)
    def wrapper(request):
        form, events = _searched(request)
        if form.is_bound and not form.is_valid():
            return problem(request, _("Please correct the search first."), 400)
        return view(request, events, audit.verify())

    return auditors_only(wrapper)


@_export
def export_csv(request, events, verdict):
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 Thai correctly only with the BOM
    writer = csv.writer(out)
    for label, value in _preamble(request, verdict):
        writer.writerow(cells.row([label, value]))
    writer.writerow([])
    writer.writerow(cells.row(str(column) for column in COLUMNS))
    for row in _rows(events.iterator(chunk_size=2000)):
        writer.writerow(cells.row(_export_row(row)))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hrflow-audit-trail.csv"'
    return response


@_export
def export_pdf(request, events, verdict):
    try:
        digits = digit_styles.choose(request.GET.get("digits"))
    except ValueError as error:
        return problem(request, str(error), 400)
    total = events.count()
    with translation.override("th"):
        # Across the page: "about" says the step in words and the document's title.
        doc = exports.OfficialDocument(title=_("Audit trail"), digits=digits, landscape=True)
        doc.heading(_("Audit trail"))
        doc.fields(_preamble(request, verdict))
        if total > PDF_MAX_ROWS:
            doc.paragraph(
                _("The first %(n)s of %(total)s events; the CSV export has them all.")
                % {"n": PDF_MAX_ROWS, "total": total}
            )
        rows = [_export_row(row)[:-1] for row in _rows(events[:PDF_MAX_ROWS])]
        doc.table([str(c) for c in COLUMNS[:-1]], rows, widths=[1, 3, 3, 3, 6, 1, 2], nowrap=[3])
        try:
            content = doc.pdf()
        except exports.ExportUnavailable as error:
            return problem(request, str(error), 503)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"hrflow-audit-trail-{digits}-digits.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
