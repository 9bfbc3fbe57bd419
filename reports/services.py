"""The write paths of the reports app: a year's measures, evidence files, building a report.
Moves along the workflow go through workflows.services.apply_transition like every kind."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow import roles
from hrflow.agency import agency_name
from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.thai import fiscal_year_bounds
from hrflow.uploads import checked_upload
from workflows.models import State
from workflows.services import record_step

from . import evidence as tags
from . import reference
from .checks import check
from .computations import compute
from .models import Activity, Evidence, IntegrityReport, Measure

FIRST_YEAR, LAST_YEAR = 2500, 2700
REPORT_TITLE = (
    "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {year}"
)


def may_prepare(user) -> bool:
    """HR (the clerks) prepare the measures and the report; auditors only read."""
    return IntegrityReport.may_create(user)


def may_read(user) -> bool:
    return roles.has_role(user, roles.CLERK, roles.EXECUTIVE, roles.AUDITOR)


def check_year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Invalid(
            _("Give the fiscal year in the Buddhist Era, e.g. 2569."), "fiscal_year"
        ) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(_("Give the fiscal year in the Buddhist Era, e.g. 2569."), "fiscal_year")
    return year


def measures_for(fiscal_year: int, *, create=False):
    """The year's measures. With `create`, a year without any starts from a copy of the latest
    earlier year's (its activities too, without their evidence), or from the reference report."""
    measures = Measure.objects.filter(fiscal_year=fiscal_year)
    if measures.exists() or not create:
        return measures.prefetch_related("activities__evidence", "tags")
    with transaction.atomic():
        earlier = (
            Measure.objects.filter(fiscal_year__lt=fiscal_year)
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .first()
        )
        try:
            with transaction.atomic():
                if earlier is None:
                    _from_reference(fiscal_year)
                else:
                    _copy_year(earlier, fiscal_year)
        except IntegrityError:
            pass  # someone else started the year at the same moment; theirs stands
    return Measure.objects.filter(fiscal_year=fiscal_year).prefetch_related("activities__evidence")


def _from_reference(fiscal_year):
    for number, spec in enumerate(reference.MEASURES, start=1):
        measure = Measure.objects.create(
            fiscal_year=fiscal_year,
            number=number,
            title=spec["title"],
            description=spec["description"],
            steps="\n".join(spec["steps"]),
            outcome=spec["outcome"],
        )
        Activity.objects.bulk_create(
            Activity(
                measure=measure,
                order=order,
                source=activity.get("source", ""),
                text=activity.get("text", ""),
                threshold=activity.get("threshold"),
            )
            for order, activity in enumerate(spec["activities"], start=1)
        )


def _copy_year(source_year, fiscal_year):
    for measure in Measure.objects.filter(fiscal_year=source_year).prefetch_related("activities"):
        activities = list(measure.activities.all())
        measure.pk = None
        measure.fiscal_year = fiscal_year
        measure.save()
        Activity.objects.bulk_create(
            Activity(
                measure=measure, order=a.order, source=a.source, text=a.text, threshold=a.threshold
            )
            for a in activities
        )


MEASURE_FIELDS = ("title", "description", "steps", "outcome")


def measure_update(measure, *, by, **values):
    """HR words a measure of the year: its topic, what it is, its steps and its outcome."""
    if not may_prepare(by):
        raise Forbidden(_("Only HR prepares the integrity measures."))
    title = (values.get("title") or "").strip()
    if not title:
        raise Invalid(_("A measure needs a topic."), field="title")
    measure.title = title[:300]
    for name in ("description", "steps", "outcome"):
        setattr(measure, name, (values.get(name) or "").strip())
    measure.save(update_fields=list(MEASURE_FIELDS))
    return measure


def activity_add(measure, *, by, text):
    """A hand-written activity under a measure (evidence files are added to it afterwards)."""
    if not may_prepare(by):
        raise Forbidden(_("Only HR prepares the integrity measures."))
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write what was done."), field="text")
    last = measure.activities.order_by("-order").values_list("order", flat=True).first() or 0
    return Activity.objects.create(measure=measure, order=last + 1, text=text)


def activity_update(activity, *, by, text, threshold=None):
    """HR's summary or note of an activity; for a computed one also the threshold its figure
    must reach for the measure's typed outcome to hold (None: no check)."""
    if not may_prepare(by):
        raise Forbidden(_("Only HR prepares the integrity measures."))
    if threshold is not None and not activity.source:
        raise Invalid(_("Only a computed figure has a threshold."), field="threshold")
    activity.text = (text or "").strip()
    activity.threshold = threshold
    activity.save(update_fields=["text", "threshold"])
    return activity


def evidence_add(activity, *, by, upload):
    """A PDF or image as evidence of a hand-written activity, checked like attachments."""
    if not may_prepare(by):
        raise Forbidden(_("Only HR prepares the integrity measures."))
    content_type = checked_upload(upload)
    return Evidence.objects.create(
        activity=activity,
        file=upload,
        name=upload.name[:255],
        size=upload.size,
        content_type=content_type,
        uploaded_by=by,
    )


def evidence_remove(evidence, *, by):
    """Take back an evidence file uploaded by mistake, while no report beyond a draft lists it:
    once a report has been submitted with it, it is part of that report's record."""
    if not may_prepare(by):
        raise Forbidden(_("Only HR prepares the integrity measures."))
    with transaction.atomic():
        evidence = Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
        if evidence is None:
            raise Conflict(_("This evidence file has been removed already."))
        listed = IntegrityReport.objects.exclude(state=State.DRAFT).only("measures")
        if any(evidence.pk in report.evidence_ids() for report in listed):
            raise Conflict(
                _("A report submitted for review lists this file; it stays as its evidence.")
            )
        file = evidence.file
        evidence.delete()
        transaction.on_commit(lambda: file.delete(save=False))


def snapshot(fiscal_year: int) -> list[dict]:
    """The year's measures with every computed statement worked out now."""
    start, end = fiscal_year_bounds(fiscal_year)
    measures = []
    for measure in measures_for(fiscal_year, create=True):
        activities = []
        for activity in measure.activities.all():
            entry = {"source": activity.source, "text": activity.text, "numbers": {}}
            if activity.source:
                statement = compute(activity.source, start, end)
                entry["text"] = statement.text
                entry["numbers"] = statement.numbers
                if activity.text:
                    entry["note"] = activity.text
                entry["check"] = check(activity.source, statement.numbers, activity.threshold)
            entry["evidence"] = [
                {"id": item.pk, "name": item.name} for item in activity.evidence.all()
            ]
            activities.append(entry)
        tagged = [
            {key: value for key, value in entry.items() if key != "tag"}
            for entry in tags.tagged(measure)
        ]
        measures.append(
            {
                "number": measure.number,
                "title": measure.title,
                "description": measure.description,
                "steps": measure.step_lines(),
                "outcome": measure.outcome,
                "activities": activities,
                "tagged": tagged,
                "tagged_counts": tags.counts(tagged),
            }
        )
    return measures


def report_build(fiscal_year, *, by, ip=None):
    """Build (or rebuild, while a draft) the report of a fiscal year from its measures and the
    records. A year has one report at a time; a published one is revised, not rebuilt."""
    fiscal_year = check_year(fiscal_year)
    if not may_prepare(by):
        raise Forbidden(_("Only HR builds the integrity report."))
    measures_for(fiscal_year, create=True)
    with transaction.atomic():
        # The year's measures, locked: two builds of one year take turns, and the second finds
        # the first one's draft (and rebuilds it) instead of making another report.
        list(Measure.objects.select_for_update().filter(fiscal_year=fiscal_year))
        current = (
            IntegrityReport.objects.select_for_update()
            .filter(fiscal_year=fiscal_year)
            .exclude(state__in=[State.WITHDRAWN, State.ARCHIVED])
            .order_by("-version")
            .first()
        )
        if current is not None and current.state != State.DRAFT:
            raise Conflict(
                _("The report of %(year)s is already “%(state)s”; it can no longer be rebuilt.")
                % {"year": fiscal_year, "state": current.get_state_display()}
            )
        measures = snapshot(fiscal_year)
        now = timezone.now()
        if current is None:
            version = 1 + max(
                IntegrityReport.objects.filter(fiscal_year=fiscal_year).values_list(
                    "version", flat=True
                ),
                default=0,
            )
            try:
                with transaction.atomic():
                    report = IntegrityReport.objects.create(
                        title=REPORT_TITLE.format(year=fiscal_year),
                        fiscal_year=fiscal_year,
                        version=version,
                        agency=agency_name(),
                        measures=measures,
                        built_at=now,
                        owner_unit=by.employee.unit,
                        created_by=by,
                    )
            except IntegrityError:
                raise Conflict(
                    _("Someone else built the report of %(year)s at the same moment; reload.")
                    % {"year": fiscal_year}
                ) from None
            record_step(
                report, "build", from_state="", to_state=report.state, by=by, ip=ip,
                note=_("Built from the records."),
            )  # fmt: skip
            return report
        IntegrityReport.objects.filter(pk=current.pk).update(
            measures=measures,
            agency=agency_name(),
            built_at=now,
            updated_at=now,
            lock_version=current.lock_version + 1,
        )
        current.refresh_from_db()
        record_step(
            current, "build", from_state=State.DRAFT, to_state=State.DRAFT, by=by, ip=ip,
            note=_("Rebuilt from the records."),
        )  # fmt: skip
        return current
