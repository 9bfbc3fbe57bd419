"""Comments on a published document and their answers: two POSTs; the list is on the
document's page (documents.detail_context)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow.errors import Forbidden, ServiceError
from hrflow.views import read_only_for_auditors

from .. import comments as service
from .access import visible_document


def comments_context(document, user) -> dict:
    """What the document's page shows of its comments to this user."""
    if not document.commentable:
        return {}
    return {
        "comments": list(service.comments_for(document, user)),
        "may_comment": service.may_comment(document, user),
        "may_answer": service.may_answer(document, user),
    }


def _fail(request, pages, document, error):
    from .documents import detail_context

    if isinstance(error, Forbidden):
        raise PermissionDenied(error.message)
    context = detail_context(request, pages, document, error=error)
    return render(request, "workflows/document_detail.html", context, status=error.status)


@require_POST
@read_only_for_auditors
def comment_add(request, pages, pk):
    document = visible_document(request, pages, pk)
    try:
        service.comment_add(document, by=request.user, body=request.POST.get("body", ""))
    except ServiceError as error:
        return _fail(request, pages, document, error)
    messages.success(request, _("Your comment is sent to HR."))
    return redirect(pages.url_name("detail"), pk=document.pk)


@require_POST
@read_only_for_auditors
def comment_answer(request, pages, pk, comment_id):
    document = visible_document(request, pages, pk)
    comment = get_object_or_404(service.comments_for(document, request.user), pk=comment_id)
    try:
        service.comment_answer(comment, by=request.user, answer=request.POST.get("answer", ""))
    except ServiceError as error:
        return _fail(request, pages, document, error)
    messages.success(request, _("The answer is saved."))
    return redirect(pages.url_name("detail"), pk=document.pk)
