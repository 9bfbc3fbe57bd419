"""Audience targets → employees. Validated on save, resolved (and frozen) at publish."""

from django.utils.translation import gettext as _

from hrflow.models import Department, Employee, Position
from hrflow.validation import parse_id

TARGET_KINDS = ("everyone", "unit", "position", "person")


class AudienceError(ValueError):
    pass


def validate_audience(targets) -> list[dict]:
    """Return the targets normalised, or raise AudienceError saying which one is wrong."""
    if not isinstance(targets, list) or not targets:
        raise AudienceError(_("Choose at least one audience target."))
    clean = []
    for index, target in enumerate(targets, start=1):
        if not isinstance(target, dict) or target.get("kind") not in TARGET_KINDS:
            raise AudienceError(
                _("Audience target %(n)s: kind must be one of %(kinds)s.")
                % {"n": index, "kinds": ", ".join(TARGET_KINDS)}
            )
        kind = target["kind"]
        if kind == "everyone":
            clean.append({"kind": kind})
            continue
        model = {"unit": Department, "position": Position, "person": Employee}[kind]
        try:
            pk = parse_id(target.get("id"))
        except (TypeError, ValueError):
            raise AudienceError(
                _("Audience target %(n)s: an id is required.") % {"n": index}
            ) from None
        if not model.objects.filter(pk=pk).exists():
            raise AudienceError(
                _("Audience target %(n)s: no %(kind)s with id %(id)s.")
                % {"n": index, "kind": kind, "id": pk}
            )
        item = {"kind": kind, "id": pk}
        if kind == "unit":
            item["subunits"] = bool(target.get("subunits", False))
        clean.append(item)
    return clean


def resolve_audience(targets) -> list[int]:
    """Ids of the active employees the targets address, each once, in id order."""
    active = Employee.objects.filter(user__is_active=True)
    ids: set[int] = set()
    for target in targets or []:
        kind = target.get("kind")
        if kind == "everyone":
            return list(active.order_by("pk").values_list("pk", flat=True))
        if kind == "unit":
            units = {target["id"]}
            if target.get("subunits"):
                units = Department(pk=target["id"]).descendant_ids()
            ids.update(active.filter(unit_id__in=units).values_list("pk", flat=True))
        elif kind == "position":
            ids.update(active.filter(position_id=target["id"]).values_list("pk", flat=True))
        elif kind == "person":
            ids.update(active.filter(pk=target["id"]).values_list("pk", flat=True))
    return sorted(ids)


def describe_audience(targets) -> list[str]:
    """Human-readable lines for a page."""
    units = dict(Department.objects.values_list("pk", "name"))
    positions = dict(Position.objects.values_list("pk", "name"))
    people = {
        e.pk: e.full_name
        for e in Employee.objects.filter(
            pk__in=[t["id"] for t in targets or [] if t.get("kind") == "person"]
        )
    }
    lines = []
    for target in targets or []:
        kind = target.get("kind")
        if kind == "everyone":
            lines.append(_("Everyone"))
        elif kind == "unit":
            name = units.get(target["id"], "?")
            lines.append(
                _("%(unit)s and its sub-units") % {"unit": name} if target.get("subunits") else name
            )
        elif kind == "position":
            lines.append(_("Position: %(p)s") % {"p": positions.get(target["id"], "?")})
        elif kind == "person":
            lines.append(people.get(target["id"], "?"))
    return lines
