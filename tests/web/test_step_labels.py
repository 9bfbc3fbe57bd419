"""Step and state names are shown translated wherever they are shown: every registered kind's
steps (its transitions' custom labels, and the steps outside the machine: revise, adopt,
build) and states, on the document's page and on the auditor's timeline, in Thai."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from reports import services as report_services
from tests.toykind import services as toy_services
from tests.workflows.kinds import REGISTRY
from workflows import registry
from workflows.models import State
from workflows.services import apply_transition

THAI = re.compile(r"[\u0e00-\u0e7f]")
LATIN = re.compile(r"[A-Za-z]")
KINDS = registry.kinds()


def _thai_only(text: str) -> bool:
    return bool(THAI.search(text)) and not LATIN.search(text)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.slug)
def test_every_step_and_state_of_every_kind_has_a_thai_label(kind):
    model = kind.model
    with translation.override("th"):
        for name in (*model.TRANSITIONS, *model.STEP_LABELS):
            label = model.step_label(name)
            assert _thai_only(label), f"{kind.slug}: step {name!r} shows as {label!r}"
        for value in State.values:
            label = model.state_label(value)
            assert _thai_only(label), f"{kind.slug}: state {value!r} shows as {label!r}"


def _draft(kind, org):
    if kind.model in REGISTRY:
        return REGISTRY[kind.model].make_draft(org)
    if kind.slug == "integrity-reports":
        return report_services.report_build(2569, by=org.clerk.user)  # logs "build"
    if kind.slug == "toy-notes":
        return toy_services.toy_create(by=org.clerk.user, title="บันทึกทดลอง")
    pytest.fail(f"no recipe for a draft of {kind.slug} in {__name__}")


WALK = (
    ("submit", "clerk", ""),
    ("send_back", "executive", "โปรดแก้ไข"),
    ("submit", "clerk", ""),
    ("approve", "executive", ""),
    ("publish", "executive", ""),
    ("withdraw", "executive", "ออกฉบับใหม่แทน"),
    ("archive", "executive", ""),
)


def _history_heads(html: str) -> list[str]:
    """What each history/timeline entry says before its line break: step, from → to."""
    lists = re.findall(r'<ol class="history"[^>]*>(.*?)</ol>', html, re.S)
    assert lists, "no history on the page"
    heads = []
    for items in lists:
        for item in re.findall(r"<li[^>]*>(.*?)</li>", items, re.S):
            head = item.split("<br>")[0]
            heads.append(" ".join(re.sub(r"<[^>]+>", " ", head).split()))
    return heads


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.slug)
def test_the_document_page_and_the_auditor_timeline_show_steps_and_states_in_thai(
    kind, org, as_, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    document = _draft(kind, org)
    for step, persona, note in WALK:
        document = apply_transition(document, step, by=getattr(org, persona).user, note=note)
    if kind.pages is not None:
        page_url = reverse(kind.pages.url_name("detail"), args=[document.pk])
    else:
        page_url = document.get_absolute_url()
    audit_url = reverse("auditor:document", args=[kind.slug, document.pk])
    for persona, url in ((org.executive, page_url), (org.auditor, audit_url)):
        response = as_(persona, lang="th").get(url)
        assert response.status_code == 200
        heads = _history_heads(response.content.decode())
        assert len(heads) >= len(WALK)
        untranslated = [head for head in heads if not _thai_only(head.replace("—", ""))]
        assert not untranslated, f"{url}: {untranslated}"
    # The auditor's search: each step event of the document, in words.
    search = as_(org.auditor, lang="th").get(
        reverse("auditor:search"), {"document_kind": kind.model._meta.label_lower}
    )
    link = re.escape(f'href="{reverse("auditor:document", args=[kind.slug, 0])[:-2]}')
    steps = [
        " ".join(text.split(" · ")[0].split())
        for text in re.findall(link + r'\d+/">(.*?)</a>', search.content.decode(), re.S)
    ]
    assert len(steps) >= len(WALK)
    assert all(_thai_only(step) for step in steps), steps
