"""Evidence mapped to measures: HR tags a document published on the public page (any kind in
the registry: circulars, criteria, position descriptions, minutes …) or an evidence file with
the measure(s) it evidences; the report lists them under each measure with their public
addresses and counts them per kind."""

from collections import Counter

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hrflow.errors import Conflict, Forbidden, Invalid
from workflows import registry

from .models import Evidence, IntegrityReport, Measure, MeasureTag

FILE_LABEL = "ไฟล์หลักฐาน"


def _refuse_unless_hr(by):
    if not IntegrityReport.may_create(by):
        raise Forbidden(_("Only HR prepares the integrity measures."))


def _public_item(slug: str, pk: int):
    """The document's entry on the public page, None unless it is there."""
    kind = registry.public_kind(slug) if registry.get(slug) is not None else None
    return kind.get(pk) if kind is not None else None


def candidates(fiscal_year: int) -> list[tuple[str, str]]:
    """What may be tagged in a year: its public documents ("slug:pk") and evidence files
    ("evidence:pk"), as (value, label) for HR's choice."""
    choices = []
    for kind in registry.kinds():
        public = registry.public_kind(kind.slug)
        if public is None or kind.model is IntegrityReport:
            continue
        for item in public.items(fiscal_year):
            label = f"{public.label}: {item.title}" + (f" ({item.number})" if item.number else "")
            choices.append((f"{kind.slug}:{item.pk}", label))
    files = Evidence.objects.filter(activity__measure__fiscal_year=fiscal_year)
    choices += [(f"evidence:{item.pk}", f"{FILE_LABEL}: {item.name}") for item in files]
    return choices


def measure_tag(measure: Measure, *, by, target: str) -> MeasureTag:
    """Tag `target` ("<kind slug>:<id>" of a public document, or "evidence:<id>") as evidence
    of `measure`. Tagging it twice changes nothing."""
    _refuse_unless_hr(by)
    slug, _sep, raw_pk = (target or "").partition(":")
    if not raw_pk.isdigit() or len(raw_pk) > 9:
        raise Invalid(_("Choose a document or an evidence file."), field="target")
    pk = int(raw_pk)
    if slug == "evidence":
        evidence = Evidence.objects.filter(pk=pk).first()
        if evidence is None:
            raise Invalid(_("There is no such evidence file."), field="target")
        values = {"evidence": evidence}
    else:
        if _public_item(slug, pk) is None:
            raise Invalid(
                _(
                    "Only a document published on the public evidence page can evidence a "
                    "measure: its address is what the report lists."
                ),
                field="target",
            )
        model = registry.get(slug).model
        values = {"content_type": ContentType.objects.get_for_model(model), "object_id": pk}
    with transaction.atomic():
        tag, _created = MeasureTag.objects.get_or_create(
            measure=measure, **values, defaults={"tagged_by": by}
        )
    return tag


def measure_untag(tag: MeasureTag, *, by) -> None:
    _refuse_unless_hr(by)
    deleted, _rows = MeasureTag.objects.filter(pk=tag.pk).delete()
    if not deleted:
        raise Conflict(_("This evidence was untagged already."))


def tagged(measure: Measure) -> list[dict]:
    """The measure's tagged evidence: kind label, title, number, public address (a path under
    the site) and the tag's id (for HR's page); documents no longer public are left out."""
    entries = []
    for tag in measure.tags.select_related("content_type", "evidence"):
        if tag.evidence_id:
            entries.append(
                {
                    "kind": "evidence",
                    "label": FILE_LABEL,
                    "title": tag.evidence.name,
                    "number": "",
                    "url": reverse("reports:evidence", args=[tag.evidence_id]),
                    "evidence": tag.evidence_id,
                    "tag": tag.pk,
                }
            )
            continue
        kind = registry.for_model(tag.content_type.model_class())
        item = _public_item(kind.slug, tag.object_id) if kind else None
        if item is None:
            continue
        with translation.override(settings.LANGUAGE_CODE):  # the report is in Thai
            label = str(registry.public_kind(kind.slug).label)
        entries.append(
            {
                "kind": kind.slug,
                "label": label,
                "title": item.title,
                "number": item.number,
                "url": item.url,
                "tag": tag.pk,
            }
        )
    return entries


def counts(entries: list[dict]) -> list[tuple[str, int]]:
    """(kind label, how many) of a measure's tagged evidence, in the order first listed."""
    return list(Counter(entry["label"] for entry in entries).items())
