"""A public evidence page's world: public documents of every kind in every state that must stay
hidden, beside the ones that must show, and internal (non-public) published ones."""

from types import SimpleNamespace

import pytest

from personnel.models import EvaluationCriteria, PositionDescription
from tests.browser.conftest import browser  # noqa: F401 (the browser test's fixture)
from tests.evaluations.conftest import opened, world  # noqa: F401 (an evaluation round's world)
from tests.factories import next_round
from tests.hr_world import PERMANENT, draft_of
from tests.hr_world import publish as publish_hr
from tests.web.conftest import new_draft, walk
from workflows import services


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    """Kept exports and attachments live under MEDIA_ROOT, locks under VAR_DIR: per test."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"


def public_circular(org, title, *steps, public=True):
    circular = walk(new_draft(org, title, is_public=public), org, *steps)
    return circular


def withdraw(document, org, note="ประกาศผิดพลาด"):
    return services.apply_transition(document, "withdraw", by=org.executive.user, note=note)


def archive(document, org):
    return services.apply_transition(document, "archive", by=org.executive.user)


def revise_and_publish(document, org):
    draft = services.document_revise(document, by=org.clerk.user)
    return walk(draft, org, "submit", "approve", "publish")


def hr_document(model, org, title, *steps, public=True, **values):
    document = draft_of(model, org, title=title, is_public=public, **values)
    if steps == ("publish",):
        return publish_hr(document, org)
    for step, who in (("submit", org.clerk), ("approve", org.executive))[: len(steps)]:
        document = services.apply_transition(document, step, by=who.user)
    return document


@pytest.fixture
def public_world(org):
    """shown: what the public page lists; hidden: what it must never reach."""
    org.employee.employment_type = PERMANENT
    org.employee.save(update_fields=["employment_type"])
    full = ("submit", "approve", "publish")
    superseded = public_circular(org, "ประกาศเวลาทำงาน ฉบับเดิม", *full)
    current = revise_and_publish(superseded, org)
    superseded.refresh_from_db()
    shown = SimpleNamespace(
        circular=public_circular(org, "มาตรการส่งเสริมคุณธรรมและความโปร่งใส", *full),
        superseded=superseded,
        current=current,
        retired=archive(public_circular(org, "คู่มือการปฏิบัติงาน", *full), org),
        pd=hr_document(PositionDescription, org, "รายละเอียดของตำแหน่งนักทรัพยากรบุคคล", "publish"),
        criteria=hr_document(EvaluationCriteria, org, "เกณฑ์การประเมิน รอบสาธารณะ", "publish"),
    )
    withdrawn = withdraw(public_circular(org, "ประกาศที่ถอนแล้ว", *full), org)
    hidden = SimpleNamespace(
        draft=public_circular(org, "ร่างประกาศสาธารณะ"),
        in_review=public_circular(org, "ประกาศรอตรวจ", "submit"),
        approved=public_circular(org, "ประกาศรอเผยแพร่", "submit", "approve"),
        withdrawn=withdrawn,
        withdrawn_archived=archive(
            withdraw(public_circular(org, "ประกาศถอนแล้วเก็บ", *full), org), org
        ),
        internal=public_circular(org, "ประกาศภายใน", *full, public=False),
        pd_draft=hr_document(PositionDescription, org, "ร่างรายละเอียดตำแหน่ง"),
        pd_internal=hr_document(
            PositionDescription, org, "รายละเอียดตำแหน่งภายใน", "publish", public=False
        ),
        criteria_review=hr_document(EvaluationCriteria, org, "เกณฑ์รอตรวจ", "submit"),
        # One published criteria per round and employment type: the internal one is next
        # year's.
        criteria_internal=hr_document(
            EvaluationCriteria,
            org,
            "เกณฑ์ภายใน",
            "publish",
            public=False,
            fiscal_year=next_round()[0] + 1,
            round=next_round()[1],
        ),
    )
    assert withdrawn.state == "withdrawn"
    return SimpleNamespace(shown=shown, hidden=hidden)
