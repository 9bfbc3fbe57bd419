"""เกณฑ์การประเมินผลการปฏิบัติงาน: the criteria one evaluation round applies to the staff of
the employment types in scope, who acknowledge them before the round starts."""

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrflow.errors import Conflict, Invalid
from hrflow.models import Employee
from hrflow.thai import BE_OFFSET, format_date
from workflows.models.base import Document

from ..round_fit import check_fits_round

LATE_DEADLINE = dt.timedelta(days=14)


class EvaluationCriteria(Document):
    kind_slug = "evaluation-criteria"
    commentable = True
    public_field = "is_public"  # HR's choice: also on the public evidence page (public/)
    content_fields = (
        "title", "fiscal_year", "round", "employment_types", "description", "components",
        "levels", "deadline",
    )  # fmt: skip
    fiscal_year_field = "fiscal_year"

    class Round(models.IntegerChoices):
        FIRST = 1, gettext_lazy("Round 1 (1 October – 31 March)")
        SECOND = 2, gettext_lazy("Round 2 (1 April – 30 September)")

    fiscal_year = models.PositiveIntegerField(gettext_lazy("fiscal year (BE)"))
    round = models.PositiveSmallIntegerField(gettext_lazy("round"), choices=Round.choices)
    # Employee.EmploymentType values in scope: the audience.
    employment_types = models.JSONField(gettext_lazy("employment types"), default=list)
    description = models.TextField(gettext_lazy("description"), blank=True)
    # See personnel.criteria_rules for the shapes and the rules they obey.
    components = models.JSONField(gettext_lazy("components"), default=list)
    levels = models.JSONField(gettext_lazy("rating levels"), default=list)
    deadline = models.DateField(gettext_lazy("acknowledge by"), null=True, blank=True)
    is_public = models.BooleanField(gettext_lazy("public"), default=False)

    class Meta(Document.Meta):
        db_table = "workflows_evaluationcriteria"  # the table it had in workflows/
        verbose_name = gettext_lazy("evaluation criteria")
        verbose_name_plural = gettext_lazy("evaluation criteria")
        indexes = [models.Index(fields=["fiscal_year", "round"])]

    @staticmethod
    def round_bounds(fiscal_year: int, round_number: int) -> tuple[dt.date, dt.date]:
        end_year = fiscal_year - BE_OFFSET
        if round_number == 1:
            return dt.date(end_year - 1, 10, 1), dt.date(end_year, 3, 31)
        return dt.date(end_year, 4, 1), dt.date(end_year, 9, 30)

    @property
    def round_start(self) -> dt.date:
        return self.round_bounds(self.fiscal_year, self.round)[0]

    @property
    def round_end(self) -> dt.date:
        return self.round_bounds(self.fiscal_year, self.round)[1]

    def employment_type_labels(self) -> list[str]:
        labels = dict(Employee.EmploymentType.choices)
        return [str(labels.get(value, value)) for value in self.employment_types]

    def components_with_goals(self) -> list[dict]:
        """The components with each item's goal (number and title) for the pages and exports."""
        from .goals import OrganisationGoal

        goals = dict(
            OrganisationGoal.objects.filter(fiscal_year=self.fiscal_year).values_list(
                "number", "title"
            )
        )
        return [
            {
                **component,
                "items": [
                    {**item, "goal_title": goals.get(item.get("goal"), "")}
                    for item in component.get("items", [])
                ],
            }
            for component in self.components
        ]

    def audience_employee_ids(self) -> list[int]:
        return list(
            Employee.objects.filter(user__is_active=True, employment_type__in=self.employment_types)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def acknowledge_by(self):
        """Unless HR set a date: by the start of the round, or in two weeks if it has started
        (a late publication still needs a date for the reminders)."""
        if self.deadline is not None:
            return self.deadline
        today = timezone.localdate()
        return self.round_start if self.round_start >= today else today + LATE_DEADLINE

    def step_needs_override(self, name):
        return name == "publish" and timezone.localdate() > self.round_start

    def check_step(self, name, *, note, override=False):
        """Criteria fit their round (personnel.round_fit: the scheme's levels, one per round
        and employment type — never overridden). They are announced before or at the start of
        their round; publishing later is an exception someone must own: an explicit override
        with a reason, kept in the log."""
        check_fits_round(self, name)
        if not self.step_needs_override(name):
            return note
        start = format_date(self.round_start)
        if not override:
            raise Conflict(
                _(
                    "Round %(round)s of %(year)s started on %(start)s. To publish the criteria "
                    "now, confirm the late publication and give the reason."
                )
                % {"round": self.round, "year": self.fiscal_year, "start": start}
            )
        if not note:
            raise Invalid(_("Give the reason for publishing after the round started."), "note")
        return _("Published after the round started (%(start)s). Reason: %(reason)s") % {
            "start": start,
            "reason": note,
        }

    def get_absolute_url(self):
        return reverse("workflows:evaluationcriteria-detail", args=[self.pk])
