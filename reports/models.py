"""The agency's integrity measures per fiscal year, their activities (computed from HRFlow's
records or written by hand with evidence files), and the yearly report: a workflow document
that freezes what the measures said when HR built it."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hrflow import roles
from hrflow.errors import Invalid
from hrflow.thai import fiscal_year_bounds
from workflows.models import Document, State
from workflows.models.base import DocumentQuerySet

from .computations import SOURCES


class Measure(models.Model):
    """One row of the report: หัวข้อ / มาตรการ (what the agency does) / ขั้นตอน / ผลลัพธ์."""

    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("topic"), max_length=300)
    description = models.TextField(_("measure or activity"), blank=True)
    steps = models.TextField(_("steps (one per line)"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["fiscal_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="measure_number_once")
        ]
        verbose_name = _("integrity measure")
        verbose_name_plural = _("integrity measures")

    def __str__(self):
        return f"{self.fiscal_year} · {self.number}. {self.title}"

    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class Activity(models.Model):
    """What was done under a measure: a statement HRFlow computes from its records (`source`)
    or a summary written by hand, with evidence files."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    source = models.CharField(
        _("computed from"),
        max_length=40,
        blank=True,
        choices=[(key, label) for key, (label, _function) in SOURCES.items()],
        help_text=_("Leave empty for an activity written by hand."),
    )
    text = models.TextField(_("summary of what was done"), blank=True)
    # What the measure's typed outcome takes for granted of a computed figure, e.g. measure 6's
    # "staff knew the criteria before the round" needs ≥ 80 % acknowledged before it.
    threshold = models.DecimalField(
        _("threshold (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "The lowest share (per cent) of the computed figure the measure's outcome assumes; "
            "a report whose figure falls below it is submitted only with a confirmation."
        ),
    )

    class Meta:
        ordering = ["measure", "order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.get_source_display() if self.source else self.text[:60]

    @property
    def is_computed(self) -> bool:
        return bool(self.source)


def evidence_path(instance, filename):
    return f"reports/evidence/{instance.activity_id}/{filename}"


class Evidence(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:evidence", args=[self.pk])


class MeasureTag(models.Model):
    """A published document (of any registered kind) or an evidence file that evidences a
    measure: the report lists it under the measure with its public address."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="tags")
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveIntegerField(null=True, blank=True)
    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="tags"
    )
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    tagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "pk"]
        verbose_name = _("evidence of a measure")
        verbose_name_plural = _("evidence of measures")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(evidence__isnull=True, content_type__isnull=False)
                    & models.Q(object_id__isnull=False)
                )
                | models.Q(
                    evidence__isnull=False, content_type__isnull=True, object_id__isnull=True
                ),
                name="measure_tag_one_target",
            ),
            models.UniqueConstraint(
                fields=["measure", "content_type", "object_id"], name="measure_tag_document_once"
            ),
            models.UniqueConstraint(fields=["measure", "evidence"], name="measure_tag_file_once"),
        ]

    def __str__(self):
        return f"{self.measure} ← {self.evidence or f'{self.content_type}#{self.object_id}'}"


class ReportQuerySet(DocumentQuerySet):
    def visible_to(self, user):
        """Executives and auditors read every report, HR (clerks) theirs; a published report is
        the agency's public statement, so every signed-in person may read it."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if roles.has_role(user, roles.AUDITOR, roles.EXECUTIVE, roles.CLERK):
            return self
        return self.filter(state=State.PUBLISHED)


class IntegrityReport(Document):
    """The year's report on the one workflow (apply_transition: HR submits, the executive
    approves and publishes; every step logged), asking nobody for an acknowledgement.

    Registered in reports/kinds.py like every kind (auditor timeline, exports, public page),
    but with its own pages and no generic API; the shared workflow tests assert acknowledgement
    fan-out on publish, so the report has its own race tests
    (tests/reports/test_concurrency_postgres.py)."""

    kind_slug = "integrity-reports"
    requires_acknowledgement = False  # a report to the public and the assessors: nobody is asked
    content_fields = ("title", "fiscal_year", "agency", "measures")
    fiscal_year_field = "fiscal_year"
    STEP_LABELS = {**Document.STEP_LABELS, "build": _("Build from the records")}

    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    agency = models.CharField(_("agency"), max_length=300, blank=True)
    # The measures as they stood when the report was built: [{"number", "title", "description",
    # "steps": [..], "outcome", "activities": [{"source", "text", "numbers", "evidence": [..]}]}].
    measures = models.JSONField(_("measures"), default=list, blank=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta(Document.Meta):
        verbose_name = _("integrity report")
        verbose_name_plural = _("integrity reports")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "version"], name="integrity_report_version_once"
            )
        ]

    @property
    def period(self):
        return fiscal_year_bounds(self.fiscal_year)

    def audience_employee_ids(self) -> list[int]:
        return []

    def is_author(self, user) -> bool:
        return roles.has_role(user, *self.author_roles) and not roles.has_role(user, roles.AUDITOR)

    def evidence_ids(self) -> set[int]:
        """The evidence files the report lists: under its activities and tagged to measures."""
        return {
            item["id"]
            for measure in self.measures
            for activity in measure.get("activities", [])
            for item in activity.get("evidence", [])
        } | {
            item["evidence"]
            for measure in self.measures
            for item in measure.get("tagged", [])
            if item.get("evidence")
        }

    def shortfalls(self) -> list[dict]:
        """The computed figures the report was built with that fall below their threshold."""
        return [
            {"measure": measure["number"], **activity["check"]}
            for measure in self.measures
            for activity in measure.get("activities", [])
            if activity.get("check") and activity["check"]["met"] is False
        ]

    def step_needs_override(self, name: str) -> bool:
        return name == "submit" and bool(self.shortfalls())

    def check_step(self, name: str, *, note: str, override: bool = False) -> str:
        """Submitted with a figure below its threshold only when HR confirms it: the typed
        outcome then stands beside a record that contradicts it, and the report says so."""
        if self.step_needs_override(name) and not override:
            raise Invalid(
                _(
                    "A computed figure is below the threshold its measure's outcome assumes "
                    "(%(figures)s): confirm that you submit the report as it is, or correct the "
                    "outcome and rebuild."
                )
                % {
                    "figures": "; ".join(
                        _("measure %(measure)s: %(share)s %% < %(threshold)s %%") % item
                        for item in self.shortfalls()
                    )
                },
                field="override",
            )
        return note

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])
