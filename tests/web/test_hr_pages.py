"""The pages of measure 6: drafting criteria and position descriptions, late publishing, my
documents, compliance per round and comments."""

from collections import Counter

import pytest
from django.urls import reverse

from notifications.models import Acknowledgement
from notifications.services import acknowledge
from personnel.models import EvaluationCriteria, OrganisationGoal
from tests.charts import bars_of, charts_in
from tests.factories import criteria_draft, make_person, next_round, position_description_draft
from tests.hr_world import publish
from workflows.models import DocumentComment, State

pytestmark = pytest.mark.django_db

COMPONENTS = "ผลสัมฤทธิ์ของงาน | {a}\n- งานตามแผน | 100 | 1\nสมรรถนะ | 30\n- สมรรถนะหลัก | 100"


def criteria_form(**changes):
    year, number = next_round()
    data = {
        "title": "เกณฑ์การประเมินผลการปฏิบัติงาน",
        "fiscal_year": year,
        "round": number,
        "employment_types": ["civil_servant", "contract"],
        "components": COMPONENTS.format(a=70),
        "levels": "ดีเด่น | 90 | 100\nดีมาก | 80 | 89.99\nดี | 70 | 79.99\nพอใช้ | 60 | 69.99\n"
        "ต้องปรับปรุง | 0 | 59.99",
    }
    return data | changes


def test_the_new_criteria_form_offers_the_default_components_and_levels(org, as_):
    page = as_(org.clerk).get(reverse("workflows:evaluationcriteria-new")).content.decode()
    assert "ผลสัมฤทธิ์ของงาน | 70" in page and "สมรรถนะ | 30" in page
    assert "ดีมาก | 80 | 89.99" in page and "ต้องปรับปรุง | 0 | 59.99" in page


def test_a_clerk_drafts_criteria_whose_item_serves_a_goal_and_the_page_shows_the_goal(org, as_):
    year, _round = next_round()
    OrganisationGoal.objects.create(fiscal_year=year, number=1, title="ประชาชนได้รับบริการรวดเร็ว")
    client = as_(org.clerk)
    response = client.post(reverse("workflows:evaluationcriteria-new"), criteria_form())
    assert response.status_code == 302
    criteria = EvaluationCriteria.objects.get()
    assert criteria.components[0]["items"][0]["goal"] == 1
    assert criteria.employment_types == ["civil_servant", "contract"]
    page = client.get(response["Location"]).content.decode()
    assert "ประชาชนได้รับบริการรวดเร็ว" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"components": COMPONENTS.format(a=60).replace(" | 1\n", "\n")}, "total 90"),
        ({"levels": "ดีเด่น | 90 | 100\nดีมาก | 80 | 90\nอื่น | 0 | 79.99"}, "overlap"),
        ({"levels": "ดีเด่น | 90 | 100\nดีมาก | 80 | 88\nอื่น | 0 | 79.99"}, "No level covers"),
        ({"levels": "ดีเด่น 90 100"}, "write a level as"),
    ],
)
def test_a_criteria_form_with_bad_weights_or_levels_shows_the_error_and_saves_nothing(
    org, as_, changes, message
):
    changes.setdefault("components", COMPONENTS.format(a=70).replace(" | 1\n", "\n"))
    response = as_(org.clerk).post(
        reverse("workflows:evaluationcriteria-new"), criteria_form(**changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EvaluationCriteria.objects.exists()


def test_a_position_description_form_needs_shares_of_time_totalling_100(org, as_):
    data = {"title": "รายละเอียดของตำแหน่ง", "position": org.employee.position.pk}
    client = as_(org.clerk)
    bad = client.post(reverse("workflows:positiondescription-new"), data | {"duties": "งาน | 50"})
    assert bad.status_code == 400 and "total 50" in bad.content.decode()
    good = client.post(
        reverse("workflows:positiondescription-new"), data | {"duties": "งาน | 60\nอื่น | 40"}
    )
    assert good.status_code == 302


def late_criteria(org):
    year, number = next_round()
    started = (year, 1) if number == 2 else (year - 1, 2)
    criteria = criteria_draft(org, fiscal_year=started[0], round=started[1])
    for step, who in (("submit", org.clerk), ("approve", org.executive)):
        from workflows import services

        criteria = services.apply_transition(criteria, step, by=who.user)
    return criteria


def test_publishing_late_from_the_page_needs_the_confirmation_and_a_reason(org, as_):
    criteria = late_criteria(org)
    client = as_(org.executive)
    page = client.get(reverse("workflows:evaluationcriteria-detail", args=[criteria.pk]))
    assert "data-override" in page.content.decode()
    url = reverse("workflows:evaluationcriteria-transition", args=[criteria.pk, "publish"])
    refused = client.post(url, {"note": "ล่าช้าเพราะรอระเบียบ"})
    assert refused.status_code == 409
    assert "started on" in refused.content.decode()
    criteria.refresh_from_db()
    assert criteria.state == State.APPROVED
    done = client.post(url, {"note": "ล่าช้าเพราะรอระเบียบ", "override": "1"})
    assert done.status_code == 302
    criteria.refresh_from_db()
    assert criteria.state == State.PUBLISHED


def test_my_documents_shows_what_applies_now_and_the_acknowledgement_of_an_older_version(org, as_):
    from workflows import services

    pd = publish(position_description_draft(org, org.employee.position), org)
    first = Acknowledgement.objects.for_document(pd).get(employee=org.employee)
    acknowledge(first, user=org.employee.user)
    second = publish(services.document_revise(pd, by=org.clerk.user), org)
    criteria = publish(criteria_draft(org), org)

    page = as_(org.employee).get(reverse("workflows:my-documents")).content.decode()
    assert f'data-current="{second.pk}"' in page
    assert f'data-current="{criteria.pk}"' in page
    assert f'data-old="{pd.pk}"' in page  # the history keeps version 1, acknowledged
    assert page.count("Acknowledged at") == 1
    assert page.count('data-action="read-and-acknowledge"') == 2
    other = as_(org.outsider).get(reverse("workflows:my-documents")).content.decode()
    assert pd.title not in other


def test_compliance_counts_the_round_by_unit_and_names_who_has_not_acknowledged(org, as_):
    late = make_person("late1", unit=org.other)
    criteria = publish(criteria_draft(org), org)
    acknowledge(
        Acknowledgement.objects.for_document(criteria).get(employee=org.employee),
        user=org.employee.user,
    )
    query = {"fiscal_year": criteria.fiscal_year, "round": criteria.round}
    page = as_(org.clerk).get(reverse("workflows:criteria-compliance"), query).content.decode()
    recipients = Acknowledgement.objects.for_document(criteria).count()
    assert f'data-stat="recipients">{recipients}<' in page
    assert 'data-stat="acknowledged">1<' in page
    assert (
        late.full_name in page and org.employee.full_name not in page.split("data-outstanding")[1]
    )
    [chart] = charts_in(page, "acknowledgement-by-unit")
    asked = Counter(
        Acknowledgement.objects.for_document(criteria).values_list("unit__name", flat=True)
    )
    ok = {width for tone, width, _h in bars_of(chart) if tone == "ok"}
    assert ok == {f"{round(100 / asked[org.employee.unit.name], 1)}%", "0.0%"}
    assert f"1 of {recipients} acknowledged" in chart.get("aria-label")
    response = as_(org.clerk).post(
        reverse("workflows:criteria-compliance-remind") + f"?fiscal_year={criteria.fiscal_year}"
        f"&round={criteria.round}"
    )
    assert response.status_code == 302


def test_a_comment_is_seen_by_its_writer_hr_and_auditors_but_not_by_other_readers(org, as_):
    colleague = make_person("colleague", unit=org.section, position=org.employee.position)
    pd = publish(position_description_draft(org, org.employee.position), org)
    url = reverse("workflows:positiondescription-detail", args=[pd.pk])
    as_(org.employee).post(
        reverse("workflows:positiondescription-comment", args=[pd.pk]),
        {"body": "ภาระงานข้อ 2 มากเกินสัดส่วน"},
    )
    comment = DocumentComment.objects.get()
    assert (comment.author, comment.version) == (org.employee.user, 1)
    for who, sees in (
        (org.employee, True),
        (org.clerk, True),
        (org.auditor, True),
        (colleague, False),
    ):
        page = as_(who).get(url).content.decode()
        assert ("ภาระงานข้อ 2" in page) is sees, who
    as_(org.clerk).post(
        reverse("workflows:positiondescription-answer", args=[pd.pk, comment.pk]),
        {"answer": "จะปรับในฉบับถัดไป"},
    )
    assert "จะปรับในฉบับถัดไป" in as_(org.employee).get(url).content.decode()
    again = as_(org.clerk).post(
        reverse("workflows:positiondescription-answer", args=[pd.pk, comment.pk]),
        {"answer": "ตอบซ้ำ"},
    )
    assert again.status_code == 409
    comment.refresh_from_db()
    assert comment.answer == "จะปรับในฉบับถัดไป"


def test_a_comment_and_its_answer_each_leave_an_audit_event(org):
    from hrflow.models import AuditEvent
    from workflows import comments

    pd = publish(position_description_draft(org, org.employee.position), org)
    comment = comments.comment_add(pd, by=org.employee.user, body="ขอเพิ่มรายละเอียด")
    comments.comment_answer(comment, by=org.clerk.user, answer="รับไปพิจารณา")
    events = list(AuditEvent.objects.filter(kind="comment").order_by("seq"))
    assert [(e.actor_id, e.subject_id) for e in events] == [
        (org.employee.user.pk, pd.pk),
        (org.clerk.user.pk, pd.pk),
    ]
    assert events[0].data["body"] == "ขอเพิ่มรายละเอียด"
    assert events[1].data["answer"] == "รับไปพิจารณา"


def test_the_auditor_reads_comment_events_in_words_not_as_comment_hash_numbers(org, as_):
    from workflows import comments

    pd = publish(position_description_draft(org, org.employee.position), org)
    comment = comments.comment_add(pd, by=org.employee.user, body="ขอเพิ่มรายละเอียด")
    comments.comment_answer(comment, by=org.clerk.user, answer="รับไปพิจารณา")
    search = as_(org.auditor).get(reverse("auditor:search")).content.decode()
    timeline = as_(org.auditor).get(
        reverse("auditor:document", args=["position-descriptions", pd.pk])
    )
    for page in (search, timeline.content.decode()):
        assert "comment #" not in page
        assert f"Comment no. {comment.pk} · {pd.title}" in page
        assert f"Answer to comment no. {comment.pk} · {pd.title}" in page
