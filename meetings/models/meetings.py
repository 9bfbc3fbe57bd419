"""A meeting series (the agency's monthly staff meeting, a unit's meeting). The series says who
keeps the minutes (its secretary), who may chair a meeting and approve its minutes (its chair
and those HR named to chair in their stead; never the secretary: who drafts the minutes never
approves them) and whose meeting it is (its scope, which is also the audience of its minutes)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingSeries(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # None: the whole agency. Otherwise the unit (and, with subunits, the units below it).
    unit = models.ForeignKey(
        "hrflow.Department",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    include_subunits = models.BooleanField(_("include sub-units"), default=True)
    secretary = models.ForeignKey(
        "hrflow.Employee", verbose_name=_("secretary"), on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        "hrflow.Employee", verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    # Set by HR, not typed by the secretary per meeting: who else may chair (and so approve).
    acting_chairs = models.ManyToManyField(
        "hrflow.Employee", verbose_name=_("may also chair"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "workflows_meetingseries"  # the table it had in workflows/
        ordering = ["name", "pk"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self):
        return self.name

    def audience_targets(self) -> list[dict]:
        """The staff in the series' scope, as workflows.audience targets."""
        if self.unit_id is None:
            return [{"kind": "everyone"}]
        return [{"kind": "unit", "id": self.unit_id, "subunits": self.include_subunits}]

    def officer_ids(self) -> set[int]:
        return {self.secretary_id, self.chair_id}

    def chair_ids(self) -> set[int]:
        """Who may chair a meeting of the series (and approve its minutes): never its
        secretary, whatever the data says."""
        ids = {self.chair_id, *self.acting_chairs.values_list("pk", flat=True)}
        return ids - {self.secretary_id, None}

    def clean(self):
        if self.secretary_id and self.secretary_id == self.chair_id:
            raise ValidationError(
                {"chair": _("The secretary, who drafts the minutes, cannot chair the meeting.")}
            )

    @classmethod
    def for_secretary(cls, employee):
        if employee is None:
            return cls.objects.none()
        return cls.objects.filter(is_active=True, secretary=employee)
