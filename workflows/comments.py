"""Comments of staff on published documents and HR's answers (measure 6: "open to comments").

Who may do what: anyone who may read a published version of a commentable kind may comment on
it; the document's authors (HR of the owning unit) answer; a comment is seen by its writer, the
document's authors and auditors — never by the other readers. A comment tells its answerers, an
answer its writer (workflows.hooks)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow import audit, roles
from hrflow.errors import Conflict, Forbidden, Invalid

from . import hooks
from .models import DocumentComment, State

MAX_LENGTH = 5000


def _readable(document, user) -> bool:
    return type(document).objects.visible_to(user).filter(pk=document.pk).exists()


def may_see_all(document, user) -> bool:
    return roles.has_role(user, roles.AUDITOR) or document.is_author(user)


def may_comment(document, user) -> bool:
    return (
        document.commentable
        and document.state == State.PUBLISHED
        and not roles.has_role(user, roles.AUDITOR)
        and _readable(document, user)
    )


def may_answer(document, user) -> bool:
    return (
        document.commentable
        and not roles.has_role(user, roles.AUDITOR)
        and document.is_author(user)
    )


def comments_for(document, user):
    """The comments on every version of the document this user may see, oldest first."""
    comments = DocumentComment.objects.for_document(document).select_related(
        "author__employee", "answered_by__employee"
    )
    if may_see_all(document, user):
        return comments
    return comments.filter(author=user)


def _body(text, field):
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write something first."), field=field)
    if len(text) > MAX_LENGTH:
        raise Invalid(_("At most %(n)s characters, please.") % {"n": MAX_LENGTH}, field=field)
    return text


def comment_add(document, *, by, body):
    if not document.commentable or not _readable(document, by):
        raise Forbidden(_("You may not comment on this document."))
    if roles.has_role(by, roles.AUDITOR):
        raise Forbidden(_("Auditors can read everything but change nothing."))
    if document.state != State.PUBLISHED:
        raise Conflict(_("Only a published document can be commented on."))
    with transaction.atomic():
        comment = DocumentComment.objects.create(
            document=document, version=document.version, author=by, body=_body(body, "body")
        )
        audit.record(
            audit.Kind.COMMENT,
            actor=by,
            subject=document,
            version=document.version,
            employee=getattr(by, "employee", None),
            summary=f"comment #{comment.pk} · {document.title}",
            data={"comment": comment.pk, "body": comment.body},
        )
        hooks.on_commented(comment, document, by=by)
    return comment


def comment_answer(comment, *, by, answer):
    document = comment.document
    if document is None or not may_answer(document, by):
        raise Forbidden(_("Only the document's authors answer comments."))
    text = _body(answer, "answer")
    with transaction.atomic():
        updated = DocumentComment.objects.filter(pk=comment.pk, answered_at__isnull=True).update(
            answer=text, answered_by=by, answered_at=timezone.now()
        )
        if not updated:
            raise Conflict(_("This comment has already been answered."))
        audit.record(
            audit.Kind.COMMENT,
            actor=by,
            subject=document,
            version=comment.version,
            summary=f"answer to comment #{comment.pk} · {document.title}",
            data={"comment": comment.pk, "answer": text},
        )
        hooks.on_answered(comment, document, by=by)
    comment.refresh_from_db()
    return comment
