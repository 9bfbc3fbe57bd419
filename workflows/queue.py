"""What waits on a person in the documents of every registered kind (the work queue's reads,
registered in workflows/menu.py): documents to review or publish, acknowledgements asked of
them, comments to answer. The `*_pending` functions run a fixed number of queries — one per
kind at most — however many documents wait; the `*_waiting` ones only build the querysets the
work queue counts in one statement with every other provider's (hrflow/workqueue.py)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, CharField, Exists, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from hrflow import roles
from hrflow.workqueue import Task, employee_of
from notifications.models import Acknowledgement

from . import registry
from .models import Document, DocumentComment, State, TransitionLog

# --- documents to review and publish -------------------------------------------------------


def generic_kinds() -> list:
    """The kinds whose steps follow the roles and units of the common life cycle; a kind that
    decides who may take a step itself (the minutes: their chair) registers its own queue."""
    return [kind for kind in registry.kinds() if kind.model.may is Document.may]


def awaiting(model, user) -> models.QuerySet:
    """The documents of one kind on which the user may take the next step now: approve (or
    send back) one in review, publish an approved one — in the units they act for, and never a
    version they wrote (DESIGN: the author of a version never approves it)."""
    if employee_of(user) is None or roles.has_role(user, roles.AUDITOR):
        return model.objects.none()
    states = []
    if roles.has_role(user, *model.reviewer_roles):
        states.append(State.IN_REVIEW)
    if roles.has_role(user, *model.publisher_roles):
        states.append(State.APPROVED)
    if not states:
        return model.objects.none()
    found = model.objects.filter(state__in=states)
    scope = roles.unit_scope(user)
    if scope is not None:
        found = found.filter(owner_unit_id__in=scope)
    wrote = models.Q(created_by=user) | Exists(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            version=OuterRef("version"),
            transition="submit",
            by=user,
        )
    )
    barred = [State.IN_REVIEW]
    if not settings.HRFLOW_EXECUTIVE_MAY_PUBLISH_OWN:
        barred.append(State.APPROVED)
    return found.exclude(wrote & models.Q(state__in=barred))


NEXT_STEP = {State.IN_REVIEW: "approve", State.APPROVED: "publish"}


def document_task(document, kind_label) -> Task:
    step = document.step_label(NEXT_STEP[document.state])
    return Task(f"{step} · {document.title}", document.get_absolute_url(), None, str(kind_label))


def documents_pending(user, *, limit) -> list[Task]:
    found = []
    for kind in generic_kinds():
        rows = awaiting(kind.model, user).only("pk", "title", "state", "updated_at")
        found += [(row.updated_at, row, kind.label) for row in rows.order_by("updated_at")[:limit]]
    found.sort(key=lambda entry: entry[0])  # the longest waiting first
    return [document_task(row, label) for _at, row, label in found[:limit]]


def documents_waiting(user) -> list[models.QuerySet]:
    return [awaiting(kind.model, user) for kind in generic_kinds()]


# --- acknowledgements asked of the person ---------------------------------------------------


def _title_of(models_, id_field="object_id"):
    """The title of a row's document (generic relation), in the same query."""
    whens = [
        When(
            content_type_id=ContentType.objects.get_for_model(model).pk,
            then=Subquery(model.objects.filter(pk=OuterRef(id_field)).values("title")[:1]),
        )
        for model in models_
    ]
    return Coalesce(Case(*whens, default=Value("")), Value(""), output_field=CharField())


def _of_documents(models_, **filters) -> models.Q:
    """Rows about a document of these kinds that passes `filters` (e.g. state=published)."""
    found = models.Q(pk__in=[])
    for model in models_:
        found |= models.Q(
            content_type_id=ContentType.objects.get_for_model(model).pk,
            object_id__in=model.objects.filter(**filters).values("pk"),
        )
    return found


def acknowledgements_waiting(user) -> models.QuerySet:
    """Published versions asking this person's รับทราบ (a withdrawn one asks nothing more)."""
    employee = employee_of(user)
    if employee is None:
        return Acknowledgement.objects.none()
    kinds = registry.models()
    return Acknowledgement.objects.pending().filter(
        _of_documents(kinds, state=State.PUBLISHED), employee=employee
    )


def acknowledgements_pending(user, *, limit) -> list[Task]:
    from django.urls import reverse

    rows = (
        acknowledgements_waiting(user)
        .annotate(document_title=_title_of(registry.models()))
        .order_by(models.F("deadline").asc(nulls_last=True), "requested_at", "pk")
        .values("pk", "deadline", "document_title")[:limit]
    )
    label = _("Acknowledge")
    return [
        Task(
            f"{label} · {row['document_title']}",
            reverse("notifications:acknowledgement", args=[row["pk"]]),
            row["deadline"],
            str(label),
        )
        for row in rows
    ]


def acknowledgements_counted(user) -> list[models.QuerySet]:
    return [acknowledgements_waiting(user)]


# --- comments to answer (HR, the authors of a commentable kind) -----------------------------


def _answering_kinds(user) -> list:
    return [
        kind
        for kind in registry.with_pages()
        if kind.model.commentable and roles.has_role(user, *kind.model.author_roles)
    ]


def comments_waiting(user) -> models.QuerySet:
    """Unanswered comments on the documents of the units the user drafts for."""
    employee = employee_of(user)
    kinds = _answering_kinds(user) if employee is not None else []
    if not kinds or roles.has_role(user, roles.AUDITOR):
        return DocumentComment.objects.none()
    units = roles.own_unit_ids(user)  # kept on the user: the badge asks on every page
    return DocumentComment.objects.filter(
        _of_documents([kind.model for kind in kinds], owner_unit_id__in=units),
        answered_at__isnull=True,
    )


def comments_pending(user, *, limit) -> list[Task]:
    from django.urls import reverse

    kinds = {
        ContentType.objects.get_for_model(kind.model).pk: kind for kind in _answering_kinds(user)
    }
    rows = (
        comments_waiting(user)
        .annotate(document_title=_title_of([kind.model for kind in kinds.values()]))
        .order_by("created_at", "pk")
        .values("pk", "object_id", "content_type_id", "document_title")[:limit]
    )
    label = _("Answer a comment")
    return [
        Task(
            f"{label} · {row['document_title']}",
            reverse(kinds[row["content_type_id"]].pages.url_name("detail"), args=[row["object_id"]])
            + "#comments-title",
            None,
            str(label),
        )
        for row in rows
    ]


def comments_counted(user) -> list[models.QuerySet]:
    return [comments_waiting(user)]
