"""The organisation: units in a tree, positions, employees linked to users."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Department(models.Model):
    """A unit: สำนัก/กอง at the top, ฝ่าย/งาน below, each with a head."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office / Division (สำนัก/กอง)")
        SECTION = "section", _("Section / Unit (ฝ่าย/งาน)")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        "Employee",
        verbose_name=_("head of unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    def descendant_ids(self) -> set[int]:
        """This unit and every unit below it (one query: the tree is small)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Department.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(), [self.pk]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found


def display_name(user) -> str:
    """How a person is named on pages, exports and the API: the employee's Thai full name,
    else the login's own name, else the username (a system account)."""
    employee = getattr(user, "employee", None)
    if employee is not None:
        return employee.full_name
    return user.get_full_name() or user.get_username()


def nearest_heads() -> dict[int, list[int]]:
    """For every unit, its heads from the nearest upwards (one query): a section without a
    head of its own escalates to the head of the office above it."""
    rows = {
        pk: (parent, head)
        for pk, parent, head in Department.objects.values_list("pk", "parent_id", "head_id")
    }
    chains = {}
    for pk in rows:
        chain, seen, current = [], set(), pk
        while current is not None and current not in seen:
            seen.add(current)
            parent, head = rows[current]
            if head is not None:
                chain.append(head)
            current = parent
        chains[pk] = chain
    return chains


class Position(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self):
        return self.name


class Employee(models.Model):
    class EmploymentType(models.TextChoices):
        CIVIL_SERVANT = "civil_servant", _("Civil servant (ข้าราชการ)")
        PERMANENT_WORKER = "permanent_worker", _("Permanent employee (ลูกจ้างประจำ)")
        CONTRACT = "contract", _("Government employee (พนักงานจ้าง)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employee"
    )
    staff_id = models.CharField(_("staff ID"), max_length=32, unique=True)
    title = models.CharField(pgettext_lazy("name prefix", "title"), max_length=32, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    unit = models.ForeignKey(
        Department, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="employees"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="employees"
    )
    employment_type = models.CharField(
        _("employment type"), max_length=32, choices=EmploymentType.choices
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )

    class Meta:
        ordering = ["staff_id"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        # The directory's order: a page of people without a search reads the first rows of
        # this index instead of sorting the whole staff. The name searches themselves use the
        # trigram indexes of migration 0011 (PostgreSQL only).
        indexes = [
            models.Index(fields=["first_name", "last_name", "id"], name="employee_name_order")
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()


class LoginFailure(models.Model):
    """A failed sign-in, kept for the throttle in hrflow/login_throttle.py (in the database so
    every web worker sees the same count)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # An attempt whose password is still being checked: it counts as a failure until it succeeds.
    pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self):
        return f"{self.username} {self.ip} {self.at:%Y-%m-%d %H:%M}"


class AuditEvent(models.Model):
    """One event of the append-only audit trail (hrflow.audit writes and verifies it).

    `hash` is the SHA-256 of the event's canonical content, which includes `prev_hash`, the
    hash of the event before it: changing, deleting or reordering any event breaks the chain
    from there on, and `manage.py verify_audit` names the first event that no longer fits. On
    PostgreSQL a trigger refuses every UPDATE and DELETE of these rows (migration 0005)."""

    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    at = models.DateTimeField(_("at"), db_index=True)
    kind = models.CharField(_("event"), max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    # Text, not inet: the hash is of the exact string, which PostgreSQL's inet would normalise.
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    # What the event is about: "circulars.circular" 12 v2, and the person and unit concerned.
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)
    employee_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    unit_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"#{self.seq} {self.kind} {self.summary}"


class AuditText(models.Model):
    """The exact text each event's hash is the SHA-256 of (hrflow.audit.canonical), with the
    hash and the hash before it: the chain itself, in a narrow table of its own, so verify()
    walks it reading a few hundred bytes per event; the event's columns are then checked
    against it. Append-only like the events (migration 0006)."""

    seq = models.PositiveBigIntegerField(primary_key=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    canonical = models.TextField()

    class Meta:
        ordering = ["seq"]
        # verify() joins each text to the one before it and reads only its hash.
        indexes = [models.Index(fields=["seq"], include=["hash"], name="audittext_seq_hash")]

    def __str__(self):
        return f"#{self.seq} {self.hash}"


class AuditHead(models.Model):
    """The chain's last sequence number and hash, one row: appending locks it, so events are
    numbered without gaps in commit order. A cache of the last event, never the proof."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)
    # The hash before the last event's: what a statement that appends by itself
    # (hrflow.audit.append_sql) reads back as its event's prev_hash.
    prev_hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"#{self.seq} {self.hash}"


from .agency import Agency  # noqa: E402,F401  (a model of this app, in its own module)
