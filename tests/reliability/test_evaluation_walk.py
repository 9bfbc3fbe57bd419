"""The chaos walk of an evaluation case (issue 16): a Hypothesis state machine over a round of two
cases, where random steps are tried by random people — the person, the evaluator, the second
level, the committee, HR, an executive over the unit, someone from another unit — with good and
bad input. Whatever the sequence:
- a step succeeds exactly when the specification below says it may (who, from which state,
  with what input), and a refused step changes nothing (rows, log, audit chain, notices);
- a case's state only moves along the specification's edges, and its log says so;
- the audit chain verifies;
- nobody who is not on the case (in the relation the step asks for) ever takes a step.

The oracle is the specification here (from the issue), not the services' code. Short under
`make test` (a fixed set of walks), long under HRFLOW_CHAOS_FULL (`make chaos`, fresh walks);
HRFLOW_EVALUATION_EXAMPLES sets the number of walks."""

import os
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from evaluations.models import CaseState, EvaluationCase, EvaluationRound
from evaluations.services import appeals, cases, rounds
from hrflow import audit
from hrflow.errors import ServiceError
from tests.evaluations.conftest import ITEMS, snapshot
from tests.factories import DepartmentFactory, criteria_draft, make_person
from tests.hr_world import publish
from workflows.models import TransitionLog

from .measure import record

pytestmark = [pytest.mark.chaos, pytest.mark.django_db]

FULL = os.environ.get("HRFLOW_CHAOS_FULL", "") in {"1", "true", "yes"}
EXAMPLES = int(os.environ.get("HRFLOW_EVALUATION_EXAMPLES", "60" if FULL else "15"))

S = CaseState
# The case's life: each logged step's sources and target.
EDGES = {
    "agree": ({S.AGREEMENT}, S.AGREED),
    "reopen_agreement": ({S.AGREED, S.SELF_ASSESSED, S.SCORED}, S.AGREEMENT),
    "self_assess": ({S.AGREED, S.SELF_ASSESSED}, S.SELF_ASSESSED),
    "score": ({S.AGREED, S.SELF_ASSESSED, S.SCORED}, S.SCORED),
    "acknowledge": ({S.SCORED}, S.ACKNOWLEDGED),
    "decline": ({S.SCORED}, S.DECLINED),
    "review": ({S.ACKNOWLEDGED, S.DECLINED}, S.REVIEWED),
    "send_back": ({S.REVIEWED}, S.SCORED),
    "screen": ({S.REVIEWED}, S.SCREENED),
    "approve": ({S.SCREENED}, S.APPROVED),
    "file_appeal": ({S.APPROVED}, S.APPEALED),
    "decide_appeal": ({S.APPEALED}, S.APPEAL_DECIDED),
}
# Who may take each step: a relation to the case (or the round).
MAY = {
    "set_agreement": {"person", "evaluator"},
    "agree": {"person", "evaluator"},
    "self_assess": {"person"},
    "score": {"evaluator"},
    "acknowledge": {"person"},
    "decline": {"evaluator"},
    "review": {"second"},
    "send_back": {"committee"},
    "close_review": {"committee"},
    "approve": {"executive"},
    "appeal": {"person"},
    "decide": {"executive"},
}
STEPS = sorted(MAY)
DETOURS = {"set_agreement", "send_back"}
PERSONAS = ("staff0", "staff1", "boss", "chief", "member", "hr", "outsider", "executive")


# The states the walks reached: a walk that never gets past the agreement proves little.
REACHED: set = set()


@dataclass
class Expected:
    """What the specification says a case is."""

    state: str = S.AGREEMENT
    items: bool = False
    person_agreed: bool = False
    evaluator_agreed: bool = False
    answered: bool = False
    log: list = field(default_factory=list)


def relations(world, persona, case_person):
    """The persona's relations to a case of the round (people are fixed by the world)."""
    employee = world[persona]
    found = set()
    if employee.pk == case_person.pk:
        found.add("person")
    if persona == "boss":
        found.add("evaluator")
    if persona == "chief":
        found |= {"second", "executive"}  # the second level heads the office: an executive
    if persona == "member":
        found.add("committee")
    if persona == "executive":
        found.add("executive")
    return found


def scores_for(case, valid):
    items = list(case.items.order_by("component", "position"))
    top = case.round.scale_max
    return {
        item.pk: {"score": (n % top) + 1 if valid else top + 1 + n % 2, "comment": "หลักฐาน"}
        for n, item in enumerate(items)
    }


def machine_for(world):
    class CaseWalk(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()  # each walk rolls back to a clean database
            self.round, opened = rounds.round_open(
                by=world["hr"].user,
                criteria=world["criteria"],
                unit=world["team"],
                committee=[world["member"]],
            )
            self.cases = sorted(opened, key=lambda c: c.person.user.username)
            self.expected = {case.pk: Expected() for case in self.cases}
            self.round_state = "open"

        def teardown(self):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        # --- the specification ------------------------------------------------------------
        def allowed(self, name, case, persona, valid):
            exp = self.expected[case.pk]
            mine = relations(world, persona, case.person)
            may = MAY[name] & mine
            if not may:
                return False
            state = exp.state
            if name == "set_agreement":
                editable = state in (S.AGREEMENT, S.AGREED, S.SELF_ASSESSED, S.SCORED)
                return valid and editable and not (state == S.SCORED and exp.answered)
            if name == "agree":
                side = "person_agreed" if "person" in may else "evaluator_agreed"
                return state == S.AGREEMENT and exp.items and not getattr(exp, side)
            if name == "self_assess":
                return valid and state in EDGES["self_assess"][0]
            if name == "score":
                return valid and state in EDGES["score"][0]
            if name in ("acknowledge", "decline"):
                return state == S.SCORED and (valid or name == "acknowledge")
            if name == "review":
                return state in EDGES["review"][0]
            if name == "send_back":
                return valid and state == S.REVIEWED and self.round_state == "open"
            if name == "close_review":
                return self.round_state == "open" and all(
                    e.state == S.REVIEWED for e in self.expected.values()
                )
            if name == "approve":
                return self.round_state == "screened"
            if name == "appeal":
                return valid and state == S.APPROVED
            if name == "decide":
                return valid and state == S.APPEALED and "person" not in mine
            raise AssertionError(name)

        def call(self, name, case, user, valid):
            fresh = EvaluationCase.objects.get(pk=case.pk)
            if name == "set_agreement":
                items = ITEMS if valid else [{**ITEMS[0], "weight": 50}, *ITEMS[1:]]
                return cases.agreement_set(fresh, by=user, items=items)
            if name == "agree":
                return cases.agreement_agree(fresh, by=user)
            if name == "self_assess":
                return cases.self_assess(fresh, by=user, scores=scores_for(fresh, valid))
            if name == "score":
                return cases.case_score(
                    fresh, by=user, scores=scores_for(fresh, valid), idp=["อบรม"]
                )
            if name == "acknowledge":
                return cases.result_acknowledge(fresh, by=user)
            if name == "decline":
                return cases.result_decline(fresh, by=user, witness="นายพยาน" if valid else " ")
            if name == "review":
                return cases.second_level_review(fresh, by=user)
            if name == "send_back":
                return rounds.committee_send_back(fresh, by=user, reason="ขาด" if valid else "")
            if name == "close_review":
                return rounds.committee_close(self.round, by=user)
            if name == "approve":
                return rounds.round_approve(self.round, by=user)
            if name == "appeal":
                return appeals.appeal_file(fresh, by=user, reasons="ขอทบทวน" if valid else "")
            if name == "decide":
                return appeals.appeal_decide(
                    fresh, by=user, upheld=False, reasons="ตามเดิม" if valid else ""
                )
            raise AssertionError(name)

        def apply(self, name, case, persona):
            """What the step does to the expected cases when it succeeds."""
            exp = self.expected[case.pk]
            may = MAY[name] & relations(world, persona, case.person)
            if name == "set_agreement":
                if exp.state != S.AGREEMENT:
                    exp.log.append("reopen_agreement")
                exp.state, exp.items = S.AGREEMENT, True
                exp.person_agreed = exp.evaluator_agreed = False
            elif name == "agree":
                setattr(exp, "person_agreed" if "person" in may else "evaluator_agreed", True)
                if exp.person_agreed and exp.evaluator_agreed:
                    exp.state = S.AGREED
                    exp.log.append("agree")
            elif name == "close_review":
                for other in self.expected.values():
                    other.state = S.SCREENED
                    other.log.append("screen")
                self.round_state = "screened"
            elif name == "approve":
                for other in self.expected.values():
                    other.state = S.APPROVED
                    other.log.append("approve")
                self.round_state = "approved"
            else:
                logged = {"appeal": "file_appeal", "decide": "decide_appeal"}.get(name, name)
                exp.state = EDGES[logged][1]
                exp.log.append(logged)
                if name in ("acknowledge", "decline"):
                    exp.answered = True
                if name == "send_back":
                    exp.answered = False

        def attempt(self, name, index, persona, valid):
            case = self.cases[index % len(self.cases)]
            allowed = self.allowed(name, case, persona, valid)
            before = snapshot()
            try:
                self.call(name, case, world[persona].user, valid)
            except ServiceError:
                assert not allowed, f"{persona} could not {name} ({valid=}) {self.expected}"
                assert snapshot() == before, f"a refused {name} by {persona} changed something"
                return
            assert allowed, f"{persona} took {name} ({valid=}) {self.expected[case.pk]}"
            assert MAY[name] & relations(world, persona, case.person), "not on the case"
            self.apply(name, case, persona)

        # --- the rules ----------------------------------------------------------------------
        @rule(name=st.sampled_from(STEPS), index=st.integers(0, 1),
              persona=st.sampled_from(PERSONAS), valid=st.booleans())  # fmt: skip
        def any_step(self, name, index, persona, valid):
            self.attempt(name, index, persona, valid)

        @rule(data=st.data(), index=st.integers(0, 1))
        def a_likely_step(self, data, index):
            """Mostly steps the specification allows, so walks reach the round's end; a detour
            (changing the agreement, sending back) now and then."""
            case = self.cases[index]
            possible = [
                (name, persona)
                for name in STEPS
                for persona in PERSONAS
                if self.allowed(name, case, persona, True)
            ]
            if data.draw(st.integers(0, 9)):  # a detour one time in ten
                possible = [(n, p) for n, p in possible if n not in DETOURS]
            if possible:
                name, persona = data.draw(st.sampled_from(possible))
                self.attempt(name, index, persona, True)

        @rule(data=st.data(), index=st.integers(0, 1))
        def another_likely_step(self, data, index):
            self.a_likely_step(data, index)

        @rule(index=st.integers(0, 1))
        def everyone_else_tries_every_possible_step(self, index):
            """Every step someone may take now, tried by everyone who may not, and by who may
            with bad input: all refused, and together they change nothing."""
            case = self.cases[index]
            before = snapshot()
            for name in STEPS:
                right = [p for p in PERSONAS if self.allowed(name, case, p, True)]
                if not right:
                    continue
                tries = [(p, True) for p in PERSONAS if p not in right]
                tries += [(p, False) for p in right if not self.allowed(name, case, p, False)]
                for persona, valid in tries:
                    try:
                        self.call(name, case, world[persona].user, valid)
                    except ServiceError:
                        continue
                    raise AssertionError(f"{persona} took {name} ({valid=}) from {case.pk}")
            assert snapshot() == before, "a refused step changed something"

        # --- the invariants -----------------------------------------------------------------
        @invariant()
        def states_move_only_along_the_edges(self):
            for case in self.cases:
                exp = self.expected[case.pk]
                assert EvaluationCase.objects.get(pk=case.pk).state == exp.state
                log = list(
                    TransitionLog.objects.filter(
                        content_type__model="evaluationcase", object_id=case.pk
                    )
                    .order_by("pk")
                    .values_list("transition", "from_state", "to_state")
                )
                reached = S.AGREEMENT
                for name, from_state, to_state in log:
                    sources, target = EDGES[name]
                    assert (from_state, to_state) == (reached, target), (name, from_state)
                    assert from_state in sources
                    reached = to_state
                assert reached == exp.state
                assert [entry[0] for entry in log] == exp.log
            assert EvaluationRound.objects.get(pk=self.round.pk).state == self.round_state
            REACHED.update(exp.state for exp in self.expected.values())

        @invariant()
        def the_audit_chain_verifies(self):
            assert audit.verify().ok

    return CaseWalk


# The long walks of `make chaos` outlast the suite's 300 s per test.
@pytest.mark.timeout(1800 if FULL else 300)
def test_every_case_step_follows_the_specification_whoever_tries_it(org, run):
    division = DepartmentFactory(code="DIV", name="ฝ่ายบริหารงานบุคคล", parent=org.office)
    boss = make_person("boss", unit=division)
    division.head = boss
    division.save()
    team = DepartmentFactory(code="TEAM", name="งานประเมินผล", parent=division, kind="section")
    world = {
        "staff0": make_person("staff0", unit=team),
        "staff1": make_person("staff1", unit=team),
        "boss": boss,
        "chief": org.head,
        "member": make_person("member", unit=org.other),
        "hr": org.clerk,
        "outsider": org.outsider,
        "executive": org.executive,
        "team": team,
        "criteria": publish(criteria_draft(org), org),
    }
    REACHED.clear()
    run_state_machine_as_test(
        machine_for(world),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=60 if FULL else 50,
            deadline=None,
            derandomize=not FULL,  # CI runs the same walks each time; `make chaos` new ones
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
    assert REACHED == set(S.values), f"the walks never reached {set(S.values) - REACHED}"
    record(
        f"Hypothesis walks of the evaluation case ({EXAMPLES} examples)",
        lost=0,
        duplicated=0,
        kind="EvaluationCase",
    )
