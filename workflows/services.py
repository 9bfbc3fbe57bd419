"""The only write path for documents. Views, the API, the admin and commands call these."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from hrflow import audit, roles
from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.thai import be_year
from notifications import services as notices

from . import hooks
from .exports import stored as stored_exports
from .models import RegisterCounter, State, TransitionLog


def apply_transition(
    document, name: str, *, by, note: str = "", ip=None, override=False, seen_state=None
):
    """Move a document along the workflow, log it and announce a publish — all or nothing.

    Raises Forbidden (403: not yours), Conflict (409: not from this state, or lost a race) or
    Invalid (400: a reason is missing, the audience is empty). Returns the document reloaded.
    `override`: the caller's explicit "do it anyway" for a kind's own rule (Document.check_step),
    e.g. publishing criteria after their round started; the note is then the reason.
    `seen_state`: the state the person saw when they chose the step (the page's or API client's
    copy); the step is refused (409) if the document has moved on since. Defaults to the state of
    `document` as the caller loaded it.
    """
    if name not in document.TRANSITIONS:
        raise Invalid(_("There is no step called “%(name)s”.") % {"name": name})
    note = (note or "").strip()
    seen_state = seen_state or document.state
    if seen_state not in State.values:
        raise Invalid(_("Unknown state “%(state)s”.") % {"state": seen_state}, field="from_state")
    try:
        with transaction.atomic():
            locked = type(document).objects.select_for_update().get(pk=document.pk)
            method = getattr(locked, name)
            # Who may take a step does not depend on the state, so "not yours" (403) is decided
            # before "not now" (409); django-fsm-2's has_transition_perm mixes the two.
            if not locked.may(by, name) or not is_visible_to(locked, by):
                raise Forbidden(
                    _("You may not take the step “%(step)s” on this document.")
                    % {"step": locked.step_label(name)}
                )
            # The author of a version never approves it: another person must have read it.
            barred = locked.steps_barred_to_author(by) if name in OWN_VERSION_STEPS else ()
            own_version = bool(barred)  # only an author of the version has steps barred
            if name in barred:
                raise Forbidden(
                    _(
                        "You drafted or submitted this version; someone else must take the "
                        "step “%(step)s”."
                    )
                    % {"step": locked.step_label(name)}
                )
            if locked.state != seen_state:
                # The caller decided on a state that is gone: two simultaneous steps from the
                # same state (withdraw and archive) must not both succeed one after the other.
                raise ConcurrentTransition(name)
            if not can_proceed(method):
                raise Conflict(
                    _("This document is “%(state)s”; the step “%(step)s” is not possible now.")
                    % {"state": locked.get_state_display(), "step": locked.step_label(name)}
                )
            if name in locked.NOTE_REQUIRED and not note:
                raise Invalid(_("Please give a reason."), field="note")
            if own_version and not note:
                raise Invalid(
                    _("You are publishing a version you wrote: give the reason."), field="note"
                )
            note = locked.check_step(name, note=note, override=bool(override))
            from_state = locked.state
            method()
            if name == "publish":
                recipients = _before_publish(locked)
            locked.save()
            _log(locked, name, from_state, by=by, note=note, ip=ip, own_version=own_version)
            if name == "submit":
                hooks.on_submitted(locked, by=by)
            if name == "withdraw":
                hooks.on_withdrawn(locked, by=by, note=note)
            if name == "publish" and locked.requires_acknowledgement:
                notices.announce(locked, recipients, deadline=locked.acknowledge_by())
            if name == "publish" and locked.supersedes_id:
                _archive_superseded(locked, by=by, ip=ip)
            if name == "publish":
                locked.on_published()
                stored_exports.render_on_commit(locked)
    except ConcurrentTransition:
        raise Conflict(
            _("Someone else changed this document first. Reload and try again.")
        ) from None
    # The caller's instance follows, so it can take the next step without being reloaded.
    document.refresh_from_db()
    return locked


# The steps that sign a version off; taken by its own author they are refused or, for publish
# when the setting allows it, marked in the audit trail.
OWN_VERSION_STEPS = ("approve", "publish")


def record_step(document, name, *, from_state, to_state, by, note="", ip=None):
    """A kind's step outside the state machine (the minutes' adoption): logged like a
    transition, in the caller's transaction, with what it changed from and to."""
    _log(document, name, from_state, by=by, note=note, ip=ip, to_state=to_state)


def _log(document, name, from_state, *, by, note="", ip=None, to_state=None, own_version=False):
    """The workflow's own history row and the audit trail's event, in the change's transaction."""
    to_state = to_state or document.state
    data = {"transition": name, "from": from_state, "to": to_state, "note": note}
    if own_version:
        data["own_version"] = True
    TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        version=document.version,
        transition=name,
        from_state=from_state,
        to_state=to_state,
        by=by,
        note=note,
        ip=ip,
    )
    audit.record(
        audit.Kind.TRANSITION,
        actor=by,
        ip=ip,
        subject=document,
        version=document.version,
        summary=f"{name}: {from_state or '-'} → {to_state} · {document.title}",
        data=data,
    )


def _archive_superseded(document, *, by, ip):
    """Publishing version N retires version N-1: it stays readable with its acknowledgements,
    and nobody is asked to acknowledge it any more."""
    previous = type(document).objects.select_for_update().get(pk=document.supersedes_id)
    if previous.state in (State.PUBLISHED, State.WITHDRAWN):
        from_state = previous.state
        previous.archive()
        previous.save()
        note = _("Superseded by version %(version)s.") % {"version": document.version}
        _log(previous, "archive", from_state, by=by, note=note, ip=ip)


def document_revise(document, *, by, ip=None):
    """Start the next version of a published document as a draft carrying its content.

    Published content never changes: the new version goes through the workflow itself, asks
    its audience again when it is published, and its publishing archives this version."""
    if roles.has_role(by, roles.AUDITOR) or not (
        document.may(by, "edit") and document.is_author(by)
    ):
        raise Forbidden(_("You may not revise this document."))
    with transaction.atomic():
        locked = type(document).objects.select_for_update().get(pk=document.pk)
        if locked.state != State.PUBLISHED:
            raise Conflict(_("Only a published document can be revised."))
        pending = type(document).objects.filter(supersedes=locked).first()
        if pending is not None:
            raise Conflict(
                _("Version %(version)s of this document is already being prepared.")
                % {"version": pending.version}
            )
        draft = locked.revision_draft(by)
        draft.save()
        draft.carry_over(locked)
        note = _("New version of version %(version)s.") % {"version": locked.version}
        _log(draft, "revise", "", by=by, note=note, ip=ip)
    return draft


def _before_publish(document) -> list[int]:
    recipients = document.audience_employee_ids() if document.requires_acknowledgement else []
    if document.requires_acknowledgement and not recipients:
        raise Invalid(_("The audience addresses nobody; nothing would be published to anyone."))
    document.published_at = timezone.now()
    if document.numbered:
        document.register_code = settings.HRFLOW_REGISTER_CODE
        document.number_year = be_year(timezone.localdate())
        document.number = register_take_next(document.register_code, document.number_year)
    return recipients


def register_take_next(code: str, year: int) -> int:
    """The next number of the register, under a row lock; rolled back with the publish, so a
    number is only consumed by a publish that commits."""
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(code=code, year=year)], ignore_conflicts=True
    )
    counter = RegisterCounter.objects.select_for_update().get(code=code, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def available_transitions(document, user) -> list[str]:
    barred = document.steps_barred_to_author(user)
    return [
        name
        for name in document.TRANSITIONS
        if name not in barred
        and can_proceed(getattr(document, name))
        and has_transition_perm(getattr(document, name), user)
    ]


def save_draft(document, cleaned: dict, *, lock_version=None):
    """Write a draft's cleaned fields if it is still the draft the editor read: one UPDATE
    guarded by state and `lock_version` (the value the editor read; None: the instance's).
    A draft saved by someone else since, or moved on, is a 409 and nothing is written."""
    model = type(document)
    expected = document.lock_version if lock_version is None else int(lock_version)
    with transaction.atomic():
        updated = model.objects.filter(
            pk=document.pk, state=State.DRAFT, lock_version=expected
        ).update(lock_version=expected + 1, updated_at=timezone.now(), **cleaned)
        if not updated:
            current = model.objects.get(pk=document.pk)
            if current.state != State.DRAFT:
                raise Conflict(_("Only a draft can be edited; this one is already further on."))
            raise Conflict(_("Someone else saved this draft first. Reload and try again."))
    document.refresh_from_db()
    return document


def is_visible_to(document, user) -> bool:
    """A role is not enough: a clerk acts on their own unit's documents, not on another's."""
    return type(document).objects.visible_to(user).filter(pk=document.pk).exists()


def author_employee(user, kind):
    """The employee drafting a document of `kind`, or a 403. One rule for who may draft
    (Document.may_create): the pages and the API ask it too."""
    if not kind.may_create(user):
        raise Forbidden(_("You may not draft documents of this kind."))
    return user.employee
