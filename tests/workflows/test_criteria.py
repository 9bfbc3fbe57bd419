"""Evaluation criteria: weights and levels are validated wherever they come from, and
publishing after the round started needs an explicit, logged override."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from hrflow.errors import Conflict, Invalid
from notifications.models import Acknowledgement, Notice
from personnel import criteria_rules as rules
from personnel import criteria_text as text_lines
from personnel import services as hr_documents
from personnel.models import EvaluationCriteria, OrganisationGoal
from tests.factories import criteria_draft, make_person, next_round
from workflows import services
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted by their msgids, whatever the default language (Thai)."""
    with translation.override("en"):
        yield


SIXTY_THIRTY = [
    {"name": "ผลสัมฤทธิ์ของงาน", "weight": 60, "items": [{"name": "งานตามแผน", "weight": 100}]},
    {"name": "สมรรถนะ", "weight": 30, "items": [{"name": "สมรรถนะหลัก", "weight": 100}]},
]
OVERLAP = [
    {"name": "ดีเด่น", "min": 90, "max": 100},
    {"name": "ดีมาก", "min": 80, "max": 90},
    {"name": "ดี", "min": 0, "max": 79.99},
]
GAP = [
    {"name": "ดีเด่น", "min": 90, "max": 100},
    {"name": "ดีมาก", "min": 80, "max": 88},
    {"name": "ดี", "min": 0, "max": 79.99},
]


def snapshot():
    return (
        list(EvaluationCriteria.objects.order_by("pk").values()),
        TransitionLog.objects.count(),
        Acknowledgement.objects.count(),
        Notice.objects.count(),
    )


def walk(document, org, *steps, **last):
    for step in steps:
        who = org.clerk if step == "submit" else org.executive
        document = services.apply_transition(document, step, by=who.user)
    return document


def test_new_criteria_have_the_default_components_and_the_five_thai_levels(org):
    criteria = criteria_draft(org)
    assert [(c["name"], c["weight"]) for c in criteria.components] == [
        ("ผลสัมฤทธิ์ของงาน", 70),
        ("สมรรถนะ", 30),
    ]
    assert [(lv["name"], lv["min"], lv["max"]) for lv in criteria.levels] == [
        ("ดีเด่น", 90, 100),
        ("ดีมาก", 80, 89.99),
        ("ดี", 70, 79.99),
        ("พอใช้", 60, 69.99),
        ("ต้องปรับปรุง", 0, 59.99),
    ]
    assert rules.level_for(criteria.levels, 89.99) == "ดีมาก"
    assert rules.level_for(criteria.levels, 90) == "ดีเด่น"
    assert rules.level_for(criteria.levels, 59.99) == "ต้องปรับปรุง"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"components": SIXTY_THIRTY}, "The components total 90; they must total 100."),
        (
            {
                "components": [
                    {
                        "name": "ผลสัมฤทธิ์ของงาน",
                        "weight": 70,
                        "items": [{"name": "ก", "weight": 50}, {"name": "ข", "weight": 40}],
                    },
                    SIXTY_THIRTY[1] | {"weight": 30},
                ]
            },
            "The items of ผลสัมฤทธิ์ของงาน total 90; they must total 100.",
        ),
        ({"levels": OVERLAP}, "The levels ดีมาก and ดีเด่น overlap (90–90)."),
        ({"levels": GAP}, "No level covers the scores between ดีมาก and ดีเด่น (88.01–89.99)."),
        ({"levels": OVERLAP[:1]}, "No level covers the scores from 0 to 89.99."),
        ({"levels": [{"name": "ผ่าน", "min": 0, "max": 99}]}, "above 99"),
    ],
)
def test_bad_weights_or_levels_are_refused_with_a_clear_message_and_nothing_changes(
    org, change, message
):
    criteria = criteria_draft(org)
    before = snapshot()
    field = next(iter(change))
    with pytest.raises(Invalid) as refused:
        hr_documents.evaluation_criteria_update(
            criteria, by=org.clerk.user, lock_version=criteria.lock_version, **change
        )
    assert refused.value.status == 400
    assert refused.value.field == field
    assert message in refused.value.message
    assert snapshot() == before
    year, number = next_round()
    with pytest.raises(Invalid):
        hr_documents.evaluation_criteria_create(
            by=org.clerk.user,
            title="เกณฑ์ใหม่",
            fiscal_year=year,
            round=number,
            employment_types=["civil_servant"],
            **change,
        )
    assert snapshot() == before


def test_an_item_may_point_only_to_a_goal_of_the_criteria_fiscal_year(org):
    year, _round = next_round()
    OrganisationGoal.objects.create(fiscal_year=year, number=1, title="บริการประชาชนรวดเร็ว")
    OrganisationGoal.objects.create(fiscal_year=year - 1, number=2, title="เป้าหมายปีก่อน")
    linked = [
        {"name": "ผลสัมฤทธิ์ของงาน", "weight": 70, "items": [{"name": "ก", "weight": 100, "goal": 1}]},
        {"name": "สมรรถนะ", "weight": 30, "items": [{"name": "ข", "weight": 100}]},
    ]
    criteria = criteria_draft(org, components=linked)
    assert criteria.components[0]["items"][0]["goal"] == 1
    linked[0]["items"][0]["goal"] = 2
    with pytest.raises(Invalid, match="no such goal"):
        criteria_draft(org, components=linked)


def test_the_round_and_its_dates_come_from_the_fiscal_year():
    assert EvaluationCriteria.round_bounds(2569, 1) == (dt.date(2025, 10, 1), dt.date(2026, 3, 31))
    assert EvaluationCriteria.round_bounds(2569, 2) == (dt.date(2026, 4, 1), dt.date(2026, 9, 30))


def started_round():
    year, number = next_round()
    # The round before the next one is the current one: it has started.
    return (year, 1) if number == 2 else (year - 1, 2)


def test_publishing_after_the_round_started_without_an_override_is_refused_and_changes_nothing(
    org,
):
    year, number = started_round()
    criteria = walk(criteria_draft(org, fiscal_year=year, round=number), org, "submit", "approve")
    assert criteria.round_start < timezone.localdate()
    before = snapshot()
    with pytest.raises(Conflict) as refused:
        services.apply_transition(criteria, "publish", by=org.executive.user, note="ด่วน")
    assert refused.value.status == 409
    assert "started on" in refused.value.message and "reason" in refused.value.message
    assert snapshot() == before

    with pytest.raises(Invalid) as no_reason:
        services.apply_transition(criteria, "publish", by=org.executive.user, override=True)
    assert no_reason.value.field == "note"
    assert snapshot() == before


def test_publishing_late_with_an_override_and_a_reason_is_logged_with_the_reason(org):
    year, number = started_round()
    criteria = walk(criteria_draft(org, fiscal_year=year, round=number), org, "submit", "approve")
    criteria = services.apply_transition(
        criteria, "publish", by=org.executive.user, note="ระเบียบใหม่ประกาศล่าช้า", override=True
    )
    assert criteria.state == State.PUBLISHED
    entry = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(criteria), object_id=criteria.pk
    ).last()
    assert entry.transition == "publish" and entry.by == org.executive.user
    assert "Published after the round started" in entry.note
    assert "ระเบียบใหม่ประกาศล่าช้า" in entry.note


def test_criteria_for_a_round_not_yet_started_publish_without_an_override(org):
    criteria = walk(criteria_draft(org), org, "submit", "approve", "publish")
    assert criteria.state == State.PUBLISHED


def test_criteria_ask_exactly_the_staff_of_the_employment_types_in_scope(org):
    contract = make_person("contract1", unit=org.section, employment_type="contract")
    permanent = make_person("permanent1", unit=org.other, employment_type="permanent_worker")
    criteria = criteria_draft(org, employment_types=["contract", "permanent_worker"])
    criteria = walk(criteria, org, "submit", "approve", "publish")
    asked = set(Acknowledgement.objects.for_document(criteria).values_list("employee", flat=True))
    assert asked == {contract.pk, permanent.pk}


def test_rule_texts_round_trip_through_the_page_format():
    components = rules.clean_components(rules.default_components())
    assert text_lines.parse_components(text_lines.format_components(components)) != []
    assert rules.clean_components(
        text_lines.parse_components(text_lines.format_components(components))
    ) == (components)
    levels = rules.clean_levels(rules.default_levels())
    assert rules.clean_levels(text_lines.parse_levels(text_lines.format_levels(levels))) == levels
    with pytest.raises(rules.RuleError, match="under its component"):
        text_lines.parse_components("- งานลอย | 10")


def test_criteria_are_due_by_the_start_of_their_round_or_in_two_weeks_when_published_late(org):
    early = walk(criteria_draft(org), org, "submit", "approve", "publish")
    asked = Acknowledgement.objects.for_document(early)
    assert set(asked.values_list("deadline", flat=True)) == {early.round_start}

    year, number = started_round()
    late = walk(criteria_draft(org, fiscal_year=year, round=number), org, "submit", "approve")
    late = services.apply_transition(
        late, "publish", by=org.executive.user, note="ล่าช้า", override=True
    )
    due = timezone.localdate() + dt.timedelta(days=14)
    assert set(Acknowledgement.objects.for_document(late).values_list("deadline", flat=True)) == {
        due
    }
