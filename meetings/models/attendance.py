"""Who attended one meeting of a series (present, absent with a reason, also attending), and
the minutes' reads of it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        GUEST = "guest", _("Also attending")

    minutes = models.ForeignKey(
        "meetings.MeetingMinutes", on_delete=models.CASCADE, related_name="attendance"
    )
    employee = models.ForeignKey(
        "hrflow.Employee", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        db_table = "workflows_attendance"  # the table it had in workflows/
        ordering = ["status", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "employee"], name="attendance_once")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return f"{self.employee} ({self.status})"


class MinutesAttendance:
    """The attendance of the minutes of one meeting, by status (a mixin of MeetingMinutes)."""

    def people(self, status):
        return [a for a in self.attendance.all() if a.status == status]

    @property
    def present(self):
        return self.people("present")

    @property
    def absent(self):
        return self.people("absent")

    @property
    def guests(self):
        return self.people("guest")
