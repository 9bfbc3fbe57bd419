"""The agency's goals for a fiscal year (เป้าหมาย/ผลสัมฤทธิ์ขององค์กร): evaluation criteria items
point to the goal they serve, which is how individual criteria are linked to the organisation's
results (measure 6). Kept by HR in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationGoal(models.Model):
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    # How criteria items and people refer to it: goal 1, 2, 3 … of the year.
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        db_table = "workflows_organisationgoal"  # the table it had in workflows/
        ordering = ["-fiscal_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="goal_number_unique")
        ]
        verbose_name = _("organisation goal")
        verbose_name_plural = _("organisation goals")

    def __str__(self):
        return f"{self.fiscal_year}/{self.number} {self.title}"
