"""The evaluation pages: every URL × role and relation (a refused request writes nothing), the
query count of HR's progress and the committee's page flat from 10 to 1,000 cases, and the
export's cells."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from evaluations.models import CaseState, EvaluationCase
from evaluations.services import rounds
from tests.charts import bars_of, charts_in, texts_of
from tests.evaluations.conftest import snapshot
from tests.evaluations.test_api_access import PERSONAS, ROUND_HIDDEN, expect, persona, through
from tests.factories import bulk_people, criteria_draft, next_round
from tests.hr_world import publish

pytestmark = pytest.mark.django_db

FOLLOWERS = ("second", "committee", "hr", "auditor", "executive")  # second is an executive
ANNOUNCED_TO = set(PERSONAS[1:])

CASE_READERS = ("self", "evaluator", "second", "committee", "hr", "auditor", "executive")
AGREEMENT_TEXT = "1 | ทะเบียนประวัติ | 100 % | 60\n1 | สรุปผล | 15 วัน | 40\n2 | สมรรถนะ | ระดับ 3 | 100"

PAGES = [
    ("get", "/evaluations/", "open", expect(PERSONAS[1:], hidden=()), None),
    ("get", "/evaluations/rounds/new/", "open", expect(("hr",), hidden=()), None),
    ("post", "/evaluations/rounds/new/", "open", expect(("hr",), hidden=(), code=400), {}),
    ("get", "/evaluations/rounds/{round}/", "open", expect(FOLLOWERS, hidden=ROUND_HIDDEN), None),
    ("get", "/evaluations/rounds/{round}/progress.csv", "open",
     {**expect(FOLLOWERS, hidden=ROUND_HIDDEN), "self": 404, "evaluator": 404, "colleague": 404},
     None),
    ("get", "/evaluations/rounds/{round}/progress.xlsx", "open",
     {**expect(FOLLOWERS, hidden=ROUND_HIDDEN), "self": 404, "evaluator": 404, "colleague": 404},
     None),
    ("get", "/evaluations/rounds/{round}/announcement/", "announced",
     expect(ANNOUNCED_TO, hidden=()), None),
    ("post", "/evaluations/rounds/{round}/newcomers/", "open",
     expect(("hr",), hidden=ROUND_HIDDEN, code=302), {}),
    ("post", "/evaluations/rounds/{round}/close-review/", "reviewed",
     expect(("committee",), hidden=ROUND_HIDDEN, code=302), {}),
    ("post", "/evaluations/rounds/{round}/approve/", "screened",
     expect(("executive", "second"), hidden=ROUND_HIDDEN, code=302), {}),
    ("post", "/evaluations/rounds/{round}/announce/", "approved",
     expect(("hr",), hidden=ROUND_HIDDEN, code=302), {}),
    ("get", "/evaluations/cases/{case}/", "scored",
     expect(("self", "evaluator", "second", "committee", "hr", "auditor", "executive")), None),
    ("get", "/evaluations/cases/{case}/agreement/", "open",
     expect(CASE_READERS), None),
    ("post", "/evaluations/cases/{case}/agreement/", "open",
     expect(("self", "evaluator"), code=302),
     {"items": AGREEMENT_TEXT}),
    ("get", "/evaluations/cases/{case}/scores/", "agreed",
     expect(CASE_READERS), None),
    ("post", "/evaluations/cases/{case}/scores/", "agreed", expect(("evaluator",), code=302),
     "scores"),
    ("post", "/evaluations/cases/{case}/agree/", "drafted",
     expect(("self", "evaluator"), code=302), {}),
    ("post", "/evaluations/cases/{case}/acknowledge/", "scored", expect(("self",), code=302), {}),
    ("post", "/evaluations/cases/{case}/decline/", "scored", expect(("evaluator",), code=302),
     {"witness": "นายพยาน"}),
    ("post", "/evaluations/cases/{case}/review/", "acknowledged",
     expect(("second",), code=302), {}),
    ("post", "/evaluations/cases/{case}/send-back/", "reviewed",
     expect(("committee",), code=302), {"reason": "ไม่ครบ"}),
    ("post", "/evaluations/cases/{case}/appeal/", "approved", expect(("self",), code=302),
     {"reasons": "ขอทบทวน"}),
    ("post", "/evaluations/cases/{case}/reject-appeal/", "appealed",
     expect(("executive", "second"), code=302), {"reasons": "ตามหลักฐาน"}),
]  # fmt: skip


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    ("method", "url", "stage", "expected", "body"), PAGES, ids=[f"{m} {u}" for m, u, *_ in PAGES]
)
def test_every_evaluation_page_answers_each_role_and_relation(
    opened, as_, method, url, stage, expected, body, who
):
    if stage == "announced":
        through(opened, "approved")
        rounds.round_announce(opened.round, by=opened.hr.user)
    else:
        through(opened, stage)
    client = as_(persona(opened, who))
    if body == "scores":
        body = {f"score-{item.pk}": "4" for item in opened.case.items.all()} | {"idp": "อบรม"}
    before = snapshot()
    response = getattr(client, method)(
        url.format(round=opened.round.pk, case=opened.case.pk), data=body or {}
    )
    status = response.status_code
    if who == "anonymous":
        assert status == 302 and "/login/" in response["Location"]
        assert snapshot() == before
        return
    assert status == expected[who]
    if status != 302:
        assert snapshot() == before


def test_a_step_refused_by_the_service_is_shown_on_the_case_page_with_its_status(opened, as_):
    through(opened, "scored")
    response = as_(opened.staff[0]).post(f"/evaluations/cases/{opened.case.pk}/decline/")
    assert response.status_code == 403
    assert b"data-error" in response.content


def test_the_evaluator_scores_on_the_page_and_a_bad_weight_is_a_form_error(opened, as_):
    case = opened.case
    page = as_(opened.boss).post(
        f"/evaluations/cases/{case.pk}/agreement/", {"items": "1 | ก | x | 50\n2 | ข | y | 100"}
    )
    assert page.status_code == 400 and b"data-error" in page.content
    assert not case.items.exists()
    through(opened, "agreed")
    data = {f"score-{item.pk}": "5" for item in case.items.all()} | {"idp": "อบรม\nศึกษาดูงาน"}
    assert as_(opened.boss).post(f"/evaluations/cases/{case.pk}/scores/", data).status_code == 302
    case.refresh_from_db()
    assert (case.state, str(case.total), case.level) == (CaseState.SCORED, "100.00", "ดีเด่น")
    assert case.idp_lines.count() == 2


def test_the_pages_speak_thai(opened, as_):
    through(opened, "scored")
    page = as_(opened.staff[0], lang="").get(f"/evaluations/cases/{opened.case.pk}/")
    assert "ให้คะแนนแล้ว" in page.content.decode()
    assert "รับทราบ" in page.content.decode()


def _round_of(org, size, name, later=0):
    unit = bulk_people(size, prefix=name)
    # One published criteria per round and employment type: each round of its own year.
    year, number = next_round()
    criteria = publish(
        criteria_draft(org, employment_types=["contract"], title=name, fiscal_year=year + later,
                       round=number),
        org,
    )  # fmt: skip
    round_, _cases = rounds.round_open(by=org.clerk.user, criteria=criteria, unit=unit)
    # Half scored, a level each, so the distribution has something to count.
    EvaluationCase.objects.filter(round=round_, pk__in=[c.pk for c in _cases[::2]]).update(
        state=CaseState.SCORED, total=85, level="ดีมาก"
    )
    return round_


def test_the_progress_and_committee_page_run_the_same_queries_at_10_and_1000_cases(org, as_):
    small, large = _round_of(org, 10, "small"), _round_of(org, 1000, "large", later=1)
    client = as_(org.clerk)
    # Warm the process-wide caches (content types, looked up by the header's work queue) that
    # an earlier test may or may not have filled: the first request alone would pay for them.
    assert client.get(f"/evaluations/rounds/{small.pk}/").status_code == 200
    counts = []
    for round_ in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/evaluations/rounds/{round_.pk}/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    page = response.content.decode()
    assert page.count("data-case=") == 1000
    # the distribution of levels, drawn within the same queries: half the cases at ดีมาก
    [chart] = charts_in(page, "levels")
    widths = dict(zip(texts_of(chart)[::2], [w for _t, w, _h in bars_of(chart)], strict=True))
    assert widths["ดีมาก"] == "50.0%" and widths["Not scored"] == "50.0%"
    assert {widths[level] for level in ("ดีเด่น", "ดี", "พอใช้", "ต้องปรับปรุง")} == {"0.0%"}
    assert "ดีมาก 500 people (50%)" in chart.get("aria-label")


def test_the_round_export_has_numeric_cells(opened, as_):
    through(opened, "scored")
    response = as_(opened.hr).get(f"/evaluations/rounds/{opened.round.pk}/progress.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1:3] == (5, 0)  # five cases, none overdue, as numbers
    assert rows[1][0] == "งานประเมินผล"
