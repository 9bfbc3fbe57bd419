"""The document pages, generic over the kinds: list, detail, transitions and new versions
(drafting is in drafts.py). Every write goes through workflows.services; every refusal of a
service becomes a page with its message and status (400/403/409), never a 500."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow import roles
from hrflow.errors import ServiceError
from hrflow.http import client_ip
from hrflow.models import display_name
from hrflow.views import read_only_for_auditors
from notifications.models import Acknowledgement

from .. import registry
from ..audience import describe_audience
from ..filters import filter_documents
from ..forms import TransitionForm
from ..models import State, TransitionLog
from ..services import apply_transition, available_transitions
from ..services import document_revise as document_revise_service
from .access import visible_document
from .comments import comments_context

PAGE_SIZE = 20


def _state_label(value):
    return State(value).label if value in State.values else value


def document_list(request, pages):
    """The kind's list: what the person may read, narrowed by the filters (workflows.filters)."""
    listed = filter_documents(request.GET, pages.model.objects.visible_to(request.user))
    page = Paginator(listed.documents.select_related("owner_unit"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "pages": pages,
        "page": page,
        "filters": listed.form,
        "query_prefix": listed.query,
        "may_create": pages.model.may_create(request.user),
    }
    return render(request, "workflows/document_list.html", context, status=listed.status)


def detail_context(request, pages, document, *, error=None, failed=None, note=""):
    """The detail page's context; a refused step or comment shows the page again with it."""
    user = request.user
    auditor = roles.has_role(user, roles.AUDITOR)
    steps = [] if auditor else available_transitions(document, user)
    history = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    ).select_related("by__employee")
    employee = getattr(user, "employee", None)
    own_ack = None
    if employee is not None and document.state != State.DRAFT:
        own_ack = (
            Acknowledgement.objects.for_document(document)
            .filter(version=document.version, employee=employee)
            .first()
        )
    return {
        "pages": pages,
        "document": document,
        "state_label": _state_label(document.state),
        "audience_lines": describe_audience(getattr(document, "audience", None)),
        "history": [
            {
                "entry": entry,
                "label": document.step_label(entry.transition),
                "from_label": document.state_label(entry.from_state),
                "to_label": document.state_label(entry.to_state),
                "by_name": display_name(entry.by),
            }
            for entry in history
        ],
        "steps": _steps(
            document,
            steps,
            failed,
            note,
            own_version="publish" in steps and bool(document.steps_barred_to_author(user)),
        ),
        "error": error,
        "may_edit": document.is_editable
        and not auditor
        and document.may(user, "edit")
        and document.is_author(user),
        # Heads of unit follow their own people's acknowledgements too (tracked_unit_ids).
        "may_track": document.tracked_unit_ids(user) != set(),
        "may_revise": document.may_revise(user),
        "newer_version": pages.model.objects.visible_to(user)
        .filter(supersedes=document)
        .only("pk", "version", "state")
        .first(),
        "own_ack": own_ack,
        "public_url": _public_url(document),
        **comments_context(document, user),
        **pages.extra_context(document, user),
    }


def _public_url(document) -> str:
    """The document's stable address on the public evidence page, if it is shown there (the
    public app, when installed, decides: published and marked public)."""
    if document.state != State.PUBLISHED:
        return ""
    return registry.public_url(document)


def _steps(document, names, failed, note, *, own_version=False):
    """The step that moves the document forward first; sending back or withdrawing after.
    `own_version`: the person wrote this version, so publishing it needs a reason."""
    steps = [
        {
            "name": name,
            "label": document.step_label(name),
            "note_required": name in document.NOTE_REQUIRED
            or document.step_needs_override(name)
            or (own_version and name == "publish"),
            "override": document.step_needs_override(name),
            "danger": name in {"send_back", "withdraw", "archive"},
            "note": note if name == failed else "",
        }
        for name in names
    ]
    return sorted(steps, key=lambda step: step["danger"])


def render_detail(request, pages, document, *, status=200, **context):
    """The detail page, with `context` over the usual one: a kind's page that refuses a form
    shows it again, bound, with what was typed (meetings' entries)."""
    full = {**detail_context(request, pages, document), **context}
    return render(request, "workflows/document_detail.html", full, status=status)


def document_detail(request, pages, pk):
    return render_detail(request, pages, visible_document(request, pages, pk))


@require_POST
@read_only_for_auditors
def document_transition(request, pages, pk, name):
    document = visible_document(request, pages, pk)
    form = TransitionForm(request.POST)
    note = request.POST.get("note", "")[:2000]
    try:
        refusal = form.refusal()
        if refusal is not None:
            raise refusal
        document = apply_transition(
            document,
            name,
            by=request.user,
            note=form.cleaned_data["note"],
            ip=client_ip(request),
            override=form.cleaned_data["override"],
            seen_state=form.cleaned_data["from_state"] or None,
        )
    except ServiceError as error:
        document.refresh_from_db()
        context = detail_context(request, pages, document, error=error, failed=name, note=note)
        return render(request, "workflows/document_detail.html", context, status=error.status)
    messages.success(
        request,
        _("Done: %(step)s. The document is now %(state)s.")
        % {"step": document.step_label(name), "state": _state_label(document.state)},
    )
    return redirect(pages.url_name("detail"), pk=document.pk)


@require_POST
@read_only_for_auditors
def document_revise(request, pages, pk):
    """Start the next version of a published document; the author lands on its edit page."""
    document = visible_document(request, pages, pk)
    try:
        draft = document_revise_service(document, by=request.user, ip=client_ip(request))
    except ServiceError as error:
        context = detail_context(request, pages, document, error=error)
        return render(request, "workflows/document_detail.html", context, status=error.status)
    messages.success(
        request,
        _("Version %(version)s is a draft now: change it, then send it through the workflow.")
        % {"version": draft.version},
    )
    return redirect(pages.url_name("edit"), pk=draft.pk)
