"""Item 9: a Hypothesis state machine over roles × transitions × kinds (every kind in
the registered kinds). Whatever sequence of steps, revisions and acknowledgements anyone
tries: a state changes only through an allowed transition by an allowed role, the log matches
the state, and acknowledgements exist only for published versions.

The oracle is the workflow's specification (the table below and each kind's role knobs), not
the engine's code. HRFLOW_STATEFUL_EXAMPLES sets the number of examples per kind (default 500
under `make chaos`, 150 in `make test`)."""

import os

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from hrflow import roles
from hrflow.errors import ServiceError
from meetings.models import MeetingMinutes
from notifications.models import Acknowledgement
from notifications.services import AcknowledgementError, acknowledge
from tests.factories import make_person
from tests.workflows.kinds import REGISTRY, shared_kinds
from workflows import services
from workflows.models import Document, State, TransitionLog

from .measure import record

pytestmark = [pytest.mark.chaos, pytest.mark.django_db]

FULL = os.environ.get("HRFLOW_CHAOS_FULL", "") in {"1", "true", "yes"}
# `make chaos`: the 500 walks per kind; `make test`: a fixed 150 per kind, to fit CI.
EXAMPLES = int(os.environ.get("HRFLOW_STATEFUL_EXAMPLES", "500" if FULL else "150"))

# The specification: each step's sources and target.
SPEC = {
    "submit": ({State.DRAFT}, State.IN_REVIEW),
    "send_back": ({State.IN_REVIEW}, State.DRAFT),
    "approve": ({State.IN_REVIEW}, State.APPROVED),
    "publish": ({State.APPROVED}, State.PUBLISHED),
    "withdraw": ({State.PUBLISHED}, State.WITHDRAWN),
    "archive": ({State.PUBLISHED, State.WITHDRAWN}, State.ARCHIVED),
}
PERSONAS = ("clerk", "executive", "employee", "auditor", "admin", "other_clerk")


def persona_roles(user):
    return {name for name in roles.ALL if roles.has_role(user, name)}


def may_by_role(model, persona, user, step):
    """The kind's knobs: the step's roles; authors act only in their own unit."""
    allowed = set(getattr(model, model.STEP_ROLES[step]))
    if not allowed & persona_roles(user):
        return False
    return persona != "other_clerk" or not allowed <= {roles.CLERK}


# Minutes decide by person, not by role: the series' secretary (the clerk, in tests/meetings.py)
# writes and submits; its chair (the executive) approves, sends back and publishes; the chair
# or an executive withdraws and archives. Nobody else, whatever roles they hold.
MINUTES_STEPS_BY_PERSONA = {
    "clerk": {"submit", "edit"},
    "executive": {"approve", "send_back", "publish", "withdraw", "archive"},
}


def may_by_person(model, persona, user, step):
    return step in MINUTES_STEPS_BY_PERSONA.get(persona, set())


WHO_MAY = {MeetingMinutes: may_by_person}


def may(model, persona, user, step):
    return WHO_MAY.get(model, may_by_role)(model, persona, user, step)


def machine_for(model, spec, people):
    class Workflow(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()  # each example rolls back to a clean database
            self.documents = [spec.make_draft(people)]
            self.expected = {self.documents[0].pk: State.DRAFT}

        def teardown(self):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        @rule(data=st.data(), with_note=st.booleans())
        def take_a_possible_step(self, data, with_note):
            """Mostly steps that should work, so the walk reaches every state."""
            document = data.draw(st.sampled_from(self.documents))
            state = self.expected[document.pk]
            steps = sorted(name for name, (sources, _) in SPEC.items() if state in sources)
            if not steps:
                return
            step = data.draw(st.sampled_from(steps))
            users = [p for p in PERSONAS if may(model, p, getattr(people, p).user, step)]
            self.take_step(document, step, data.draw(st.sampled_from(users)), with_note)

        @rule(data=st.data(), step=st.sampled_from(sorted(SPEC)),
              persona=st.sampled_from(PERSONAS), with_note=st.booleans())  # fmt: skip
        def take_any_step(self, data, step, persona, with_note):
            self.take_step(data.draw(st.sampled_from(self.documents)), step, persona, with_note)

        def take_step(self, document, step, persona, with_note):
            user = getattr(people, persona).user
            before = self.expected[document.pk]
            sources, target = SPEC[step]
            note = "เหตุผล" if with_note else ""
            allowed = (
                may(model, persona, user, step)
                and before in sources
                and (with_note or step not in model.NOTE_REQUIRED)
            )
            try:
                services.apply_transition(
                    model.objects.get(pk=document.pk), step, by=user, note=note
                )
            except ServiceError:
                assert not allowed, f"{persona} could not {step} from {before}"
                return
            assert allowed, f"{persona} took {step} from {before}"
            self.expected[document.pk] = target
            if step == "publish" and document.supersedes_id in self.expected:
                if self.expected[document.supersedes_id] in (State.PUBLISHED, State.WITHDRAWN):
                    self.expected[document.supersedes_id] = State.ARCHIVED

        @rule(data=st.data(), persona=st.sampled_from(PERSONAS))
        def revise(self, data, persona):
            document = data.draw(st.sampled_from(self.documents))
            user = getattr(people, persona).user
            pending = any(d.supersedes_id == document.pk for d in self.documents)
            allowed = (
                self.expected[document.pk] == State.PUBLISHED
                and not pending
                and may(model, persona, user, "edit")
                and not roles.has_role(user, roles.AUDITOR)
            )
            try:
                draft = services.document_revise(model.objects.get(pk=document.pk), by=user)
            except ServiceError:
                assert not allowed, f"{persona} could not revise a {self.expected[document.pk]}"
                return
            assert allowed, f"{persona} revised a {self.expected[document.pk]}"
            self.documents.append(draft)
            self.expected[draft.pk] = State.DRAFT

        @rule(data=st.data(), persona=st.sampled_from(PERSONAS))
        def acknowledge(self, data, persona):
            acks = list(Acknowledgement.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=self.expected,
            ))  # fmt: skip
            if not acks:
                return
            ack = data.draw(st.sampled_from(acks))
            user = getattr(people, persona).user
            mine = getattr(user, "employee", None) is not None and user.employee.pk == (
                ack.employee_id
            )
            published = self.expected[ack.object_id] == State.PUBLISHED
            already = ack.is_acknowledged
            try:
                _, created = acknowledge(ack, user=user)
            except AcknowledgementError:
                assert not (mine and (published or already))
                return
            assert mine and (published or already)
            assert created != already

        @invariant()
        def states_and_logs_match_the_model(self):
            content_type = ContentType.objects.get_for_model(model)
            for pk, expected in self.expected.items():
                assert model.objects.get(pk=pk).state == expected
                log = list(
                    TransitionLog.objects.filter(content_type=content_type, object_id=pk)
                    .order_by("pk")
                    .values_list("transition", "from_state", "to_state")
                )
                reached = State.DRAFT
                for name, from_state, to_state in log:
                    if name == "revise":
                        continue
                    assert (from_state, to_state) == (reached, SPEC[name][1])
                    assert from_state in SPEC[name][0]
                    reached = to_state
                assert reached == expected

        @invariant()
        def acknowledgements_only_for_published_versions(self):
            for ack in Acknowledgement.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=self.expected,
            ):
                document = model.objects.get(pk=ack.object_id)
                assert ack.version == document.version
                assert document.published_at is not None
                assert ack.content_hash == document.content_hash
                if ack.acknowledged_at is not None:
                    assert ack.acknowledged_at >= document.published_at

    return Workflow


# `make chaos`: 500 walks of 12 steps per kind take about four minutes each (measured: 239 s
# for circulars on a shared machine), at pytest's 300 s default; the evaluation walk's budget.
@pytest.mark.timeout(1800 if FULL else 300)
@pytest.mark.parametrize("model", shared_kinds(), ids=lambda m: m.kind_slug or m.__name__)
def test_every_state_change_is_an_allowed_step_by_an_allowed_role_for_every_kind(org, model, run):
    spec = REGISTRY.get(model)
    if spec is None:
        pytest.fail(f"{model.__name__} needs an entry in tests/workflows/kinds.py")
    if model.may is not Document.may and model not in WHO_MAY:
        pytest.fail(f"{model.__name__} decides who may by itself: describe it in WHO_MAY")
    org.other_clerk = make_person("other_clerk", roles=["employee", "clerk"], unit=org.other)
    run_state_machine_as_test(
        machine_for(model, spec, org),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=12 if FULL else 6,
            deadline=None,
            derandomize=not FULL,  # CI runs the same walks each time; `make chaos` new ones
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
    record(f"Hypothesis walks ({EXAMPLES} examples)", lost=0, duplicated=0, kind=model.__name__)
