"""Target round-open (issue 16): HR opens an evaluation round for 10,000 people through the
product's service (evaluations.services.rounds.round_open: the cases, the evaluators' and the
people's notices, the audit events, committed) against the floor: the same case and notice rows
copied by bare INSERT … SELECT statements on the same connection (committed, removed untimed).
Also: the opening's statements at 100 and at 10,000 people (20 sections with a head each)."""

from django.db import connection, transaction
from django.utils import timezone

from evaluations.models import EvaluationCase, EvaluationRound
from evaluations.services import rounds
from hrflow.models import Department
from hrflow.thai import evaluation_round
from notifications.models import Notice
from personnel import services as hr_documents
from personnel.models import EvaluationCriteria
from workflows import services

from . import seed
from .measure import Result, counting_queries, stopwatch

SECTIONS = 20


def _tree(code, count, position):
    """A unit of `count` people in 20 sections, each section with a head (their evaluator) and
    the unit's head above them (the second level)."""
    top = Department.objects.create(code=code, name=f"สำนัก {code}")
    sections = [
        Department.objects.create(
            code=f"{code}{n:02d}", name=f"กลุ่ม {code}{n:02d}", parent=top, kind="section"
        )
        for n in range(SECTIONS)
    ]
    ids = seed.people(code.lower(), count + SECTIONS + 1, sections, position)
    top.head_id = ids[-1]
    top.save(update_fields=["head"])
    for section, head in zip(sections, ids[count:], strict=False):
        section.head_id = head
        section.save(update_fields=["head"])
    return top


def _criteria(world):
    year, number = evaluation_round(timezone.localdate())
    year, number = (year, 2) if number == 1 else (year + 1, 1)  # the next round: not started
    criteria = hr_documents.evaluation_criteria_create(
        by=world.clerk.user, fiscal_year=year, round=number,
        title=f"เกณฑ์การประเมินผลการปฏิบัติงาน รอบที่ {number}/{year}",
        employment_types=["civil_servant"],
    )  # fmt: skip
    for step, who in (("submit", world.clerk), ("approve", world.executive),
                      ("publish", world.executive)):  # fmt: skip
        criteria = services.apply_transition(criteria, step, by=who.user)
    return EvaluationCriteria.objects.get(pk=criteria.pk)


def _open(world, criteria, unit):
    with counting_queries() as counts, stopwatch() as took:
        round_, cases = rounds.round_open(by=world.clerk.user, criteria=criteria, unit=unit)
    return round_, len(cases), counts["n"], took["s"]


def _columns(model, **instead):
    names = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    return ", ".join(names), ", ".join(instead.get(n, n) for n in names)


def floor_of(round_) -> tuple[float, int]:
    """The baseline, whole: the round's cases and its notices copied by the database alone into
    a twin round (made untimed), one INSERT … SELECT each, committed; then removed (untimed)."""
    twin = EvaluationRound.objects.get(pk=round_.pk)
    twin.pk, twin.unit = None, Department.objects.create(code=f"TWIN{round_.pk}", name="twin")
    twin.save()
    case_cols, case_values = _columns(EvaluationCase, round_id="%(twin)s")
    notice_cols, notice_values = _columns(Notice, dedupe_key="dedupe_key || ':twin'")
    cases = f"INSERT INTO evaluations_evaluationcase ({case_cols}) SELECT {case_values} FROM evaluations_evaluationcase WHERE round_id = %(round)s"  # noqa: E501, S608
    notices = f"INSERT INTO notifications_notice ({notice_cols}) SELECT {notice_values} FROM notifications_notice WHERE dedupe_key LIKE %(keys)s"  # noqa: E501, S608
    params = {"twin": twin.pk, "round": round_.pk, "keys": f"msg:eval-round:{round_.pk}:%"}
    with stopwatch() as took, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(cases, params)
        rows = cursor.rowcount
        cursor.execute(notices, params)
        rows += cursor.rowcount
    with transaction.atomic():
        Notice.objects.filter(dedupe_key__startswith=f"msg:eval-round:{round_.pk}:",
                              dedupe_key__endswith=":twin").delete()  # fmt: skip
        EvaluationCase.objects.filter(round=twin).delete()
        twin.delete()
    return took["s"], rows


def run(world, big, small):
    criteria = _criteria(world)
    small_unit, big_unit = _tree("RS", small, world.position), _tree("RB", big, world.position)
    _r, small_cases, small_queries, _s = _open(world, criteria, small_unit)
    round_, cases, big_queries, seconds = _open(world, criteria, big_unit)
    floor_s, rows = floor_of(round_)
    same = small_queries == big_queries
    return Result(
        "round-open",
        seconds / floor_s,
        2,
        "<=",
        details={
            "cases": cases,
            "rows": rows,
            "seconds": round(seconds, 3),
            "floor_seconds": round(floor_s, 3),
            "queries_at_small": small_queries,
            "queries_at_big": big_queries,
            "small_cases": small_cases,
        },
        extra_ok=same,
        why=f"open a round of {cases:,}: {seconds:.2f} s vs INSERT … SELECT of the same "
        f"{rows:,} rows {floor_s:.2f} s; queries {small_queries} at {small_cases} and "
        f"{big_queries} at {cases:,}" + ("" if same else " (NOT the same)"),
    )
