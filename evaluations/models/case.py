"""An evaluation case: one person in one round, with its own life (agreement → agreed →
self-assessed → scored → result acknowledged / declined → second-level reviewed → screened →
approved → appealed → appeal decided). The case is not a workflow Document: it has no versions
to publish, no author and no audience, and its steps belong to people (the person, their
evaluators, the committee) rather than to roles; its steps still go through the engine's log
(workflows.services.record_step) and the audit chain, so histories read the same way."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from hrflow import roles


class CaseState(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement being drafted")
    AGREED = "agreed", _("Agreement agreed")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    SCORED = "scored", _("Scored")
    ACKNOWLEDGED = "acknowledged", _("Result acknowledged")
    DECLINED = "declined", _("Result declined (witnessed)")
    REVIEWED = "reviewed", _("Second-level reviewed")
    SCREENED = "screened", _("Screened by the committee")
    APPROVED = "approved", _("Approved")
    APPEALED = "appealed", _("Appeal filed")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")


S = CaseState
# Once approved, the result is final but for an appeal's decision.
FINAL = (S.APPROVED, S.APPEALED, S.APPEAL_DECIDED)


def viewer(user):
    """(employee or None, sees every case): HR and the auditor see every case (the auditor
    changes nothing); anyone else only the cases they are on."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None, False
    return getattr(user, "employee", None), roles.has_role(user, roles.CLERK, roles.AUDITOR)


class EvaluationCaseQuerySet(models.QuerySet):
    def in_state(self, *states):
        return self.filter(state__in=states)

    def visible_to(self, user):
        """The person, their evaluator and second level, the committee of the round, the
        executives over the round's unit, HR and the auditor; peers never."""
        employee, everything = viewer(user)
        if everything:
            return self
        if employee is None:
            return self.none()
        mine = models.Q()
        if roles.has_role(user, roles.EXECUTIVE):
            # An executive over the round's unit approves its results and decides appeals.
            scope = roles.unit_scope(user)
            if scope is None:
                return self
            mine = models.Q(round__unit_id__in=scope)
        return self.filter(
            mine
            | models.Q(person=employee)
            | models.Q(evaluator=employee)
            | models.Q(second_level=employee)
            | models.Q(round__committee=employee)
        ).distinct()


class EvaluationCase(FSMModelMixin, models.Model):
    round = models.ForeignKey(
        "evaluations.EvaluationRound", on_delete=models.PROTECT, related_name="cases"
    )
    person = models.ForeignKey(
        "hrflow.Employee", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    evaluator = models.ForeignKey(
        "hrflow.Employee",
        verbose_name=_("evaluator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    second_level = models.ForeignKey(
        "hrflow.Employee",
        verbose_name=_("second-level supervisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluator_reason = models.TextField(_("reason for the evaluator chosen by HR"), blank=True)
    state = FSMField(_("state"), default=S.AGREEMENT, choices=S.choices, protected=True)
    # The agreement's version: a change of an agreed agreement starts the next one.
    version = models.PositiveIntegerField(_("agreement version"), default=1)
    person_agreed_at = models.DateTimeField(null=True, blank=True)
    evaluator_agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    component_scores = models.JSONField(default=list, blank=True)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.CharField(_("level"), max_length=100, blank=True)
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)
    # When the person acknowledged or declined the result: the appeal window starts here.
    answered_at = models.DateTimeField(_("result answered"), null=True, blank=True)
    witness = models.CharField(_("witness"), max_length=300, blank=True)
    second_level_note = models.TextField(_("second-level opinion"), blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvaluationCaseQuerySet.as_manager()

    class Meta:
        ordering = ["round", "person__unit__code", "person__staff_id"]
        verbose_name = _("evaluation case")
        verbose_name_plural = _("evaluation cases")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="evaluation_case_once")
        ]
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self):
        return f"{self.person} · {self.round}"

    @property
    def title(self) -> str:
        return str(self)

    def is_final(self) -> bool:
        return self.state in FINAL

    # --- transitions: field changes only (evaluations.services takes them) ------------------
    @transition(state, source=S.AGREEMENT, target=S.AGREED, custom={"label": _("Agree")})
    def agree(self):
        pass

    @transition(
        state,
        source=[S.AGREED, S.SELF_ASSESSED, S.SCORED],
        target=S.AGREEMENT,
        custom={"label": _("Change the agreement")},
    )
    def reopen_agreement(self):
        self.version += 1
        self.person_agreed_at = self.evaluator_agreed_at = self.agreed_at = None

    @transition(
        state,
        source=[S.AGREED, S.SELF_ASSESSED],
        target=S.SELF_ASSESSED,
        custom={"label": _("Self-assess")},
    )
    def self_assess(self):
        pass

    @transition(
        state,
        source=[S.AGREED, S.SELF_ASSESSED, S.SCORED],
        target=S.SCORED,
        custom={"label": _("Score")},
    )
    def score(self):
        pass

    @transition(state, source=S.SCORED, target=S.ACKNOWLEDGED, custom={"label": _("Acknowledge")})
    def acknowledge(self):
        pass

    @transition(state, source=S.SCORED, target=S.DECLINED, custom={"label": _("Decline")})
    def decline(self):
        pass

    @transition(
        state,
        source=[S.ACKNOWLEDGED, S.DECLINED],
        target=S.REVIEWED,
        custom={"label": _("Second-level review")},
    )
    def review(self):
        pass

    @transition(
        state, source=S.REVIEWED, target=S.SCORED, custom={"label": _("Send back"), "note": True}
    )
    def send_back(self):
        self.answered_at = None
        self.witness = ""

    @transition(state, source=S.REVIEWED, target=S.SCREENED, custom={"label": _("Screen")})
    def screen(self):
        pass

    @transition(state, source=S.SCREENED, target=S.APPROVED, custom={"label": _("Approve")})
    def approve(self):
        pass

    @transition(state, source=S.APPROVED, target=S.APPEALED, custom={"label": _("Appeal")})
    def file_appeal(self):
        pass

    @transition(
        state, source=S.APPEALED, target=S.APPEAL_DECIDED, custom={"label": _("Decide the appeal")}
    )
    def decide_appeal(self):
        pass


class AgreementItem(models.Model):
    """An indicator of the performance agreement (ข้อตกลงการปฏิบัติราชการ) under one of the
    criteria's components, with its target, weight and scores."""

    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="items")
    component = models.PositiveSmallIntegerField(_("component"))  # index in criteria.components
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("indicator"), max_length=500)
    target = models.TextField(_("target"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    self_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment / evidence"), blank=True)

    class Meta:
        ordering = ["case", "component", "position", "pk"]
        verbose_name = _("agreement item")
        verbose_name_plural = _("agreement items")

    def __str__(self):
        return self.name


class IdpLine(models.Model):
    """A line of the individual development plan (แผนพัฒนารายบุคคล)."""

    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="idp_lines")
    text = models.TextField(_("development"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("development plan line")
        verbose_name_plural = _("development plan lines")

    def __str__(self):
        return self.text[:80]


class Appeal(models.Model):
    class Decision(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    case = models.OneToOneField(EvaluationCase, on_delete=models.PROTECT, related_name="appeal")
    reasons = models.TextField(_("reasons"))
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    previous_total = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self):
        return str(self.case)
