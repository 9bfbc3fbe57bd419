"""Drafting circulars: create, edit a draft, attach files. Their workflow is the engine's
(workflows.services.apply_transition); publishing numbers them in the register there."""

from django.db import IntegrityError
from django.utils.translation import gettext as _

from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.sanitize import find_active_content, sanitize_html
from hrflow.uploads import checked_upload
from hrflow.validation import has_visible_text
from workflows.audience import AudienceError, validate_audience
from workflows.models import State
from workflows.services import author_employee, is_visible_to, save_draft

from .models import Circular, CircularAttachment


def circular_create(*, by, title, body="", deadline=None, audience=(), is_public=False, **letter):
    """`letter`: how it is printed — letter_form, addressee (เรียน), reference (อ้างถึง),
    urgency (see _clean_letter_fields)."""
    employee = author_employee(by, Circular)
    fields = _clean_circular_fields(title=title, body=body, audience=audience)
    return Circular.objects.create(
        owner_unit=employee.unit,
        created_by=by,
        deadline=deadline,
        is_public=bool(is_public),
        **fields,
        **_clean_letter_fields(letter),
    )


def circular_update(circular, *, by, lock_version=None, **changes):
    """Edit a draft. `lock_version` is the value the editor read; a stale one is a 409."""
    if (
        not circular.may(by, "edit")
        or not Circular.objects.visible_to(by).filter(pk=circular.pk).exists()
    ):
        raise Forbidden(_("You may not edit this document."))
    cleaned = _clean_circular_fields(
        title=changes.get("title", circular.title),
        body=changes.get("body", circular.body),
        audience=changes.get("audience", circular.audience),
    )
    for extra in ("deadline", "is_public"):
        if extra in changes:
            cleaned[extra] = changes[extra]
    cleaned.update(_clean_letter_fields({k: v for k, v in changes.items() if k in LETTER_FIELDS}))
    return save_draft(circular, cleaned, lock_version=lock_version)


LETTER_FIELDS = ("letter_form", "addressee", "reference", "urgency")


def _clean_letter_fields(letter: dict) -> dict:
    unknown = set(letter) - set(LETTER_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    cleaned = {}
    choices = {"letter_form": Circular.Form.values, "urgency": Circular.Urgency.values}
    for name, value in letter.items():
        value = (value or "").strip() if isinstance(value, str) or value is None else value
        if not isinstance(value, str):
            raise Invalid(_("Not a valid value."), field=name)
        if name == "letter_form":
            value = value or Circular.Form.MEMO
        if name in choices and value not in choices[name]:
            raise Invalid(_("Not one of the choices."), field=name)
        limit = Circular._meta.get_field(name).max_length
        if len(value) > limit:
            raise Invalid(_("At most %(n)s characters.") % {"n": limit}, field=name)
        cleaned[name] = value
    return cleaned


def _clean_circular_fields(*, title, body, audience):
    title = (title or "").strip()
    if not has_visible_text(title):  # zero-width spaces or combining marks alone show nothing
        raise Invalid(_("A subject is required."), field="title")
    try:
        audience = validate_audience(list(audience or []))
    except AudienceError as error:
        raise Invalid(str(error), field="audience") from None
    active = find_active_content(body)
    if active:
        raise Invalid(
            _("The body may not contain scripts or event handlers (found “%(found)s”).")
            % {"found": active},
            field="body",
        )
    return {"title": title[:300], "body": sanitize_html(body or ""), "audience": audience}


def circular_attach(circular, *, by, upload):
    """Attach a PDF or image to a draft, checking its size and its real content."""
    if not circular.may(by, "edit") or not is_visible_to(circular, by):
        raise Forbidden(_("You may not edit this document."))
    if circular.state != State.DRAFT:
        raise Conflict(_("Only a draft can be edited; this one is already further on."))
    content_type = checked_upload(upload)
    try:
        return CircularAttachment.objects.create(
            circular=circular,
            file=upload,
            name=upload.name[:255],
            size=upload.size,
            content_type=content_type,
            uploaded_by=by,
        )
    except IntegrityError:  # pragma: no cover - defensive
        raise Conflict(_("The attachment could not be saved.")) from None
