"""Criteria fit for a round: the agency's level scheme (created by the data migration, edited in
the admin) decides the levels; one published criteria per round × employment type; the
compliance page opens on the current round and names staff no published criteria covers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from hrflow.errors import Conflict, Invalid
from hrflow.models import AuditEvent
from hrflow.thai import evaluation_round
from notifications.models import Acknowledgement, Notice
from personnel import services as hr_documents
from personnel.models import EvaluationCriteria, LevelScheme
from tests.factories import criteria_draft, make_person
from tests.hr_world import publish
from workflows import services
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The services speak the default language (Thai) outside a request: assert the msgids."""
    with translation.override("en"):
        yield


FOUR_LEVELS = [
    {"name": "ดีมาก", "min": 80, "max": 100},
    {"name": "ดี", "min": 70, "max": 79.99},
    {"name": "พอใช้", "min": 60, "max": 69.99},
    {"name": "ต้องปรับปรุง", "min": 0, "max": 59.99},
]


def written():
    return (
        list(EvaluationCriteria.objects.order_by("pk").values_list("pk", "state")),
        TransitionLog.objects.count(),
        AuditEvent.objects.count(),
        Acknowledgement.objects.count(),
        Notice.objects.count(),
    )


def test_the_data_migration_sets_the_five_thai_levels_and_refuses_other_levels():
    scheme = LevelScheme.current()
    assert scheme.pk is not None
    assert [(lv["name"], lv["min"], lv["max"]) for lv in scheme.levels] == [
        ("ดีเด่น", 90, 100), ("ดีมาก", 80, 89.99), ("ดี", 70, 79.99), ("พอใช้", 60, 69.99),
        ("ต้องปรับปรุง", 0, 59.99),
    ]  # fmt: skip
    assert scheme.allow_other_levels is False


def test_criteria_with_four_levels_are_refused_at_submit_with_a_clear_400(org):
    criteria = criteria_draft(org, levels=FOUR_LEVELS)
    before = written()
    with pytest.raises(Invalid, match="differ from the agency's level scheme") as refused:
        services.apply_transition(criteria, "submit", by=org.clerk.user)
    assert "ดีมาก 80–100" in refused.value.message and "ดีเด่น 90–100" in refused.value.message
    assert written() == before


def test_the_api_refuses_the_four_level_criteria_with_400_and_a_detail(org, as_):
    criteria = criteria_draft(org, levels=FOUR_LEVELS)
    before = written()
    response = as_(org.clerk).post(
        f"/api/evaluation-criteria/{criteria.pk}/transitions/submit/", {},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "level scheme" in response.json()["detail"]
    assert written() == before


def test_a_scheme_changed_after_submit_stops_the_publish_too(org):
    criteria = criteria_draft(org)
    services.apply_transition(criteria, "submit", by=org.clerk.user)
    services.apply_transition(criteria, "approve", by=org.executive.user)
    scheme = LevelScheme.current()
    scheme.levels = FOUR_LEVELS
    scheme.save()
    before = written()
    with pytest.raises(Invalid, match="level scheme"):
        services.apply_transition(criteria, "publish", by=org.executive.user)
    assert written() == before


def test_a_scheme_that_allows_other_levels_lets_four_levels_publish(org):
    scheme = LevelScheme.current()
    scheme.allow_other_levels = True
    scheme.save()
    criteria = publish(criteria_draft(org, levels=FOUR_LEVELS), org)
    assert criteria.state == State.PUBLISHED


def test_new_criteria_start_from_the_schemes_levels(org):
    scheme = LevelScheme.current()
    scheme.levels, scheme.allow_other_levels = FOUR_LEVELS, False
    scheme.save()
    criteria = criteria_draft(org)
    assert [lv["name"] for lv in criteria.levels] == [lv["name"] for lv in FOUR_LEVELS]
    assert publish(criteria, org).state == State.PUBLISHED


def test_the_admin_refuses_a_scheme_whose_levels_leave_a_gap(org, client):
    scheme = LevelScheme.current()
    client.force_login(org.admin.user)
    org.admin.user.is_staff = org.admin.user.is_superuser = True
    org.admin.user.save()
    url = reverse("admin:personnel_levelscheme_change", args=[scheme.pk])
    assert client.get(url).status_code == 200
    gap = '[{"name": "ผ่าน", "min": 50, "max": 100}, {"name": "ไม่ผ่าน", "min": 0, "max": 40}]'
    response = client.post(url, {"name": "สองระดับ", "levels": gap})
    assert response.status_code == 200
    assert "levels" in response.context["adminform"].form.errors
    scheme.refresh_from_db()
    assert len(scheme.levels) == 5
    assert client.get(reverse("admin:personnel_levelscheme_add")).status_code == 403


def test_a_second_criteria_for_the_same_round_and_type_is_a_409_naming_the_first(org, as_):
    first = publish(criteria_draft(org, title="เกณฑ์ฉบับแรก"), org)
    second = criteria_draft(org, title="เกณฑ์ฉบับซ้ำ", employment_types=["civil_servant", "contract"])
    services.apply_transition(second, "submit", by=org.clerk.user)
    services.apply_transition(second, "approve", by=org.executive.user)
    before = written()
    with pytest.raises(Conflict, match="เกณฑ์ฉบับแรก") as refused:
        services.apply_transition(second, "publish", by=org.executive.user)
    assert f"round {first.round}/{first.fiscal_year}" in refused.value.message
    assert written() == before
    response = as_(org.executive).post(
        f"/api/evaluation-criteria/{second.pk}/transitions/publish/", {},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 409 and "เกณฑ์ฉบับแรก" in response.json()["detail"]
    assert written() == before


def test_another_employment_type_or_another_round_publishes_beside_it(org):
    first = publish(criteria_draft(org), org)
    make_person("contract0", unit=org.section, employment_type="contract")
    contract = publish(criteria_draft(org, employment_types=["contract"]), org)
    other_round = publish(
        criteria_draft(org, fiscal_year=first.fiscal_year + 1, round=first.round, title="ปีถัดไป"),
        org,
    )
    assert {contract.state, other_round.state} == {State.PUBLISHED}


def test_a_new_version_superseding_the_published_one_publishes_and_archives_it(org):
    first = publish(criteria_draft(org), org)
    draft = services.document_revise(first, by=org.clerk.user)
    second = publish(draft, org)
    first.refresh_from_db()
    assert (second.state, first.state) == (State.PUBLISHED, State.ARCHIVED)


def test_the_compliance_page_opens_on_the_current_round_and_flags_uncovered_staff(org, as_):
    year, number = evaluation_round(dt.date.today())
    current = hr_documents.evaluation_criteria_create(
        by=org.clerk.user, title="เกณฑ์รอบปัจจุบัน", fiscal_year=year, round=number,
        employment_types=["civil_servant"],
    )  # fmt: skip
    publish_late(current, org)
    later = year + 1, number
    publish(criteria_draft(org, fiscal_year=later[0], round=later[1], title="เกณฑ์ปีหน้า"), org)
    contract = make_person("contract1", unit=org.other, employment_type="contract")
    page = as_(org.clerk).get(reverse("workflows:criteria-compliance")).content.decode()
    assert "เกณฑ์รอบปัจจุบัน" in page and "เกณฑ์ปีหน้า" not in page
    uncovered = page.split("data-uncovered>")[1].split("</ul>\n</section>")[0]
    assert f'data-uncovered-person="{contract.pk}"' in uncovered
    assert f'data-uncovered-person="{org.employee.pk}"' not in uncovered


def test_a_head_of_unit_sees_only_their_own_uncovered_people(org, as_):
    publish(criteria_draft(org), org)
    boss = make_person("boss", unit=org.section)
    org.section.head = boss
    org.section.save()
    mine = make_person("contract2", unit=org.section, employment_type="contract")
    theirs = make_person("contract3", unit=org.other, employment_type="contract")
    year, number = EvaluationCriteria.objects.values_list("fiscal_year", "round").get()
    page = (
        as_(boss)
        .get(reverse("workflows:criteria-compliance"), {"fiscal_year": year, "round": number})
        .content.decode()
    )
    assert f'data-uncovered-person="{mine.pk}"' in page
    assert f'data-uncovered-person="{theirs.pk}"' not in page


def publish_late(criteria, org):
    """The current round has started: publishing needs the explicit override with a reason."""
    services.apply_transition(criteria, "submit", by=org.clerk.user)
    services.apply_transition(criteria, "approve", by=org.executive.user)
    return services.apply_transition(
        criteria, "publish", by=org.executive.user, override=True, note="ประกาศล่าช้า"
    )
