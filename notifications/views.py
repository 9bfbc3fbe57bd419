"""The employee's side: the inbox, the acknowledgement confirmation page and the email link.

The acknowledging person is always the logged-in user (the signed link only picks which
request to show); an acknowledgement is a POST, because mail scanners follow GET links."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrflow.http import client_ip
from hrflow.thai import active_lang, format_date
from hrflow.views import problem, read_only_for_auditors

from . import documents
from .forms import AcknowledgeForm, MarkReadForm
from .links import read_token
from .models import Acknowledgement, Notice
from .services import acknowledgements

PUBLISHED = "published"


def _employee(request):
    return getattr(request.user, "employee", None)


def _with_documents(acks):
    """Acknowledgements with their documents loaded (one query per kind, not per row)."""
    return acks.select_related("content_type").prefetch_related("document")


def inbox(request):
    employee = _employee(request)
    if employee is None:
        return render(request, "notifications/inbox.html", {"no_employee": True})
    mine = Acknowledgement.objects.filter(employee=employee)
    pending = [
        ack
        for ack in _with_documents(
            mine.pending().order_by(F("deadline").asc(nulls_last=True), "-requested_at")
        )
        # A withdrawn document asks nothing any more; its request stays on record only.
        if ack.document is not None and ack.document.state == PUBLISHED
    ]
    done = Paginator(
        _with_documents(mine.acknowledged().order_by("-acknowledged_at", "-pk")), 20
    ).get_page(request.GET.get("page"))
    notices = Paginator(
        Notice.objects.filter(
            recipient=employee, channel=Notice.Channel.INAPP, status=Notice.Status.SENT
        )
        .select_related("acknowledgement__employee", "acknowledgement__content_type")
        .prefetch_related("acknowledgement__document")
        .order_by(F("read_at").desc(nulls_first=True), "-sent_at", "-pk"),
        20,
    ).get_page(request.GET.get("notices"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "pending": pending,
            "done": done,
            "notices": notices,
            "unread": sum(1 for n in notices if n.read_at is None),
            "ack_form": AcknowledgeForm(initial={"next": request.get_full_path()}),
        },
    )


@require_POST
@read_only_for_auditors
def notices_read(request):
    employee = _employee(request)
    if employee is None:
        raise Http404
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        return problem(request, _("Choose the notices to mark as read."), 400)
    ids = form.cleaned_data["notice"] or None
    acknowledgements.mark_read(employee, notice_ids=ids)
    return redirect(_safe_next(request, form.cleaned_data.get("next")) or "notifications:inbox")


def _own_acknowledgement(request, pk):
    """Somebody else's request is a 404: its existence is nobody else's business. One query
    finds the request and the person (a login without an employee has none)."""
    if not request.user.is_authenticated:
        raise Http404
    ack = get_object_or_404(
        # No ordering, and the content type from Django's cache of them, not joined: on the
        # รับทราบ button's path the join and the sort cost a third of this lookup (issue 19).
        Acknowledgement.objects.select_related("employee").order_by(),
        pk=pk,
        employee__user_id=request.user.pk,
    )
    ack.content_type = ContentType.objects.get_for_id(ack.content_type_id)
    request.user.employee = ack.employee  # the same row: spares asking for it again
    return ack


def _confirm_page(request, ack, *, error=None, status=200):
    document = ack.document
    if document is None:
        raise Http404
    if error is None and not ack.is_acknowledged and document.state != PUBLISHED:
        error = _("This document is no longer published and cannot be acknowledged.")
        status = 409
    context = {
        "ack": ack,
        "document": document,
        "fields_partial": documents.fields_template(document),
        "error": error,
        "ack_form": AcknowledgeForm(),
    }
    return render(request, "notifications/confirm.html", context, status=status)


@read_only_for_auditors
def acknowledgement(request, pk):
    ack = _own_acknowledgement(request, pk)
    if request.method != "POST":
        # GET never writes (mail scanners open links too): acknowledging reads the notices.
        return _confirm_page(request, ack)
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    try:
        ack, created = acknowledgements.acknowledge(
            ack,
            user=request.user,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except acknowledgements.AcknowledgementError as error:
        return _confirm_page(request, ack, error=error.message, status=error.status)
    when = format_date(ack.acknowledged_at, lang=active_lang(), short=True, with_time=True)
    if created:
        messages.success(request, _("Acknowledged at %(when)s. Thank you.") % {"when": when})
    else:
        messages.info(
            request,
            _("Already acknowledged at %(when)s; nothing was changed.") % {"when": when},
        )
    target = _safe_next(request, form.cleaned_data.get("next") if form.is_valid() else None)
    if target:
        return redirect(target)
    return redirect("notifications:acknowledgement", pk=ack.pk)


@require_GET
def confirm_link(request, token):
    data = read_token(token)
    if not isinstance(data, dict) or not {"a", "e"} <= data.keys():
        return problem(
            request,
            _("This link is not valid or has expired. Open the document from your inbox instead."),
            400,
        )
    employee = _employee(request)
    if employee is None or employee.pk != data["e"]:
        return problem(
            request,
            _(
                "This link was sent to someone else. You are logged in as %(name)s: log out and "
                "log in as the person the email was addressed to."
            )
            % {"name": employee.full_name if employee else request.user.get_username()},
            403,
        )
    return _confirm_page(request, _own_acknowledgement(request, data["a"]))


def _safe_next(request, target):
    # A path of this site only: redirect() would take "inbox" for a URL name and crash.
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return None
