"""The demo's evaluation rounds (evaluations/): last fiscal year's two rounds for the office of
the permanent secretary, completed — every agreement agreed, every case scored, answered,
reviewed, screened, approved and announced, one appeal decided — and the current round for
the permanent workers of the whole agency in progress, its cases at different steps.

Everything goes through the evaluation services, so the log, the audit chain and the notices are
real; last year's rounds are then dated back into their year (the cases' and rounds' dates and
the workflow log — the audit chain keeps the time it was written, it is never rewritten), so the
measure-6 statement of the integrity report counts them where they belong.

The rounds are built from the demo's published criteria (demo/reports.py for last year,
demo/measure6.py for the current round): their components' items are the indicators."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from evaluations.models import Appeal, EvaluationCase, EvaluationRound, IdpLine
from evaluations.services import appeals, cases, rounds
from hrflow.models import Department
from hrflow.thai import evaluation_round
from personnel.models import EvaluationCriteria
from workflows.models import State, TransitionLog

# Last year's rounds evaluate this office and the units below it; the current one everyone its
# criteria cover (the whole agency).
PAST_SCOPE = "PAL"
CURRENT_SCOPE = "PAO"
COMMITTEE = ("HR", "FIN")  # the heads of these offices screen every round
TARGETS = ("ร้อยละ 100 ของแผนงานที่ได้รับมอบหมาย", "ไม่มีข้อผิดพลาดที่ต้องแก้ไข", "ระดับ 3")
IDP = (
    "อบรมหลักสูตรการบริหารโครงการและการติดตามผล",
    "ศึกษาดูงานการให้บริการแบบเบ็ดเสร็จ ณ หน่วยงานต้นแบบ",
    "เรียนรู้การใช้ระบบสารบรรณอิเล็กทรอนิกส์ขั้นสูง",
)
# Each person's scores per indicator, in turn: every level of the scheme is reached.
SCORE_PATTERNS = (
    (5, 5, 5, 5, 4), (4, 5, 4, 4, 4), (4, 4, 3, 4, 4), (3, 4, 3, 3, 4), (3, 3, 3, 3, 3),
)  # fmt: skip
WITNESS = "นางสาวจิราพร ศรีวิชัย เจ้าพนักงานธุรการ"
DECLINE_NOTE = "ผู้รับการประเมินไม่ประสงค์ลงนามรับทราบผล"
SECOND_LEVEL_REASON = "ผลงานโครงการปรับปรุงระบบงานสารบรรณเกินเป้าหมาย เห็นควรเพิ่มคะแนน"
SEND_BACK_REASON = "โปรดแนบหลักฐานผลงานตัวชี้วัดที่ 1 ให้ครบถ้วนก่อนพิจารณา"
APPEAL_REASONS = "ขอให้ทบทวนคะแนนตัวชี้วัดด้านคุณภาพของงาน เนื่องจากมีหลักฐานผลงานเพิ่มเติม"
APPEAL_DECISION = "พิจารณาหลักฐานเพิ่มเติมแล้ว เห็นควรปรับคะแนนตัวชี้วัดด้านคุณภาพของงาน"


def seed(people, year: int) -> list[EvaluationRound]:
    """Last fiscal year (`year`, BE) completed and the current round in progress."""
    clerk = people["clerk"].user
    executive = people["executive"].user
    committee = [_unit(code).head for code in COMMITTEE]
    made = []
    for number in (1, 2):
        criteria = _published(year, number, "civil_servant")
        if criteria is None:
            continue
        round_, opened = rounds.round_open(
            by=clerk, criteria=criteria, unit=_unit(PAST_SCOPE), committee=committee
        )
        _complete(round_, opened, committee[0].user, executive, clerk, appeal=number == 1)
        _date_back(round_)
        made.append(round_)
    current = _current(people, committee, clerk)
    return made + ([current] if current else [])


def _unit(code):
    return Department.objects.get(code=code)


def _published(year, number, employment_type):
    published = EvaluationCriteria.objects.filter(
        fiscal_year=year, round=number, state=State.PUBLISHED
    ).order_by("pk")
    # In Python: SQLite has no JSON containment lookup.
    return next((c for c in published if employment_type in c.employment_types), None)


def _items(criteria):
    """The criteria's components' items as the agreement's indicators."""
    return [
        {
            "component": index,
            "name": item["name"],
            "target": TARGETS[2] if index else TARGETS[position % 2],
            "weight": item["weight"],
        }
        for index, component in enumerate(criteria.components)
        for position, item in enumerate(component["items"])
    ]


def _scores(case, index):
    pattern = SCORE_PATTERNS[index % len(SCORE_PATTERNS)]
    items = case.items.order_by("component", "position")
    return {
        item.pk: {"score": pattern[n % len(pattern)], "comment": "ตามหลักฐานผลการปฏิบัติงาน"}
        for n, item in enumerate(items)
    }


def _agree(case, items):
    case = cases.agreement_set(case, by=case.evaluator.user, items=items)
    case = cases.agreement_agree(case, by=case.evaluator.user)
    return cases.agreement_agree(case, by=case.person.user)


def _score(case, index):
    return cases.case_score(
        case, by=case.evaluator.user, scores=_scores(case, index), idp=[IDP[index % len(IDP)]]
    )


def _review(case, executive, *, other=None):
    by = case.second_level.user if case.second_level_id else executive
    if other is None:
        return cases.second_level_review(case, by=by)
    return cases.second_level_review(case, by=by, scores=other, reason=SECOND_LEVEL_REASON)


def _complete(round_, opened, member, executive, clerk, *, appeal):
    """Every case to the announcement; one declined and witnessed, one given a different score
    by the second level; in round 1 one case sent back by the committee and one appeal upheld."""
    items = _items(round_.criteria)
    opened = sorted(opened, key=lambda c: c.person.staff_id)
    for index, case in enumerate(opened):
        case = _agree(case, items)
        case = _score(case, index)
        if index == 2:
            case = cases.result_decline(case, by=case.evaluator.user, witness=WITNESS,
                                        note=DECLINE_NOTE)  # fmt: skip
        else:
            case = cases.result_acknowledge(case, by=case.person.user)
        better = _scores(case, 0) if index == 4 else None
        _review(case, executive, other=better)
    if appeal:
        sent = opened[1]
        rounds.committee_send_back(sent, by=member, reason=SEND_BACK_REASON)
        sent = _score(sent, 1)
        sent = cases.result_acknowledge(sent, by=sent.person.user)
        _review(sent, executive)
    rounds.committee_close(round_, by=member)
    rounds.round_approve(round_, by=executive)
    rounds.round_announce(round_, by=clerk)
    if appeal:
        case = opened[3]
        appeals.appeal_file(case, by=case.person.user, reasons=APPEAL_REASONS)
        appeals.appeal_decide(
            case, by=executive, upheld=True, reasons=APPEAL_DECISION, scores=_scores(case, 1)
        )


def _at(day: dt.date, hour=10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _date_back(round_):
    """The round's days in its own half-year: agreements before it starts (two late), scores and
    answers before it ends, approval two weeks after (never after yesterday), the appeal soon
    after the announcement."""
    start, end = round_.starts_on, round_.ends_on
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    approved = min(end + dt.timedelta(days=14), yesterday)
    days = {
        "opened": start - dt.timedelta(days=20),
        "agree": start - dt.timedelta(days=5),
        "late_agree": start + dt.timedelta(days=10),
        "score": end - dt.timedelta(days=10),
        "answer": end - dt.timedelta(days=7),
        "review": end - dt.timedelta(days=4),
        "screen": end - dt.timedelta(days=1),
        "approve": approved,
        "appeal": approved,
    }
    at = {name: _at(day) for name, day in days.items()}
    ids = list(round_.cases.order_by("person__staff_id").values_list("pk", flat=True))
    late = ids[-2:]
    both = {"person_agreed_at": at["agree"], "evaluator_agreed_at": at["agree"]}
    round_.cases.update(
        agreed_at=at["agree"], scored_at=at["score"], answered_at=at["answer"],
        approved_at=at["approve"], created_at=at["opened"], **both,
    )  # fmt: skip
    round_.cases.filter(pk__in=late).update(
        agreed_at=at["late_agree"], person_agreed_at=at["late_agree"],
        evaluator_agreed_at=at["late_agree"],
    )  # fmt: skip
    EvaluationRound.objects.filter(pk=round_.pk).update(
        opened_at=at["opened"], screened_at=at["screen"], approved_at=at["approve"],
        announced_at=_at(days["approve"], 14),
    )  # fmt: skip
    IdpLine.objects.filter(case__round=round_).update(at=at["score"])
    Appeal.objects.filter(case__round=round_).update(
        filed_at=_at(days["appeal"], 15), decided_at=_at(days["appeal"], 16)
    )
    steps = {
        "agree": at["agree"], "reopen_agreement": at["agree"], "self_assess": at["score"],
        "score": at["score"], "acknowledge": at["answer"], "decline": at["answer"],
        "review": at["review"], "send_back": at["screen"] - dt.timedelta(days=2),
        "screen": at["screen"], "approve": at["approve"], "file_appeal": _at(days["appeal"], 15),
        "decide_appeal": _at(days["appeal"], 16),
    }  # fmt: skip
    case_type = ContentType.objects.get_for_model(EvaluationCase)
    round_type = ContentType.objects.get_for_model(EvaluationRound)
    for name, when in steps.items():
        TransitionLog.objects.filter(
            content_type=case_type, object_id__in=ids, transition=name
        ).update(at=when)
    TransitionLog.objects.filter(
        content_type=case_type, object_id__in=late, transition="agree"
    ).update(at=at["late_agree"])
    TransitionLog.objects.filter(content_type=round_type, object_id=round_.pk).filter(
        transition="close_review"
    ).update(at=at["screen"])
    TransitionLog.objects.filter(
        content_type=round_type, object_id=round_.pk, transition="approve"
    ).update(at=at["approve"])


# The current round: how far each person's case has got, in turn.
CURRENT_STEPS = ("open", "drafted", "agreed", "self_assessed", "scored", "acknowledged",
                 "reviewed")  # fmt: skip


def _current(people, committee, clerk):
    """The round of today (the demo's published criteria for it cover the permanent workers),
    its cases at every step up to the second level's review."""
    year, number = evaluation_round(timezone.localdate())
    criteria = _published(year, number, "permanent_worker")
    if criteria is None:
        return None
    round_, opened = rounds.round_open(
        by=clerk, criteria=criteria, unit=_unit(CURRENT_SCOPE), committee=committee
    )
    items = _items(criteria)
    executive = people["executive"].user
    for index, case in enumerate(sorted(opened, key=lambda c: c.person.staff_id)):
        step = CURRENT_STEPS[index % len(CURRENT_STEPS)]
        if step == "open":
            continue
        if step == "drafted":
            cases.agreement_set(case, by=case.evaluator.user, items=items)
            continue
        case = _agree(case, items)
        if step == "agreed":
            continue
        if step == "self_assessed":
            cases.self_assess(case, by=case.person.user, scores=_scores(case, index))
            continue
        case = _score(case, index)
        if step == "scored":
            continue
        case = cases.result_acknowledge(case, by=case.person.user)
        if step == "reviewed":
            _review(case, executive)
    return round_
