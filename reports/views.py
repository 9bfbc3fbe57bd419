"""HR's pages for the integrity measures and the yearly report; the executive's steps; the
downloads (a published report and its evidence are public, everything else is not)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow.errors import ServiceError
from hrflow.exports import ExportUnavailable
from hrflow.exports import digits as digit_styles
from hrflow.http import client_ip
from hrflow.thai import fiscal_year
from hrflow.views import problem, read_only_for_auditors
from workflows import registry  # item_url: its page on the public evidence page
from workflows.exports import stored
from workflows.filters import filter_documents
from workflows.forms import refusal_of
from workflows.models import State, TransitionLog
from workflows.services import apply_transition, available_transitions

from . import exports, monthly, services
from .forms import BuildForm, StepForm
from .models import Evidence, IntegrityReport

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def require_reader(user):
    if not services.may_read(user):
        raise PermissionDenied(_("Only HR, executives and auditors follow the integrity report."))


def _last_complete_year() -> int:
    return fiscal_year(timezone.localdate()) - 1


def report_list(request):
    require_reader(request.user)
    listed = filter_documents(request.GET, IntegrityReport.objects.visible_to(request.user))
    context = {
        "reports": listed.documents.order_by("-fiscal_year", "-version"),
        "filters": listed.form,
        "form": BuildForm(initial={"fiscal_year": _last_complete_year()}),
        "may_prepare": services.may_prepare(request.user),
    }
    return render(request, "reports/report_list.html", context, status=listed.status)


@require_POST
@read_only_for_auditors
def report_build(request):
    if not services.may_prepare(request.user):
        raise PermissionDenied(_("Only HR builds the integrity report."))
    form = BuildForm(request.POST)
    if not form.is_valid():
        return problem(request, _("Give the fiscal year in the Buddhist Era, e.g. 2569."), 400)
    try:
        report = services.report_build(
            form.cleaned_data["fiscal_year"], by=request.user, ip=client_ip(request)
        )
    except ServiceError as error:
        return problem(request, error.message, error.status)
    messages.success(request, _("The report was built from the records."))
    return redirect("reports:detail", pk=report.pk)


def _report(request, pk):
    report = get_object_or_404(IntegrityReport, pk=pk)
    if not IntegrityReport.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    return report


def report_detail(request, pk, *, error=None, status=200):
    require_reader(request.user)
    report = _report(request, pk)
    steps = [
        (name, report.step_label(name), report.step_needs_override(name))
        for name in available_transitions(report, request.user)
    ]
    history = (
        TransitionLog.objects.filter(
            content_type__app_label="reports", content_type__model="integrityreport", object_id=pk
        )
        .select_related("by")
        .order_by("at", "pk")
    )
    context = {
        "report": report,
        "measures": monthly.trends(report.measures, report.fiscal_year),
        "steps": steps,
        "history": history,
        "error": error,
        "may_rebuild": report.state == State.DRAFT and services.may_prepare(request.user),
        "state_label": report.get_state_display(),
        # Its stable address on the public evidence page, for the agency's website and ITA links.
        "public_url": (
            registry.item_url(report.fiscal_year, report.kind_slug, report.pk)
            if report.state == State.PUBLISHED
            else ""
        ),
    }
    return render(request, "reports/report_detail.html", context, status=status)


@require_POST
@read_only_for_auditors
def report_step(request, pk, name):
    require_reader(request.user)
    report = _report(request, pk)
    form = StepForm(request.POST)
    try:
        if not form.is_valid():
            # Refused as a whole: a step form with a bad field is never applied without it.
            raise refusal_of(form)
        report = apply_transition(
            report,
            name,
            by=request.user,
            note=form.cleaned_data["note"],
            ip=client_ip(request),
            seen_state=form.cleaned_data["from_state"] or None,
            override=form.cleaned_data["override"],
        )
    except ServiceError as error:
        return report_detail(request, pk, error=error, status=error.status)
    messages.success(
        request,
        _("Done: %(step)s. The report is now %(state)s.")
        % {"step": report.step_label(name), "state": report.get_state_display()},
    )
    return redirect("reports:detail", pk=report.pk)


def _published_evidence_ids() -> set[int]:
    ids = set()
    for report in IntegrityReport.objects.filter(state=State.PUBLISHED).only("measures"):
        ids |= report.evidence_ids()
    return ids


@login_not_required
def evidence_download(request, pk):
    """Evidence of a published report is public; the rest is for HR, executives and auditors."""
    evidence = get_object_or_404(Evidence, pk=pk)
    if not services.may_read(request.user) and pk not in _published_evidence_ids():
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )


@login_not_required
def report_export(request, pk, fmt):
    """A published report is public (the agency's ITA evidence); a draft only for its readers."""
    if fmt not in FORMATS:
        raise Http404
    report = get_object_or_404(IntegrityReport, pk=pk)
    if report.state != State.PUBLISHED and not (
        services.may_read(request.user)
        and IntegrityReport.objects.visible_to(request.user).filter(pk=pk).exists()
    ):
        raise Http404
    try:
        digits = digit_styles.choose(request.GET.get("digits"))
    except ValueError as error:
        return problem(request, str(error), 400)

    def make():
        with translation.override("th"):
            if fmt == "xlsx":
                return exports.xlsx(report, digits=digits)
            doc = exports.official(report, digits=digits)
            return doc.pdf() if fmt == "pdf" else doc.docx()

    try:
        # A published report's file is made once per version and variant, then kept: an
        # anonymous request never starts Chromium for a file that exists.
        content = stored.export_file(report, f"{digits}.{fmt}", make)
    except ExportUnavailable as error:
        return problem(request, str(error), 503)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    filename = exports.filename(report, fmt, digits)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
