"""The pages for what only the API did: deciding an appeal (upheld with new scores, or rejected)
and the second level's different score with its reason — forms on the case page — and the
auditor's case timeline with the score diffs. Every URL × role and relation; a refused request
writes nothing; bad input is a 400 with its message on the case page."""

import pytest

from evaluations.models import Appeal, CaseState
from evaluations.services import cases
from tests.evaluations.conftest import snapshot
from tests.evaluations.test_api_access import PERSONAS, expect, persona, through

pytestmark = pytest.mark.django_db


def scores(case, value):
    return {f"score-{item.pk}": str(value) for item in case.items.all()}


PAGES = [
    # (method, url, stage, expected, body)
    ("post", "/evaluations/cases/{case}/decide-appeal/", "appealed",
     expect(("executive", "second"), code=302),
     lambda c: {"decision": "rejected", "reasons": "ตามหลักฐาน"}),
    ("post", "/evaluations/cases/{case}/decide-appeal/", "appealed",
     expect(("executive", "second"), code=302),
     lambda c: {"decision": "upheld", "reasons": "หลักฐานเพิ่ม", **scores(c, 5)}),
    ("post", "/evaluations/cases/{case}/second-opinion/", "acknowledged",
     expect(("second",), code=302), lambda c: {"reason": "ผลงานเด่นกว่านี้", **scores(c, 5)}),
    # Auditors only (the admin too): everyone else 403 before anything is looked up.
    ("get", "/audit/evaluation-cases/{case}/", "scored",
     {p: 200 if p == "auditor" else 403 for p in PERSONAS}, None),
]  # fmt: skip


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    ("method", "url", "stage", "expected", "body"), PAGES,
    ids=[f"{m} {u} {n}" for n, (m, u, *_) in enumerate(PAGES)],
)  # fmt: skip
def test_every_new_page_answers_each_role_and_relation(
    opened, as_, method, url, stage, expected, body, who
):
    through(opened, stage)
    client = as_(persona(opened, who))
    before = snapshot()
    response = getattr(client, method)(
        url.format(case=opened.case.pk), data=body(opened.case) if body else {}
    )
    if who == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == expected[who]
    if response.status_code != 302 or who == "anonymous":
        assert snapshot() == before


def test_an_upheld_appeal_on_the_page_gives_the_new_scores_result_and_tells_both(opened, as_):
    through(opened, "appealed")
    case = opened.case
    response = as_(opened.org.executive).post(
        f"/evaluations/cases/{case.pk}/decide-appeal/",
        {"decision": "upheld", "reasons": "มีหลักฐานเพิ่มเติม", **scores(case, 5)},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    appeal = Appeal.objects.get(case=case)
    assert (case.state, str(case.total), case.level) == (CaseState.APPEAL_DECIDED, "100.00", "ดีเด่น")
    assert (appeal.decision, appeal.decision_reasons, str(appeal.previous_total)) == (
        "upheld",
        "มีหลักฐานเพิ่มเติม",
        "80.00",
    )
    page = as_(case.person).get(f"/evaluations/cases/{case.pk}/").content.decode()
    assert "มีหลักฐานเพิ่มเติม" in page


def test_a_rejected_appeal_keeps_the_scores(opened, as_):
    through(opened, "appealed")
    case = opened.case
    as_(opened.org.executive).post(
        f"/evaluations/cases/{case.pk}/decide-appeal/",
        {"decision": "rejected", "reasons": "ไม่มีหลักฐานใหม่", **scores(case, 5)},
    )
    case.refresh_from_db()
    assert (case.state, str(case.total)) == (CaseState.APPEAL_DECIDED, "80.00")
    assert case.appeal.decision == "rejected"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"decision": "", "reasons": "เหตุผล"}, "upheld or rejected"),
        ({"decision": "maybe", "reasons": "เหตุผล"}, "upheld or rejected"),
        ({"decision": "upheld", "reasons": "เหตุผล"}, "is not a number"),
        ({"decision": "upheld", "reasons": "เหตุผล", "scores": 9}, "whole number from 1 to 5"),
        ({"decision": "rejected", "reasons": "  "}, "reasons of the decision"),
    ],
)
def test_a_bad_appeal_decision_is_a_400_on_the_case_page_and_changes_nothing(
    opened, as_, body, message
):
    through(opened, "appealed")
    case = opened.case
    if body.pop("scores", None):
        body.update(scores(case, 9))
    before = snapshot()
    response = as_(opened.org.executive).post(f"/evaluations/cases/{case.pk}/decide-appeal/", body)
    assert response.status_code == 400
    assert message in response.content.decode() and b"data-error" in response.content
    assert snapshot() == before


def test_the_second_level_gives_a_different_score_with_its_reason(opened, as_):
    through(opened, "acknowledged")
    case = opened.case
    response = as_(opened.chief).post(
        f"/evaluations/cases/{case.pk}/second-opinion/",
        {"reason": "ผลงานโดดเด่นกว่าที่ประเมิน", **scores(case, 5)},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, str(case.total), case.second_level_note) == (
        CaseState.REVIEWED,
        "100.00",
        "ผลงานโดดเด่นกว่าที่ประเมิน",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [({"reason": ""}, "reason for the different score"), ({"reason": "เหตุผล"}, "not a number")],
)
def test_a_different_score_without_a_reason_or_scores_is_a_400(opened, as_, body, message):
    through(opened, "acknowledged")
    case = opened.case
    if body["reason"] == "":
        body.update(scores(case, 5))
    before = snapshot()
    response = as_(opened.chief).post(f"/evaluations/cases/{case.pk}/second-opinion/", body)
    assert response.status_code == 400 and message in response.content.decode()
    assert snapshot() == before


def test_the_case_page_shows_each_form_only_to_who_may_use_it(opened, as_):
    through(opened, "acknowledged")
    url = f"/evaluations/cases/{opened.case.pk}/"
    assert 'data-form="second-opinion"' in as_(opened.chief).get(url).content.decode()
    for other in (opened.boss, opened.staff[0], opened.member, opened.hr):
        assert 'data-form="second-opinion"' not in as_(other).get(url).content.decode()


def test_the_auditor_reads_every_step_and_each_score_change_by_indicator_name(opened, as_):
    through(opened, "acknowledged")
    case = opened.case
    cases.second_level_review(
        case, by=opened.chief.user, reason="ควรสูงกว่านี้",
        scores={item.pk: 5 for item in case.items.all()},
    )  # fmt: skip
    page = as_(opened.org.auditor).get(f"/audit/evaluation-cases/{case.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    for item in case.items.all():
        assert item.name in html
        assert f">#{item.pk}<" not in html
    diff = html.split("data-score-diff")
    # Scored (— → 4 for each indicator), then the second level's 4 → 5.
    assert ">—</td>" in diff[1] and "<ins>4</ins>" in diff[1]
    assert "<del>4</del>" in diff[2] and "<ins>5</ins>" in diff[2]
    assert "<del>80 (ดีมาก)</del> → <ins>100 (ดีเด่น)</ins>" in html
    assert "ควรสูงกว่านี้" in html
    assert opened.boss.full_name in html and opened.chief.full_name in html  # who, by name
    for step in ("Agree", "Score", "Acknowledge", "Second-level review"):
        assert f"<strong data-heading>{step}:" in html


def test_the_auditor_timeline_shows_an_agreement_change_line_by_line(opened, as_):
    through(opened, "drafted")
    case = opened.case
    cases.agreement_set(
        case, by=opened.boss.user,
        items=[{"component": 0, "name": "ตัวชี้วัดใหม่", "target": "ครบ", "weight": 100},
               {"component": 1, "name": "การมุ่งผลสัมฤทธิ์", "target": "ระดับ 3", "weight": 100}],
    )  # fmt: skip
    html = as_(opened.org.auditor).get(f"/audit/evaluation-cases/{case.pk}/").content.decode()
    assert "<ins>ตัวชี้วัดใหม่ · ครบ · 100</ins>" in html
    assert "<del>สรุปผลการประเมินทันเวลา · ภายใน 15 วัน · 40</del>" in html


def test_an_unknown_case_is_a_404_for_the_auditor(opened, as_):
    assert as_(opened.org.auditor).get("/audit/evaluation-cases/999999/").status_code == 404
