"""Every /api/evaluations/ URL × every role and relation: self, evaluator, second level,
committee, a colleague in the same round, an outsider, HR, the auditor, an executive and
anonymous. A refused request writes nothing."""

import pytest

from evaluations.services import appeals, cases, rounds
from tests.evaluations.conftest import ITEMS, agreed, scores_of, snapshot

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous", "self", "evaluator", "second", "committee", "colleague", "outsider", "hr",
    "auditor", "executive",
)  # fmt: skip


def persona(world, name):
    return {
        "anonymous": None,
        "self": world.staff[0],
        "evaluator": world.boss,
        "second": world.chief,
        "committee": world.member,
        "colleague": world.staff[1],
        "outsider": world.org.outsider,
        "hr": world.hr,
        "auditor": world.org.auditor,
        "executive": world.org.executive,
    }[name]


def through(world, stage):
    """Drive the round (all five cases) to a stage."""
    stages = ["open", "drafted", "agreed", "scored", "acknowledged", "reviewed", "screened",
              "approved", "appealed"]  # fmt: skip
    upto = stages.index(stage)
    every = list(world.cases.values())
    if upto >= 1:
        for case in every:
            cases.agreement_set(case, by=world.boss.user, items=ITEMS)
    if upto >= 2:
        for case in every:
            agreed(world, case)
    if upto >= 3:
        for case in every:
            cases.case_score(
                case, by=world.boss.user, scores=scores_of(case, 4, 4, 4), idp=["อบรม"]
            )
    if upto >= 4:
        for case in every:
            cases.result_acknowledge(case, by=case.person.user)
    if upto >= 5:
        for case in every:
            cases.second_level_review(case, by=world.chief.user)
    if upto >= 6:
        rounds.committee_close(world.round, by=world.member.user)
    if upto >= 7:
        rounds.round_approve(world.round, by=world.org.executive.user)
    if upto >= 8:
        appeals.appeal_file(world.case, by=world.case.person.user, reasons="ขอทบทวน")


def expect(ok, *, hidden=("colleague", "outsider"), code=200):
    """`ok` succeed; who cannot see the thing gets 404; anyone else logged in 403."""
    return {
        p: code if p in ok else 403 if p == "anonymous" else 404 if p in hidden else 403
        for p in PERSONAS
    }


ROUND_HIDDEN = ("outsider",)  # a colleague has a case in the round: they know it exists
CASE_READERS = ("self", "evaluator", "second", "committee", "hr", "auditor", "executive")


def item_scores(world):
    return {str(k): v for k, v in scores_of(world.case, 5, 5, 5).items()}


URLS = [
    # (method, url, body, stage, expected)
    ("get", "/api/evaluations/rounds/", None, "open", expect(PERSONAS[1:], hidden=())),
    ("get", "/api/evaluations/rounds/{round}/", None, "open",
     expect(set(PERSONAS[1:]) - {"outsider"}, hidden=ROUND_HIDDEN)),
    ("post", "/api/evaluations/rounds/", lambda w: {"criteria": w.criteria.pk, "unit": w.team.pk},
     "open", expect(("hr",), hidden=(), code=201)),
    ("post", "/api/evaluations/rounds/{round}/committee/",
     lambda w: {"members": [w.member.pk]}, "open", expect(("hr",), hidden=ROUND_HIDDEN)),
    ("post", "/api/evaluations/rounds/{round}/newcomers/", None, "open",
     expect(("hr",), hidden=ROUND_HIDDEN)),
    ("post", "/api/evaluations/rounds/{round}/close-review/", None, "reviewed",
     expect(("committee",), hidden=ROUND_HIDDEN)),
    ("post", "/api/evaluations/rounds/{round}/approve/", None, "screened",
     expect(("executive", "second"), hidden=ROUND_HIDDEN)),
    ("post", "/api/evaluations/rounds/{round}/announce/", None, "approved",
     expect(("hr",), hidden=ROUND_HIDDEN)),
    ("get", "/api/evaluations/cases/", None, "open", expect(PERSONAS[1:], hidden=())),
    ("get", "/api/evaluations/cases/{case}/", None, "open", expect(CASE_READERS)),
    ("get", "/api/evaluations/cases/{case}/history/", None, "agreed", expect(CASE_READERS)),
    ("put", "/api/evaluations/cases/{case}/agreement/", lambda w: {"items": ITEMS}, "open",
     expect(("self", "evaluator"))),
    ("post", "/api/evaluations/cases/{case}/agree/", None, "drafted",
     expect(("self", "evaluator"))),
    ("post", "/api/evaluations/cases/{case}/self-assessment/",
     lambda w: {"scores": item_scores(w)}, "agreed", expect(("self",))),
    ("post", "/api/evaluations/cases/{case}/scores/",
     lambda w: {"scores": item_scores(w), "idp": ["อบรม"]}, "agreed", expect(("evaluator",))),
    ("post", "/api/evaluations/cases/{case}/evaluator/",
     lambda w: {"evaluator": w.chief.pk, "reason": "ลา"}, "open", expect(("hr",))),
    ("post", "/api/evaluations/cases/{case}/steps/acknowledge/", None, "scored",
     expect(("self",))),
    ("post", "/api/evaluations/cases/{case}/steps/decline/", lambda w: {"witness": "นายพยาน"},
     "scored", expect(("evaluator",))),
    ("post", "/api/evaluations/cases/{case}/steps/review/", None, "acknowledged",
     expect(("second",))),
    ("post", "/api/evaluations/cases/{case}/steps/send-back/", lambda w: {"reason": "ไม่ครบ"},
     "reviewed", expect(("committee",))),
    ("post", "/api/evaluations/cases/{case}/appeal/", lambda w: {"reasons": "ขอทบทวน"},
     "approved", expect(("self",))),
    ("post", "/api/evaluations/cases/{case}/appeal/decision/",
     lambda w: {"upheld": False, "reasons": "ตามหลักฐาน"}, "appealed",
     expect(("executive", "second"))),
]  # fmt: skip


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    ("method", "url", "body", "stage", "expected"), URLS, ids=[f"{m} {u}" for m, u, *_ in URLS]
)
def test_every_evaluation_url_answers_each_role_and_relation(
    opened, as_, method, url, body, stage, expected, who
):
    through(opened, stage)
    client = as_(persona(opened, who))
    before = snapshot()
    response = getattr(client, method)(
        url.format(round=opened.round.pk, case=opened.case.pk),
        data=body(opened) if body else {},
        content_type="application/json",
    )
    assert response.status_code == expected[who], response.content
    assert "detail" in response.json() or response.status_code < 300
    if response.status_code >= 400 or method == "get":
        assert snapshot() == before


@pytest.mark.parametrize(
    ("who", "count"),
    [("self", 1), ("colleague", 1), ("evaluator", 5), ("second", 5), ("committee", 5),
     ("outsider", 0), ("hr", 5), ("auditor", 5)],
)  # fmt: skip
def test_the_case_list_shows_only_the_cases_one_is_on(opened, as_, who, count):
    response = as_(persona(opened, who)).get("/api/evaluations/cases/")
    assert response.json()["count"] == count


def test_the_api_is_in_the_openapi_schema(org, as_):
    schema = as_(org.clerk).get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/evaluations/rounds/", "/api/evaluations/cases/{id}/scores/",
                 "/api/evaluations/cases/{id}/appeal/decision/"):  # fmt: skip
        assert path in schema
