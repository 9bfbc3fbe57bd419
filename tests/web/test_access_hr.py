"""Every page of position descriptions and evaluation criteria (and of measure 6: my documents,
compliance, comments), every role: the status written down, and a refused request changes
nothing. The same table holds for both kinds (see tests/hr_world.py)."""

import pytest
from django.urls import reverse

from personnel.models import EvaluationCriteria
from tests.hr_world import KINDS, build, snapshot
from tests.web.test_access import POST_ROLES, ROLES, persona

GET_STATUS = {
    "list": (302, 200, 200, 200, 200, 200, 200, 200),
    "new": (302, 403, 200, 403, 403, 403, 403, 403),
    "draft_detail": (302, 404, 200, 200, 200, 200, 404, 404),
    "draft_edit": (302, 404, 200, 403, 403, 403, 404, 404),
    "published_detail": (302, 200, 200, 200, 200, 200, 404, 404),
    "attachment": (302, 404, 404, 404, 404, 404, 404, 404),
    "tracking": (302, 403, 200, 200, 200, 200, 404, 404),
    "tracking_csv": (302, 403, 200, 200, 200, 200, 404, 404),
    "tracking_xlsx": (302, 403, 200, 200, 200, 200, 404, 404),
    "signoff": (302, 403, 200, 200, 200, 200, 404, 404),
    # an acknowledgement without a scan: nothing to download, and a 404 is all it says
    "paper_scan": (302, 403, 404, 404, 404, 404, 404, 404),
    "acknowledgement": (302, 200, 404, 404, 404, 404, 404, 404),
    "draft_docx": (302, 404, 200, 200, 200, 200, 404, 404),
    "published_pdf": (302, 200, 200, 200, 200, 200, 404, 404),
}
# Pages of measure 6 that are not per kind.
GET_STATUS_ONCE = {
    "my_documents": (302, 200, 200, 200, 200, 200, 200, 200),
    "compliance": (302, 403, 200, 200, 200, 200, 403, 403),
}
POST_STATUS = {
    "submit_draft": (404, 302, 403, 403, 403, 404, 404),
    "remind": (403, 302, 302, 302, 403, 404, 404),
    "create": (403, 400, 403, 403, 403, 403, 403),
    "edit_draft": (404, 409, 403, 403, 403, 404, 404),
    "attach": (404, 404, 404, 404, 403, 404, 404),
    "revise": (403, 302, 403, 403, 403, 404, 404),
    "proxy": (403, 302, 302, 302, 403, 404, 404),
    "comment": (302, 302, 302, 302, 403, 404, 404),
    "answer": (403, 302, 404, 404, 403, 404, 404),
}
POST_STATUS_ONCE = {
    "compliance_remind": (403, 302, 302, 302, 403, 403, 403),
}


def url(model, page, item):
    name = f"workflows:{model._meta.model_name}-{page.replace('_', '-')}"
    return reverse(name, args=item)


def get_targets(world):
    targets = {}
    for model in KINDS:
        w = world[model]
        targets[model] = {
            "list": url(model, "list", []),
            "new": url(model, "new", []),
            "draft_detail": url(model, "detail", [w.draft.pk]),
            "draft_edit": url(model, "edit", [w.draft.pk]),
            "published_detail": url(model, "detail", [w.published.pk]),
            "attachment": url(model, "attachment", [w.published.pk, 1]),
            "tracking": url(model, "tracking", [w.published.pk]),
            "tracking_csv": url(model, "tracking_csv", [w.published.pk]),
            "tracking_xlsx": url(model, "tracking_xlsx", [w.published.pk]),
            "signoff": url(model, "signoff", [w.published.pk, w.ack.unit_id]),
            "paper_scan": url(model, "paper_scan", [w.published.pk, w.ack.pk]),
            "acknowledgement": reverse("notifications:acknowledgement", args=[w.ack.pk]),
            "draft_docx": url(model, "export_docx", [w.draft.pk]),
            "published_pdf": url(model, "export_pdf", [w.published.pk]),
        }
    criteria = world[EvaluationCriteria].published
    query = f"?fiscal_year={criteria.fiscal_year}&round={criteria.round}"
    targets[None] = {
        "my_documents": reverse("workflows:my-documents"),
        "compliance": reverse("workflows:criteria-compliance") + query,
        "compliance_remind": reverse("workflows:criteria-compliance-remind") + query,
    }
    return targets


def edit_data(model, org, draft):
    if model is EvaluationCriteria:
        return {
            "title": "แก้ไข",
            "fiscal_year": draft.fiscal_year,
            "round": draft.round,
            "employment_types": ["permanent_worker"],
            "components": "ผลสัมฤทธิ์ของงาน | 70\n- งาน | 100\nสมรรถนะ | 30\n- สมรรถนะหลัก | 100",
            "levels": "ผ่าน | 60 | 100\nไม่ผ่าน | 0 | 59.99",
            "lock_version": "99",
        }
    return {
        "title": "แก้ไข",
        "position": org.employee.position.pk,
        "duties": "งานหลัก | 100",
        "lock_version": "99",
    }


def post_targets(world, org):
    targets = {}
    for model in KINDS:
        w = world[model]
        targets[model] = {
            "submit_draft": (url(model, "transition", [w.draft.pk, "submit"]), {}),
            "remind": (url(model, "remind", [w.published.pk]), {}),
            "create": (url(model, "new", []), {"title": ""}),
            "edit_draft": (url(model, "edit", [w.draft.pk]), edit_data(model, org, w.draft)),
            "attach": (url(model, "attach", [w.draft.pk]), {}),
            "revise": (url(model, "revise", [w.published.pk]), {}),
            "proxy": (
                url(model, "proxy", [w.published.pk, w.ack.pk]),
                {"reason": "ลงนามในสำเนาแล้ว"},
            ),
            "comment": (url(model, "comment", [w.published.pk]), {"body": "ขอความชัดเจน"}),
            "answer": (
                url(model, "answer", [w.published.pk, w.comment.pk]),
                {"answer": "น้ำหนักตามประกาศ ก.จ.จ."},
            ),
        }
    return targets


def all_urls(org):
    """Every URL these tables cover (for tests/web/test_url_coverage.py)."""
    world = build(org)
    gets = get_targets(world)
    posts = post_targets(world, org)
    return [u for targets in gets.values() for u in targets.values()] + [
        u for targets in posts.values() for u, _data in targets.values()
    ]


@pytest.fixture
def hr_world(org):
    return build(org)


KIND_IDS = [model.kind_slug for model in KINDS]


@pytest.mark.parametrize("model", KINDS, ids=KIND_IDS)
@pytest.mark.parametrize("page", sorted(GET_STATUS))
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_both_kinds_answers_every_role_as_written_down(
    model, page, role, org, hr_world, as_
):
    client = as_(persona(org, role))
    before = snapshot()
    response = client.get(get_targets(hr_world)[model][page])
    assert response.status_code == GET_STATUS[page][ROLES.index(role)], (page, role)
    assert snapshot()[:-1] == before[:-1]


@pytest.mark.parametrize("page", sorted(GET_STATUS_ONCE))
@pytest.mark.parametrize("role", ROLES)
def test_my_documents_and_compliance_answer_every_role_as_written_down(
    page, role, org, hr_world, as_
):
    client = as_(persona(org, role))
    before = snapshot()
    response = client.get(get_targets(hr_world)[None][page])
    assert response.status_code == GET_STATUS_ONCE[page][ROLES.index(role)], (page, role)
    assert snapshot() == before


@pytest.mark.parametrize("model", KINDS, ids=KIND_IDS)
@pytest.mark.parametrize("page", sorted(POST_STATUS))
@pytest.mark.parametrize("role", POST_ROLES)
def test_every_post_of_both_kinds_answers_every_role_and_a_refusal_changes_nothing(
    model, page, role, org, hr_world, as_
):
    client = as_(persona(org, role))
    target, data = post_targets(hr_world, org)[model][page]
    before = snapshot()
    response = client.post(target, data)
    expected = POST_STATUS[page][POST_ROLES.index(role)]
    assert response.status_code == expected, (page, role, response.content[:300])
    if expected != 302:
        assert snapshot() == before


@pytest.mark.parametrize("role", POST_ROLES)
def test_the_round_reminder_answers_every_role_and_a_refusal_changes_nothing(
    role, org, hr_world, as_
):
    client = as_(persona(org, role))
    before = snapshot()
    response = client.post(get_targets(hr_world)[None]["compliance_remind"])
    expected = POST_STATUS_ONCE["compliance_remind"][POST_ROLES.index(role)]
    assert response.status_code == expected, (role, response.content[:300])
    if expected != 302:
        assert snapshot() == before
