"""Who may read a document and who may take which step: the document's unit, the person's roles
and units (hrflow.roles), and who wrote the version. Document (base.py) is built on these."""

from django.conf import settings
from django.db import models

from hrflow import roles

from .states import State


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


class DocumentAccess:
    """The reads of who may do what, on Document (its role knobs: author_roles, reviewer_roles,
    publisher_roles, STEP_ROLES)."""

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
