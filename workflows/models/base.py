"""The one workflow: an abstract document whose transitions are declared once.

Each kind (circular, minutes, position description, criteria) is a concrete subclass one level
below, adding its fields and the class-attribute knobs below. Transition methods only change
fields; `workflows.services.apply_transition` is the only caller and does everything else.
"""

import copy
import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from hrflow import roles

from .access import DocumentAccess, DocumentQuerySet
from .states import State


def _may(step):
    """django-fsm-2 permission callable: delegates to the kind's role knobs."""
    return lambda document, user: document.may(user, step)


class Document(DocumentAccess, ConcurrentTransitionMixin, models.Model):
    # --- knobs a kind may override -------------------------------------------------------------
    kind_slug = ""  # the API's /api/<kind>/
    author_roles = (roles.CLERK,)  # draft, edit, submit
    reviewer_roles = (roles.EXECUTIVE,)  # approve, send back
    publisher_roles = (roles.EXECUTIVE,)  # publish, withdraw, archive
    requires_acknowledgement = True
    numbered = False  # takes the next number of the agency's register on publish
    public_field = ""  # name of a boolean field that makes a published version public
    content_fields = ("title",)  # hashed into content_hash: what an acknowledgement is of
    not_carried = ()  # the kind's own per-version fields, which a revision starts afresh
    commentable = False  # staff may comment on a published version (workflows.comments)
    # The list pages' filters (workflows/filters.py): where a searched word may be, and where the
    # fiscal year is — a BE year column, else the fiscal year of a date or datetime.
    search_fields = ("title", "created_by__employee__first_name", "created_by__employee__last_name")
    fiscal_year_field = ""
    fiscal_year_date = "created_at"

    STEP_ROLES = {
        "submit": "author_roles",
        "send_back": "reviewer_roles",
        "approve": "reviewer_roles",
        "publish": "publisher_roles",
        "withdraw": "publisher_roles",
        "archive": "publisher_roles",
        "edit": "author_roles",
    }
    NOTE_REQUIRED = frozenset({"send_back", "withdraw"})

    # --- fields -------------------------------------------------------------------------------
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    title = models.CharField(_("title"), max_length=300)
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    owner_unit = models.ForeignKey(
        "hrflow.Department",
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Optimistic locking of edits: a form carries the value it was read with.
    lock_version = models.PositiveIntegerField(default=0)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # The page its registration gives it (a kind may name its own instead).
        from workflows import registry

        return registry.page_url(self)

    # --- transitions: field changes only ------------------------------------------------------
    @transition(
        state,
        source=State.DRAFT,
        target=State.IN_REVIEW,
        permission=_may("submit"),
        custom={"label": _("Submit for review")},
    )
    def submit(self):
        pass

    @transition(
        state,
        source=State.IN_REVIEW,
        target=State.DRAFT,
        permission=_may("send_back"),
        custom={"label": _("Send back for changes")},
    )
    def send_back(self):
        pass

    @transition(
        state,
        source=State.IN_REVIEW,
        target=State.APPROVED,
        permission=_may("approve"),
        custom={"label": _("Approve")},
    )
    def approve(self):
        pass

    @transition(
        state,
        source=State.APPROVED,
        target=State.PUBLISHED,
        permission=_may("publish"),
        custom={"label": _("Publish")},
    )
    def publish(self):
        self.content_hash = self.compute_content_hash()

    @transition(
        state,
        source=State.PUBLISHED,
        target=State.WITHDRAWN,
        permission=_may("withdraw"),
        custom={"label": _("Withdraw")},
    )
    def withdraw(self):
        pass

    @transition(
        state,
        source=[State.PUBLISHED, State.WITHDRAWN],
        target=State.ARCHIVED,
        permission=_may("archive"),
        custom={"label": _("Archive")},
    )
    def archive(self):
        pass

    TRANSITIONS = ("submit", "send_back", "approve", "publish", "withdraw", "archive")
    # Labels of the steps taken outside the state machine (a transition's label is its
    # custom={"label": ...} above); a kind adds its own (minutes: adopt, the report: build).
    STEP_LABELS = {
        "revise": _("Start a new version"),
    }
    # Fields of one version's life in the workflow, not of its content.
    WORKFLOW_FIELDS = frozenset(
        {
            "id", "state", "version", "supersedes", "content_hash", "created_by",
            "created_at", "updated_at", "published_at", "lock_version",
        }
    )  # fmt: skip

    def check_step(self, name: str, *, note: str, override: bool = False) -> str:
        """A kind's own rule for a step, asked by apply_transition under the row lock before
        anything changes: raise hrflow.errors.Invalid/Conflict to refuse; returns the note
        to log. `override` is the caller's explicit "do it anyway" (with the note as reason)."""
        return note

    def acknowledge_by(self):
        """The deadline of the acknowledgement requests made when this version is published."""
        return getattr(self, "deadline", None)

    def step_needs_override(self, name: str) -> bool:
        """Whether check_step would refuse the step now without an explicit override."""
        return False

    @classmethod
    def step_label(cls, name) -> str:
        """The step's label in the current language: its transition's custom label, else the
        kind's label for a step outside the machine, else the raw name (a test catches that)."""
        meta = getattr(getattr(cls, name, None), "_django_fsm", None)
        for move in meta.transitions.values() if meta is not None else ():
            if "label" in move.custom:
                return str(move.custom["label"])
        return str(cls.STEP_LABELS.get(name, name))

    # Labels of what a history row may name besides the states (a kind's step outside the
    # state machine, e.g. the minutes' "adopted").
    LOG_STATE_LABELS = {}

    @classmethod
    def state_label(cls, value) -> str:
        """A state's label in the current language (a log row's empty from-state: "—")."""
        if not value:
            return "—"
        choices = dict(cls._meta.get_field("state").choices)
        if value in choices:
            return str(choices[value])
        return str(cls.LOG_STATE_LABELS.get(value, value))

    def revision_draft(self, by):
        """An unsaved draft of the next version carrying this version's content."""
        skip = self.WORKFLOW_FIELDS | set(self.not_carried)
        values = {
            field.attname: copy.deepcopy(getattr(self, field.attname))
            for field in self._meta.concrete_fields
            if field.name not in skip
        }
        return type(self)(**values, version=self.version + 1, supersedes=self, created_by=by)

    def carry_over(self, previous):
        """After a revision draft is saved: bring along what lives outside its row."""

    def on_published(self):
        """Inside the publishing transaction, after the audience was asked: what else a kind
        announces once its content is official (minutes: the owners of their action items)."""

    @property
    def is_editable(self) -> bool:
        return self.state == State.DRAFT

    def compute_content_hash(self) -> str:
        content = {name: _plain(getattr(self, name)) for name in self.content_fields}
        content["version"] = self.version
        blob = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()

    @classmethod
    def addressed_ids(cls, employee):
        """Ids of documents of this kind with an acknowledgement request for the employee."""
        from django.contrib.contenttypes.models import ContentType

        from notifications.models import Acknowledgement

        if employee is None:
            return []
        return Acknowledgement.objects.filter(
            content_type=ContentType.objects.get_for_model(cls), employee=employee
        ).values("object_id")

    def audience_employee_ids(self) -> list[int]:
        """Who is addressed, resolved now; a kind overrides this."""
        raise NotImplementedError


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)
