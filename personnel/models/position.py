"""รายละเอียดของตำแหน่งงาน: a position description that its holders and their heads acknowledge."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hrflow.models import Department, Employee, nearest_heads
from workflows.models.base import Document


class PositionDescription(Document):
    kind_slug = "position-descriptions"
    commentable = True
    public_field = "is_public"  # HR's choice: also on the public evidence page (public/)
    content_fields = (
        "title", "position_id", "unit_id", "purpose", "duties", "qualifications",
        "competencies", "indicators", "deadline",
    )  # fmt: skip
    search_fields = (*Document.search_fields, "position__name", "unit__name")

    position = models.ForeignKey(
        "hrflow.Position", verbose_name=_("position"), on_delete=models.PROTECT, related_name="+"
    )
    # Blank: the position wherever it is held; else only its holders in this unit and below.
    unit = models.ForeignKey(
        "hrflow.Department",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.TextField(_("purpose of the position"), blank=True)
    # [{"text": "…", "share": 40}, …]: shares of working time, total 100 (criteria_rules).
    duties = models.JSONField(_("duties"), default=list, blank=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    competencies = models.TextField(_("competencies"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    deadline = models.DateField(_("acknowledge by"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)

    class Meta(Document.Meta):
        db_table = "workflows_positiondescription"  # the table it had in workflows/
        verbose_name = _("position description")
        verbose_name_plural = _("position descriptions")

    def holders(self):
        """The active employees holding the position (in the unit and below, if one is set)."""
        holders = Employee.objects.filter(user__is_active=True, position_id=self.position_id)
        if self.unit_id:
            holders = holders.filter(unit_id__in=Department(pk=self.unit_id).descendant_ids())
        return holders

    def audience_employee_ids(self) -> list[int]:
        """The holders and, for each, the nearest head of unit who is not that holder."""
        chains = nearest_heads()
        ids = set()
        for pk, unit_id in self.holders().values_list("pk", "unit_id"):
            ids.add(pk)
            head = next((h for h in chains.get(unit_id, []) if h != pk), None)
            if head is not None:
                ids.add(head)
        active = Employee.objects.filter(pk__in=ids, user__is_active=True)
        return sorted(active.values_list("pk", flat=True))

    def get_absolute_url(self):
        return reverse("workflows:positiondescription-detail", args=[self.pk])
