"""HR's pages for a year's integrity measures: wording them, their activities and thresholds,
evidence files, and tagging published documents or files as evidence of a measure."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow.errors import ServiceError
from hrflow.views import problem, read_only_for_auditors

from . import evidence as tags
from . import services
from .forms import ActivityForm, EvidenceForm, MeasureForm, TagForm
from .models import Activity, Evidence, Measure, MeasureTag
from .views import require_reader


def measures_page(request, year):
    require_reader(request.user)
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404
    may_prepare = services.may_prepare(request.user)
    # A GET never writes: a year without measures says so, and HR starts it with a POST.
    measures = list(services.measures_for(year))
    for measure in measures:
        measure.tagged_entries = tags.tagged(measure)
    return render(
        request,
        "reports/measures.html",
        {
            "year": year,
            "measures": measures,
            "may_prepare": may_prepare,
            "evidence_form": EvidenceForm(),
            "measure_form": MeasureForm(),
            "tag_choices": tags.candidates(year) if may_prepare else [],
        },
    )


def _preparing(view):
    """A POST of HR preparing the measures: auditors read only, everyone else but HR is a 403."""

    @require_POST
    @read_only_for_auditors
    @wraps(view)
    def wrapped(request, **kwargs):
        if not services.may_prepare(request.user):
            raise PermissionDenied(_("Only HR prepares the integrity measures."))
        return view(request, **kwargs)

    return wrapped


@_preparing
def measures_start(request, year):
    """HR starts a year's measures (from the latest earlier year's, or the reference report)."""
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404
    services.measures_for(year, create=True)
    messages.success(request, _("This year's measures are ready to prepare."))
    return redirect("reports:measures", year=year)


def _done(request, change, *, year, message):
    """Run the service call; its refusal is the page's error, success goes back to the year."""
    try:
        change()
    except ServiceError as error:
        return problem(request, error.message, error.status)
    messages.success(request, message)
    return redirect("reports:measures", year=year)


@_preparing
def measure_edit(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    form = MeasureForm(request.POST)
    if not form.is_valid():
        return problem(request, _("A measure needs a topic (at most 300 characters)."), 400)
    return _done(
        request,
        lambda: services.measure_update(measure, by=request.user, **form.cleaned_data),
        year=measure.fiscal_year,
        message=_("Saved."),
    )


@_preparing
def activity_add(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return problem(request, _("The summary is too long."), 400)
    return _done(
        request,
        lambda: services.activity_add(measure, by=request.user, text=form.cleaned_data["text"]),
        year=measure.fiscal_year,
        message=_("Saved."),
    )


@_preparing
def activity_edit(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("measure"), pk=pk)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return problem(request, _first_error(form), 400)
    return _done(
        request,
        lambda: services.activity_update(activity, by=request.user, **form.cleaned_data),
        year=activity.measure.fiscal_year,
        message=_("Saved."),
    )


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


@_preparing
def evidence_upload(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("measure"), pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return problem(request, _("Choose a file to upload."), 400)
    return _done(
        request,
        lambda: services.evidence_add(activity, by=request.user, upload=form.cleaned_data["file"]),
        year=activity.measure.fiscal_year,
        message=_("The evidence file was added."),
    )


@_preparing
def evidence_remove(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("activity__measure"), pk=pk)
    return _done(
        request,
        lambda: services.evidence_remove(evidence, by=request.user),
        year=evidence.activity.measure.fiscal_year,
        message=_("The evidence file was removed."),
    )


@_preparing
def measure_tag(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    form = TagForm(request.POST)
    if not form.is_valid():
        return problem(request, _("Choose a document or an evidence file."), 400)
    return _done(
        request,
        lambda: tags.measure_tag(measure, by=request.user, target=form.cleaned_data["target"]),
        year=measure.fiscal_year,
        message=_("Tagged as evidence of the measure."),
    )


@_preparing
def measure_untag(request, pk):
    tag = get_object_or_404(MeasureTag.objects.select_related("measure"), pk=pk)
    return _done(
        request,
        lambda: tags.measure_untag(tag, by=request.user),
        year=tag.measure.fiscal_year,
        message=_("The tag was removed."),
    )
