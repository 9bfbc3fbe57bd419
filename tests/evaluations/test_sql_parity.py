"""Opening a round: the PostgreSQL statements (the cases by one INSERT … SELECT, each notify()
by another) against the ORM path SQLite takes, in the style of
tests/notifications/test_sql_parity.py. On PostgreSQL both ways run for the same inputs, each in
a savepoint rolled back, and every column of every case and notice written is compared; on any
backend the cases are checked against an independent reading of the organisation tree."""

import pytest
from django.db import transaction

from evaluations.models import EvaluationCase
from evaluations.services import rounds
from hrflow import sql_paths
from hrflow.models import Employee
from notifications.models import LineLink, Notice
from tests.factories import DepartmentFactory, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(world, settings):
    """The world's team with a head of its own (staff0), the division headed by one of the team
    (staff1: the second head of the team's chain), an inactive person, a contract worker, a
    sub-unit already evaluated in this round (another scope); every channel on, one person
    without an address and one with LINE."""
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp", "email", "line"]
    staff = world.staff
    world.team.head = staff[0]
    world.team.save()
    world.division.head = staff[1]
    world.division.save()
    staff[2].user.is_active = False
    staff[2].user.save()
    Employee.objects.filter(pk=staff[3].pk).update(employment_type="contract")
    staff[4].user.email = ""
    staff[4].user.save()
    LineLink.objects.create(employee=world.boss, line_user_id="U" + "b" * 32)
    sub = DepartmentFactory(code="SUB", name="งานย่อย", parent=world.team, kind="section")
    world.sub_person = make_person("subperson", unit=sub)
    rounds.round_open(by=world.hr.user, criteria=world.criteria, unit=sub)
    return world


def expected_cases(world) -> dict[int, tuple]:
    """Person: (evaluator, second level), read from the tree by hand."""
    staff, chief = world.staff, world.chief
    return {
        world.boss.pk: (staff[1].pk, chief.pk),  # the division's head is staff1
        staff[0].pk: (staff[1].pk, chief.pk),  # the team's own head: the heads above
        staff[1].pk: (staff[0].pk, chief.pk),  # the second head of the chain
        staff[4].pk: (staff[0].pk, staff[1].pk),
    }


def opened_rows(round_) -> tuple[list[dict], list[dict]]:
    """The round's cases and its notices, every column, ids replaced by what they stand for."""
    cases = []
    for case in EvaluationCase.objects.filter(round=round_).order_by("pk"):
        values = {f.attname: getattr(case, f.attname) for f in case._meta.concrete_fields}
        values.pop("id")
        values["round_id"] = "the round"
        values["created_at"] = values["created_at"] is not None
        cases.append(values)
    notices = []
    key = f"eval-round:{round_.pk}:"
    for notice in Notice.objects.filter(dedupe_key__contains=key).order_by("pk"):
        values = {f.attname: getattr(notice, f.attname) for f in notice._meta.concrete_fields}
        values.pop("id")
        values["dedupe_key"] = values["dedupe_key"].replace(key, "eval-round:R:")
        values["created_at"] = values["created_at"] is not None
        notices.append(values)
    return cases, notices


def open_division(world):
    round_, cases = rounds.round_open(by=world.hr.user, criteria=world.criteria,
                                      unit=world.division)  # fmt: skip
    returned = [(c.person_id, c.evaluator_id, c.second_level_id, c.state, c.version)
                for c in cases]  # fmt: skip
    return returned, opened_rows(round_)


def test_opening_a_round_gives_each_person_in_scope_the_evaluators_of_the_tree(tree):
    returned, (cases, notices) = open_division(tree)
    expected = expected_cases(tree)
    assert [(p, e, s) for p, e, s, _state, _version in returned] == [
        (person, *expected[person]) for person in sorted(expected)
    ]
    assert {c["person_id"]: (c["evaluator_id"], c["second_level_id"]) for c in cases} == expected
    assert all((c["state"], c["version"], c["component_scores"]) == ("agreement", 1, [])
               for c in cases)  # fmt: skip
    people = {(n["recipient_id"], n["channel"]) for n in notices if not n["text"]}
    assert people == (
        {(pk, "inapp") for pk in expected}
        | {(pk, "email") for pk in expected if pk != tree.staff[4].pk}
        | {(tree.boss.pk, "line")}
    )
    evaluators = {n["recipient_id"] for n in notices if n["text"]}
    assert evaluators == {tree.staff[0].pk, tree.staff[1].pk}


@pytest.mark.postgres
def test_the_round_statements_write_the_rows_the_orm_path_writes(tree, settings):
    results = {}
    for statements in (False, True):
        settings.HRFLOW_POSTGRES_STATEMENTS = statements
        assert sql_paths.in_database() is statements
        with transaction.atomic():
            results[statements] = open_division(tree)
            transaction.set_rollback(True)
    (orm_returned, (orm_cases, orm_notices)) = results[False]
    (sql_returned, (sql_cases, sql_notices)) = results[True]
    assert sql_returned == orm_returned
    assert sql_cases == orm_cases
    assert sql_notices == orm_notices
    # What is compared is there: four cases, notices to people and evaluators on 3 channels.
    assert len(orm_cases) == 4
    assert {n["channel"] for n in orm_notices} == {"inapp", "email", "line"}


COMPARED = ("recipient_id", "channel", "subject", "text", "link", "kind", "dedupe_key", "status",
            "attempts", "lease_token", "last_error", "acknowledgement_id")  # fmt: skip


@pytest.mark.postgres
def test_notify_statement_skips_keys_already_written_as_the_orm_path_does(tree, settings):
    from notifications.services import outbox

    ids = [tree.boss.pk, *(p.pk for p in tree.staff)]
    outbox.notify(ids[:2], subject="ก่อน", key="parity-notify")
    results = {}
    for statements in (False, True):
        settings.HRFLOW_POSTGRES_STATEMENTS = statements
        with transaction.atomic():
            written = outbox.notify(ids, subject="เรื่อง " * 80, text="ข้อความ", link="/x",
                                    key="parity-notify")  # fmt: skip
            results[statements] = list(
                Notice.objects.filter(pk__in=written).order_by("pk").values(*COMPARED)
            )
            transaction.set_rollback(True)
    assert results[True] == results[False]
    assert {r["recipient_id"] for r in results[False]} == set(ids[2:])
    assert all(len(r["subject"]) == 300 for r in results[False])
