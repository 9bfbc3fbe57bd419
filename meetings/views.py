"""The pages of meeting minutes beyond the generic ones: entries under the agenda items,
follow-up of earlier action items, adoption of the previous minutes, and staff suggestions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow.errors import ServiceError
from hrflow.http import client_ip
from hrflow.views import problem, read_only_for_auditors, refused
from workflows.views import DocumentPages
from workflows.views.access import visible_document
from workflows.views.documents import render_detail

from . import followups
from . import services as meetings
from . import suggestions as suggestion_services
from .forms import EntryForm, FollowUpForm, SuggestionForm
from .models import MeetingMinutes, Suggestion


def _back(pages, minutes):
    return redirect(pages.url_name("detail"), pk=minutes.pk)


def _refused(request, pages, minutes, error):
    return problem(
        request, error.message, error.status, back=f"{minutes.get_absolute_url()}#agenda"
    )


@require_POST
@read_only_for_auditors
def entry_add(request, pages, pk):
    minutes = visible_document(request, pages, pk)
    if "remove" in request.POST:
        try:
            meetings.entry_remove(
                minutes,
                by=request.user,
                kind=request.POST.get("kind", ""),
                pk=request.POST.get("remove"),
            )
        except ServiceError as error:
            return _refused(request, pages, minutes, error)
        return _back(pages, minutes)
    form = EntryForm(request.POST)
    if not form.is_valid():
        # The page again with every error at once and what was typed, not a dead end.
        return render_detail(request, pages, minutes, status=400, entry_form=form)
    data = form.cleaned_data
    try:
        if data["kind"] == "problem":
            meetings.problem_add(
                minutes, by=request.user, item=data["item"], text=data["text"],
                raised_by=data["raised_by"], unit=data["unit"],
            )  # fmt: skip
        elif data["kind"] == "resolution":
            meetings.resolution_add(minutes, by=request.user, item=data["item"], text=data["text"])
        else:
            followups.action_add(
                minutes, by=request.user, item=data["item"], text=data["text"],
                owner=data["owner"], due_date=data["due_date"],
            )  # fmt: skip
    except ServiceError as error:
        if error.status != 400:
            return _refused(request, pages, minutes, error)
        form.add_service_error(error)
        return render_detail(request, pages, minutes, status=400, entry_form=form)
    messages.success(request, _("The entry is recorded."))
    return _back(pages, minutes)


@require_POST
@read_only_for_auditors
def follow_up(request, pages, pk, action_id):
    minutes = visible_document(request, pages, pk)
    form = FollowUpForm(request.POST)
    form.is_valid()
    try:
        followups.action_progress(
            action_id,
            at_minutes=minutes,
            by=request.user,
            note=form.cleaned_data.get("note", ""),
            close=form.cleaned_data.get("close", False),
        )
    except ServiceError as error:
        return _refused(request, pages, minutes, error)
    messages.success(request, _("The follow-up is recorded."))
    return _back(pages, minutes)


@require_POST
@read_only_for_auditors
def adopt_previous(request, pages, pk):
    minutes = visible_document(request, pages, pk)
    try:
        adopted = meetings.minutes_adopt_previous(minutes, by=request.user, ip=client_ip(request))
    except ServiceError as error:
        return _refused(request, pages, minutes, error)
    messages.success(
        request,
        _("Recorded: the meeting adopted the minutes of %(number)s; they are final now.")
        % {"number": adopted.number_display},
    )
    return _back(pages, minutes)


class MinutesPages(DocumentPages):
    """The generic pages of a kind plus the minutes' own."""

    def extra_context(self, document, user) -> dict:
        may_adopt = (
            document.may_adopt_previous(user)
            and document.adopted_previous() is None
            and document.previous_meeting() is not None
        )
        return {"entry_form": EntryForm(), "may_adopt": may_adopt}

    def _routes(self):
        return [
            *super()._routes(),
            ("entries", "<int:pk>/entries/", entry_add),
            ("follow_up", "<int:pk>/follow-ups/<int:action_id>/", follow_up),
            ("adopt", "<int:pk>/adopt-previous/", adopt_previous),
        ]


# --- suggestions -----------------------------------------------------------------------------


@read_only_for_auditors
def suggestions(request):
    """Submit a suggestion (any employee); see one's own, and — for the secretary and chair of
    a series — the series' suggestions, without the names of anonymous authors."""
    form = SuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                suggestion_services.suggestion_submit(by=request.user, **form.cleaned_data)
            except ServiceError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Thank you: your suggestion is sent."))
                return redirect("workflows:suggestions")
    rows = suggestion_services.visible_to(request.user).select_related(
        "series", "submitted_by", "placed_in"
    )
    employee = getattr(request.user, "employee", None)
    own = [s for s in rows if employee is not None and s.submitted_by_id == employee.pk]
    handled = [s for s in rows if suggestion_services.may_handle(s, request.user)]
    drafts = MeetingMinutes.objects.filter(
        state="draft", series__in={s.series_id for s in handled}
    ).select_related("series")
    context = {
        "form": form,
        "own": own,
        "handled": handled,
        "others": [s for s in rows if s not in own and s not in handled],
        "drafts": drafts,
        "may_submit": employee is not None,
    }
    return render(request, "workflows/suggestions.html", context, status=status)


@require_POST
@read_only_for_auditors
def suggestion_handle(request, pk):
    suggestion = get_object_or_404(suggestion_services.visible_to(request.user), pk=pk)
    try:
        if request.POST.get("minutes"):
            suggestion_services.suggestion_place(
                suggestion, by=request.user, minutes=request.POST["minutes"]
            )
        else:
            suggestion_services.suggestion_answer(
                suggestion, by=request.user, outcome=request.POST.get("outcome", "")
            )
    except ServiceError as error:
        return refused(request, error, back="/suggestions/")
    messages.success(request, _("The suggestion is updated."))
    return redirect("workflows:suggestions")


__all__ = ["MinutesPages", "Suggestion", "suggestion_handle", "suggestions"]
