"""The document pages, generic over the kinds: list, detail, transitions, create, edit and
attachments. Every write goes through workflows.services; every refusal of a service becomes a
page with its message and status (400/403/409), never a 500."""

from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow import roles
from hrflow.http import client_ip
from hrflow.models import display_name
from hrflow.views import problem, read_only_for_auditors
from notifications.models import Acknowledgement

from ..audience import describe_audience
from ..errors import Conflict, Forbidden, WorkflowError
from ..forms import AttachmentForm, TransitionForm
from ..models import State, TransitionLog
from ..services import apply_transition, available_transitions
from ..services import document_revise as document_revise_service
from .access import visible_document
from .comments import comments_context

PAGE_SIZE = 20


def _state_label(value):
    return State(value).label if value in State.values else value


def document_list(request, pages):
    documents = pages.model.objects.visible_to(request.user)
    state = request.GET.get("state", "")
    if state:
        if state not in State.values:
            return problem(request, _("There is no state called “%(s)s”.") % {"s": state}, 400)
        documents = documents.filter(state=state)
    page = Paginator(documents.select_related("owner_unit"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workflows/document_list.html",
        {
            "pages": pages,
            "page": page,
            "state": state,
            "query_prefix": urlencode({"state": state}) if state else "",
            "states": State.choices,
            "may_create": pages.model.may_create(request.user),
        },
    )


def _detail_context(request, pages, document, *, error=None, failed=None, note=""):
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
    if document.state != State.PUBLISHED or not apps.is_installed("public"):
        return ""
    from public import registry

    kind = registry.kind(document.kind_slug)
    item = kind.get(document.pk) if kind is not None else None
    return item.url if item is not None else ""


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
    full = {**_detail_context(request, pages, document), **context}
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
    except WorkflowError as error:
        document.refresh_from_db()
        context = _detail_context(request, pages, document, error=error, failed=name, note=note)
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
    except WorkflowError as error:
        context = _detail_context(request, pages, document, error=error)
        return render(request, "workflows/document_detail.html", context, status=error.status)
    messages.success(
        request,
        _("Version %(version)s is a draft now: change it, then send it through the workflow.")
        % {"version": draft.version},
    )
    return redirect(pages.url_name("edit"), pk=draft.pk)


@read_only_for_auditors
def document_create(request, pages):
    if not pages.model.may_create(request.user):
        raise PermissionDenied(_("Only clerks can draft documents of this kind."))
    form = pages.form_class(request.POST or None)
    saved, status = _save(request, pages, form, lambda: form.create(by=request.user))
    return saved or render(
        request, "workflows/document_form.html", {"pages": pages, "form": form}, status=status
    )


def _save(request, pages, form, save):
    """A posted draft form: (redirect to the document, None) once the service saved it, else
    (None, the status to show the form again with): 400 for bad input, or the service's own."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        document = save()
    except WorkflowError as error:
        form.add_service_error(error)
        return None, error.status
    messages.success(request, _("The draft is saved."))
    return redirect(pages.url_name("detail"), pk=document.pk), None


def _editable_document(request, pages, pk):
    document = visible_document(request, pages, pk)
    if roles.has_role(request.user, roles.AUDITOR) or not (
        document.may(request.user, "edit") and document.is_author(request.user)
    ):
        raise PermissionDenied(_("You may not edit this document."))
    return document


def _render_edit(request, pages, document, form, attachment_form=None, status=200):
    context = {
        "pages": pages,
        "document": document,
        "form": form,
        "attachment_form": attachment_form or AttachmentForm(),
        "may_attach": pages.form_class.attach is not None,
        "attachments": list(document.attachments.all()) if pages.form_class.attach else [],
    }
    return render(request, "workflows/document_form.html", context, status=status)


def _not_a_draft(request, pages, document):
    return problem(
        request,
        _("Only a draft can be edited; this one is already further on."),
        409,
        back=reverse(pages.url_name("detail"), args=[document.pk]),
    )


@read_only_for_auditors
def document_edit(request, pages, pk):
    document = _editable_document(request, pages, pk)
    if not document.is_editable:
        return _not_a_draft(request, pages, document)
    initial = pages.form_class.initial_for(document)
    form = pages.form_class(request.POST or None, initial=initial)
    form.fields["lock_version"].required = True
    saved, status = _save(request, pages, form, lambda: form.update(document, by=request.user))
    return saved or _render_edit(request, pages, document, form, status=status)


@require_POST
@read_only_for_auditors
def attachment_upload(request, pages, pk):
    if pages.form_class.attach is None:
        raise Http404
    document = _editable_document(request, pages, pk)
    upload_form = AttachmentForm(request.POST, request.FILES)
    status = 400
    if upload_form.is_valid():
        try:
            pages.form_class.attach(
                document, by=request.user, upload=upload_form.cleaned_data["file"]
            )
        except Forbidden as error:
            raise PermissionDenied(error.message) from None
        except Conflict:
            return _not_a_draft(request, pages, document)
        except WorkflowError as error:
            upload_form.add_error("file", error.message)
            status = error.status
        else:
            messages.success(request, _("The file is attached."))
            return redirect(pages.url_name("edit"), pk=document.pk)
    if not document.is_editable:
        return _not_a_draft(request, pages, document)
    form = pages.form_class(initial=pages.form_class.initial_for(document))
    return _render_edit(request, pages, document, form, upload_form, status=status)


def attachment_download(request, pages, pk, attachment_id):
    document = visible_document(request, pages, pk)
    attachments = getattr(document, "attachments", None)
    if attachments is None:
        raise Http404
    attachment = attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
