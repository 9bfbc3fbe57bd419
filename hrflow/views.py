"""The home page and what every app's pages share: error pages with a message, who may POST."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hrflow import directory, roles, tokens, workqueue


def home(request):
    """Each role lands where its work is: the auditor on the audit search, everyone else on
    the steps waiting on them."""
    if roles.has_role(request.user, roles.AUDITOR):
        return redirect("auditor:search")
    return redirect("work")


@require_safe
def work(request):
    """งานรอดำเนินการ: every step waiting on this person (hrflow/workqueue.py)."""
    sections = workqueue.sections(request.user)
    # The badge of this very page counts what the page counted.
    request.hrflow_work_count = sum(section.count for section in sections)
    return render(
        request,
        "work/queue.html",
        {
            "sections": sections,
            "total": request.hrflow_work_count,
            "today": timezone.localdate(),
        },
    )


def problem(request, message, status, *, title=None, back=None):
    """A page that says what went wrong (400, 403, 409 …) instead of a bare status."""
    titles = {
        400: _("This request cannot be carried out"),
        403: _("Not allowed"),
        404: _("Not found"),
        409: _("Not possible now"),
        503: _("Not available right now"),
    }
    context = {
        "status": status,
        "title": title or titles.get(status, _("Something went wrong")),
        "message": message,
        "back": back,
    }
    return render(request, "problem.html", context, status=status)


def refused(request, error, **kwargs):
    """The page for a service's refusal (an hrflow.errors.ServiceError): its message, its status."""
    return problem(request, error.message, error.status, **kwargs)


def read_only_for_auditors(view):
    """Auditors read everything and change nothing: any POST from them is a 403. (The
    AuditorsReadOnlyMiddleware refuses it first; this keeps each writing view safe on its own.)"""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and roles.has_role(request.user, roles.AUDITOR):
            raise PermissionDenied(_("Auditors can read everything but change nothing."))
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET"])
def my_tokens(request):
    """My API tokens: when each was made, until when it works, its first characters."""
    return render(
        request,
        "registration/my_tokens.html",
        {"tokens": tokens.of(request.user), "shown": tokens.SHOWN_PREFIX},
    )


@require_POST
def revoke_my_token(request, key):
    if not tokens.revoke(request.user, key):
        return problem(request, _("No such token of yours."), 404)
    messages.success(request, _("The token was revoked; it no longer opens the API."))
    return redirect("my-tokens")


@login_not_required
@require_safe
def robots_txt(request):
    """Search engines may index the public evidence pages (ITA assessors and citizens look
    there); everything else is behind a sign-in and has nothing for them."""
    lines = ["User-agent: *", "Allow: /public/", "Disallow: /", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


robots_txt.shared_cache_seconds = 60 * 60 * 24


@require_safe
def staff_search(request):
    """The people picker's search: ?q= name, staff ID or unit; ?page= from 1."""
    try:
        page = int(request.GET.get("page", "1"))
        if not 1 <= page <= 10_000:
            raise ValueError
    except ValueError:
        return JsonResponse({"detail": _("page= takes a whole number from 1.")}, status=400)
    people, more = directory.staff_search(request.GET.get("q", ""), page=page)
    results = [
        {"id": e.pk, "label": e.full_name, "hint": f"{e.staff_id} · {e.unit}"} for e in people
    ]
    return JsonResponse({"results": results, "page": page, "has_more": more})


@require_safe
def unit_search(request):
    """The unit picker's search: the tree, or the units whose name or code holds ?q=."""
    results = [
        {"id": u["id"], "label": u["name"], "hint": u["path"], "depth": u["depth"]}
        for u in directory.unit_tree(request.GET.get("q", ""))
    ]
    return JsonResponse({"results": results, "page": 1, "has_more": False})
