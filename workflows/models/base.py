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


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ARCHIVED = "archived", _("Archived")


def _may(step):
    """django-fsm-2 permission callable: delegates to the kind's role knobs."""
    return lambda document, user: document.may(user, step)


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What a user may read: officers of the workflow see their documents, employees see
        the published versions addressed to them (and public ones). Never another unit's draft."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if roles.has_role(user, roles.AUDITOR):
            return self
        officer = roles.has_role(user, *self.model.reviewer_roles, *self.model.publisher_roles)
        scope = roles.unit_scope(user) if officer else set()
        if scope is None:
            return self  # the agency's top executives act on every unit's documents
        employee = getattr(user, "employee", None)
        addressed = models.Q(
            state__in=[State.PUBLISHED, State.WITHDRAWN, State.ARCHIVED],
            pk__in=self.model.addressed_ids(employee),
        )
        if self.model.public_field:
            addressed |= models.Q(state=State.PUBLISHED, **{self.model.public_field: True})
        if employee is not None and roles.has_role(user, *self.model.author_roles):
            addressed |= models.Q(owner_unit_id__in=employee.unit.descendant_ids())
        if scope:
            addressed |= models.Q(owner_unit_id__in=scope)
        return self.filter(addressed)


class Document(ConcurrentTransitionMixin, models.Model):
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
        anything changes: raise workflows.errors.Invalid/Conflict to refuse; returns the note
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

    # --- reads --------------------------------------------------------------------------------
    def may(self, user, step: str) -> bool:
        knob = self.STEP_ROLES[step]
        if not roles.has_role(user, *getattr(self, knob)):
            return False
        # Reviewers and publishers act for their own unit's subtree (the agency's top
        # executives for every unit); authors are held to their units by is_author/visible_to.
        return knob == "author_roles" or self.in_scope_of(user)

    def in_scope_of(self, user) -> bool:
        """Whether the document's owning unit is one the user acts on as an officer."""
        scope = roles.unit_scope(user)
        return scope is None or self.owner_unit_id in scope

    def is_author(self, user) -> bool:
        """An author-role holder of the owning unit or of a unit above it."""
        employee = getattr(user, "employee", None)
        return (
            employee is not None
            and roles.has_role(user, *self.author_roles)
            and self.owner_unit_id in employee.unit.descendant_ids()
        )

    def version_author_ids(self) -> set[int]:
        """The users who wrote this version: whoever drafted it and whoever submitted it for
        review (a version sent back and submitted again may have several)."""
        from django.contrib.contenttypes.models import ContentType

        from .log import TransitionLog

        submitters = TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(self),
            object_id=self.pk,
            version=self.version,
            transition="submit",
        ).values_list("by_id", flat=True)
        return {self.created_by_id, *submitters}

    def steps_barred_to_author(self, user) -> frozenset[str]:
        """The steps the user may not take because they wrote this version: approving, always;
        publishing, unless settings.HRFLOW_EXECUTIVE_MAY_PUBLISH_OWN (then with a reason)."""
        if getattr(user, "pk", None) not in self.version_author_ids():
            return frozenset()
        if settings.HRFLOW_EXECUTIVE_MAY_PUBLISH_OWN:
            return frozenset({"approve"})
        return frozenset({"approve", "publish"})

    def is_officer(self, user) -> bool:
        """Reviewers and publishers of the document's unit (top executives: of every unit)."""
        return roles.has_role(user, *self.reviewer_roles, *self.publisher_roles) and (
            self.in_scope_of(user)
        )

    def may_track(self, user) -> bool:
        """Tracking names who has not acknowledged yet: authors, officers and auditors see
        everyone asked, not every reader of the document (heads of unit: tracked_unit_ids)."""
        return roles.has_role(user, roles.AUDITOR) or self.is_officer(user) or self.is_author(user)

    def tracked_unit_ids(self, user) -> set[int] | None:
        """Whose acknowledgements of this document the user follows: None for everyone's (see
        may_track); for a head of unit, or an executive of another unit, the people of the
        units they lead once it is published; an empty set for nobody's."""
        if self.may_track(user):
            return None
        if self.state in (State.DRAFT, State.IN_REVIEW, State.APPROVED):
            return set()
        return roles.led_unit_ids(user)

    def may_remind(self, user) -> bool:
        if roles.has_role(user, roles.AUDITOR):
            return False  # auditors read everything and change nothing
        return self.is_officer(user) or self.is_author(user)

    @classmethod
    def may_create(cls, user) -> bool:
        return (
            not roles.has_role(user, roles.AUDITOR)
            and roles.has_role(user, *cls.author_roles)
            and getattr(user, "employee", None) is not None
        )

    def may_revise(self, user) -> bool:
        """Whether to offer "start a new version" (the service checks again under a lock)."""
        return (
            self.state == State.PUBLISHED
            and not roles.has_role(user, roles.AUDITOR)
            and self.may(user, "edit")
            and self.is_author(user)
            and not type(self).objects.filter(supersedes=self).exists()
        )

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
