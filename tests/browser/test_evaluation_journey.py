"""The journey of issue 16, in a real browser, in Thai: HR opens a round for a unit of five; one
agreement is agreed by both sides on its page; the evaluator scores; the person acknowledges; the
second level gives an opinion; the committee sends one case back and then closes its review; the
executive approves; HR announces and a real Celery worker delivers the announcement to a staff
member's inbox; the person appeals and the executive decides the appeal.

HR opens the round on its page (criteria chosen, the unit and the committee picked by typing).
The other four cases of the round are taken along through the services, so the committee can
close its review."""

import pytest
from django.db import connections
from django.urls import reverse

from evaluations.models import CaseState, EvaluationCase, EvaluationRound
from evaluations.services import cases
from notifications.models import Notice
from tests.browser.conftest import log_in, pick, wait_for
from tests.factories import DepartmentFactory, criteria_draft, make_person
from tests.hr_world import publish
from workflows.models import TransitionLog

pytestmark = pytest.mark.browser

AGREEMENT = (
    "1 | จัดทำทะเบียนประวัติครบถ้วน | ร้อยละ 100 | 60\n"
    "1 | สรุปผลการประเมินทันเวลา | ภายใน 15 วัน | 40\n"
    "2 | การมุ่งผลสัมฤทธิ์ | ระดับ 3 | 100"
)
SEND_BACK = "โปรดแนบหลักฐานผลงานตัวชี้วัดที่ 1"
APPEAL = "ขอให้ทบทวนคะแนนตัวชี้วัดด้านคุณภาพของงาน"
DECISION = "พิจารณาหลักฐานแล้ว คงผลการประเมินเดิม"


def test_a_round_travels_from_hr_to_the_announcement_and_an_appeal_in_thai(
    org, live_server, browser, worker
):
    try:
        journey(org, live_server, browser)
    finally:
        connections.close_all()  # see test_circular_journey


def open_round_on_its_page(page, live_server, criteria, unit, member):
    page.goto(f"{live_server.url}/evaluations/")
    page.click("a[data-action=round-new]")
    page.select_option("#id_criteria", str(criteria.pk))
    pick(page, "id_unit", unit.name, unit.name)
    pick(page, "id_committee", member.staff_id, member.full_name)
    page.click("button[data-action=open-round]")
    page.wait_for_load_state()
    round_ = EvaluationRound.objects.get(criteria=criteria, unit=unit)
    assert page.url.endswith(f"/evaluations/rounds/{round_.pk}/")
    assert list(round_.committee.all()) == [member]
    return round_


def badge(page):
    return page.locator("[data-case-state]").inner_text().strip()


def step(page, action, **fields):
    for name, value in fields.items():
        page.fill(f"form:has(button[data-action={action}]) [name={name}]", value)
    page.click(f"button[data-action={action}]")
    page.wait_for_load_state()


def take_along(case, world):
    """The services move a case as its pages would: agreed, scored 4s, acknowledged, reviewed."""
    items = [
        {"component": 0, "name": "งานที่ได้รับมอบหมาย", "target": "ครบถ้วน", "weight": 100},
        {"component": 1, "name": "การทำงานเป็นทีม", "target": "ระดับ 3", "weight": 100},
    ]
    if case.state == CaseState.AGREEMENT:
        cases.agreement_set(case, by=world["boss"].user, items=items)
        cases.agreement_agree(case, by=world["boss"].user)
        cases.agreement_agree(case, by=case.person.user)
    scores = {item.pk: {"score": 4} for item in case.items.all()}
    cases.case_score(case, by=world["boss"].user, scores=scores, idp=["อบรมการเขียนรายงาน"])
    cases.result_acknowledge(case, by=case.person.user)
    cases.second_level_review(case, by=world["chief"].user)


def journey(org, live_server, browser):
    division = DepartmentFactory(code="DIV", name="ฝ่ายบริหารงานบุคคล", parent=org.office)
    boss = make_person("boss", unit=division)
    division.head = boss
    division.save()
    team = DepartmentFactory(code="TEAM", name="งานประเมินผล", parent=division, kind="section")
    staff = [make_person(f"staff{n}", unit=team) for n in range(5)]
    member = make_person("member", unit=org.other)
    criteria = publish(criteria_draft(org), org)
    world = {"boss": boss, "chief": org.head}

    # HR opens the round for the unit of five and follows it on its page.
    hr = log_in(browser, live_server, org.clerk)
    round_ = open_round_on_its_page(hr, live_server, criteria, team, member)
    assert hr.locator("[data-stat=cases]").inner_text() == "5"
    assert "กำลังจัดทำข้อตกลง" in hr.locator("[data-step=agreement]").inner_text()
    case = EvaluationCase.objects.get(round=round_, person=staff[0])
    url = f"{live_server.url}/evaluations/cases/{case.pk}/"

    # The evaluator drafts the agreement and agrees; the person agrees: agreed by both.
    evaluator = log_in(browser, live_server, boss)
    evaluator.goto(url)
    evaluator.click("[data-action=edit-agreement]")
    evaluator.fill("#items", AGREEMENT)
    evaluator.click("button[data-action=save-agreement]")
    evaluator.wait_for_selector("button[data-action=agree]")
    assert "จัดทำทะเบียนประวัติครบถ้วน" in evaluator.content()
    step(evaluator, "agree")
    person = log_in(browser, live_server, staff[0])
    person.goto(url)
    step(person, "agree")
    assert badge(person) == "ตกลงข้อตกลงแล้ว"

    # The evaluator scores each indicator, with a line of the development plan.
    evaluator.goto(url)
    evaluator.click("[data-action=open-scores]")
    for select in evaluator.locator("select[name^=score-]").all():
        select.select_option("4")
    evaluator.fill("#idp", "อบรมหลักสูตรการบริหารงานบุคคล")
    evaluator.click("button[data-action=score]")
    evaluator.wait_for_selector("[data-level]")
    assert badge(evaluator) == "ให้คะแนนแล้ว"
    assert evaluator.locator("[data-level]").inner_text() == "ดีมาก"

    # The person acknowledges the result; the second level gives an opinion.
    person.goto(url)
    step(person, "acknowledge")
    assert badge(person) == "รับทราบผลแล้ว"
    second = log_in(browser, live_server, org.head)
    second.goto(url)
    step(second, "review")
    assert badge(second) == "ผู้บังคับบัญชาเหนือขึ้นไปให้ความเห็นแล้ว"
    for other in EvaluationCase.objects.filter(round=round_).exclude(pk=case.pk):
        take_along(other, world)

    # The committee sends one case back; it comes back reviewed; then the committee closes.
    committee = log_in(browser, live_server, member)
    committee.goto(url)
    step(committee, "send-back", reason=SEND_BACK)
    assert badge(committee) == "ให้คะแนนแล้ว"
    sent_back = TransitionLog.objects.filter(
        content_type__model="evaluationcase", object_id=case.pk, transition="send_back"
    )
    assert [entry.note for entry in sent_back] == [SEND_BACK]
    case.refresh_from_db()
    take_along(case, world)
    committee.goto(f"{live_server.url}/evaluations/rounds/{round_.pk}/")
    step(committee, "close-review")
    assert "คณะกรรมการปิดการพิจารณาแล้ว" in committee.locator("[data-round-state]").inner_text()

    # The executive approves; HR announces; the announcement reaches a colleague's inbox.
    executive = log_in(browser, live_server, org.executive)
    executive.goto(f"{live_server.url}/evaluations/rounds/{round_.pk}/")
    step(executive, "approve")
    assert "อนุมัติผลแล้ว" in executive.locator("[data-round-state]").inner_text()
    hr.goto(f"{live_server.url}/evaluations/rounds/{round_.pk}/")
    step(hr, "announce")
    announced = Notice.objects.filter(
        recipient=staff[1], channel=Notice.Channel.INAPP, subject__startswith="ประกาศรายชื่อ"
    )
    wait_for(
        lambda: announced.filter(status=Notice.Status.SENT).exists(),
        what="the worker to deliver the announcement",
    )
    colleague = log_in(browser, live_server, staff[1])
    colleague.goto(f"{live_server.url}{reverse('notifications:inbox')}")
    notice = colleague.locator(f"[data-notice='{announced.get().pk}']").inner_text()
    assert f"ประกาศรายชื่อผู้มีผลการประเมินระดับดีเด่นและดีมาก รอบ {round_.number}" in notice
    assert staff[0].full_name in notice  # the names announced (everyone scored ดีมาก)
    colleague.goto(f"{live_server.url}/evaluations/rounds/{round_.pk}/announcement/")
    assert colleague.locator(f"[data-announced='{staff[0].pk}']").inner_text().endswith("ดีมาก")

    # The person appeals; the executive decides the appeal (rejected, with reasons).
    person.goto(url)
    step(person, "appeal", reasons=APPEAL)
    assert badge(person) == "ยื่นอุทธรณ์แล้ว"
    executive.goto(url)
    executive.check("form[data-form=decide-appeal] input[name=decision][value=rejected]")
    step(executive, "decide-appeal", reasons=DECISION)
    assert badge(executive) == "วินิจฉัยอุทธรณ์แล้ว"
    assert DECISION in executive.locator("[data-appeal]").inner_text()
    case.refresh_from_db()
    assert case.state == CaseState.APPEAL_DECIDED and case.appeal.decision == "rejected"
