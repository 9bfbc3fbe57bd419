"""The drafting pages, generic over the kinds: create, edit a draft, attach files and download
them. Every write goes through the kind's form and its service; a refusal is shown on the form
(400/409) or is a 403, never a 500."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow import roles
from hrflow.errors import Conflict, Forbidden, ServiceError
from hrflow.views import problem, read_only_for_auditors

from ..forms import AttachmentForm
from .access import visible_document


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
    except ServiceError as error:
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
        except ServiceError as error:
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
