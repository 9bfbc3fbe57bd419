"""A round (รอบการประเมิน): one fiscal year's round 1 or 2 for a scope of staff, opened by HR
from published evaluation criteria; its screening committee and the executive's approval."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from hrflow import roles

DEFAULT_APPEAL_DAYS = 30
DEFAULT_SCALE_MAX = 5
# The agreements are due a month into the round, the scores by its end, the results
# acknowledged and the second level's opinion two weeks after it.
AGREEMENT_DAYS = dt.timedelta(days=30)
RESULT_DAYS = dt.timedelta(days=15)


class RoundState(models.TextChoices):
    OPEN = "open", _("Open")
    SCREENED = "screened", _("Committee review closed")
    APPROVED = "approved", _("Results approved")


class EvaluationRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """HR, the auditor and executives see rounds; anyone else the rounds they are on
        (a case of theirs, one they evaluate, or its committee)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if roles.has_role(user, roles.CLERK, roles.AUDITOR, roles.EXECUTIVE):
            return self
        employee = getattr(user, "employee", None)
        if employee is None:
            return self.none()
        return self.filter(
            models.Q(committee=employee)
            | models.Q(cases__person=employee)
            | models.Q(cases__evaluator=employee)
            | models.Q(cases__second_level=employee)
        ).distinct()


class EvaluationRound(FSMModelMixin, models.Model):
    criteria = models.ForeignKey(
        "personnel.EvaluationCriteria",
        verbose_name=_("evaluation criteria"),
        on_delete=models.PROTECT,
        related_name="evaluation_rounds",
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    number = models.PositiveSmallIntegerField(_("round"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    # The scope: a unit and the units below it, the criteria's employment types.
    unit = models.ForeignKey(
        "hrflow.Department", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    agreement_due = models.DateField(_("agreements agreed by"), null=True, blank=True)
    assessment_due = models.DateField(_("scores given by"), null=True, blank=True)
    result_due = models.DateField(_("results acknowledged and reviewed by"), null=True, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("top of the scale"), default=DEFAULT_SCALE_MAX)
    appeal_days = models.PositiveSmallIntegerField(_("days to appeal"), default=DEFAULT_APPEAL_DAYS)
    committee = models.ManyToManyField(
        "hrflow.Employee", verbose_name=_("screening committee"), blank=True, related_name="+"
    )
    state = FSMField(
        _("state"), default=RoundState.OPEN, choices=RoundState.choices, protected=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    screened_at = models.DateTimeField(_("committee review closed"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    announce_public = models.BooleanField(_("names on the public page"), default=False)

    objects = EvaluationRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "-number", "pk"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self):
        return _("Round %(round)s/%(year)s, %(unit)s") % {
            "round": self.number,
            "year": self.fiscal_year,
            "unit": self.unit,
        }

    # The engine's log wants a version and a title of what it logs.
    version = 1

    @property
    def title(self) -> str:
        return str(self)

    @staticmethod
    def default_deadlines(starts_on, ends_on) -> dict:
        return {
            "agreement_due": starts_on + AGREEMENT_DAYS,
            "assessment_due": ends_on,
            "result_due": ends_on + RESULT_DAYS,
        }

    def appeal_deadline(self, answered_at) -> dt.date | None:
        if answered_at is None:
            return None
        return answered_at.date() + dt.timedelta(days=self.appeal_days)

    @transition(
        state,
        source=RoundState.OPEN,
        target=RoundState.SCREENED,
        custom={"label": _("Close the committee's review")},
    )
    def close_review(self):
        pass

    @transition(
        state,
        source=RoundState.SCREENED,
        target=RoundState.APPROVED,
        custom={"label": _("Approve the round's results")},
    )
    def approve(self):
        pass
