"""The common workflow, proven once for every registered kind (workflows/registry.py).

A kind is tested here as soon as it is registered; without an entry in tests/workflows/kinds.py
its tests fail, so a new kind cannot slip in untested."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django_fsm import ConcurrentTransition

from hrflow.errors import Conflict, Forbidden, Invalid
from notifications.models import Acknowledgement, Notice
from notifications.services import acknowledge
from tests.factories import make_person
from tests.workflows.kinds import REGISTRY, shared_kinds
from workflows import services
from workflows.models import RegisterCounter, State, TransitionLog

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"

# Who takes each step in the personas' office, and the note it needs.
STEPS = {
    "submit": ("clerk", ""),
    "send_back": ("executive", "โปรดแก้ไขวันที่"),
    "approve": ("executive", ""),
    "publish": ("executive", ""),
    "withdraw": ("executive", "ออกฉบับใหม่แทน"),
    "archive": ("executive", ""),
}
PATH_TO = {
    State.DRAFT: [],
    State.IN_REVIEW: ["submit"],
    State.APPROVED: ["submit", "approve"],
    State.PUBLISHED: ["submit", "approve", "publish"],
    State.WITHDRAWN: ["submit", "approve", "publish", "withdraw"],
    State.ARCHIVED: ["submit", "approve", "publish", "withdraw", "archive"],
}


@pytest.fixture(params=shared_kinds(), ids=lambda model: model.kind_slug or model.__name__)
def kind(request):
    spec = REGISTRY.get(request.param)
    if spec is None:
        pytest.fail(f"{request.param.__name__} needs an entry in tests/workflows/kinds.py")
    return request.param, spec


@pytest.fixture
def make(kind, org):
    """make(state) → a document of this kind, walked to that state by the right personas."""
    _, spec = kind

    def make(state=State.DRAFT):
        document = spec.make_draft(org)
        for step in PATH_TO[state]:
            persona, note = STEPS[step]
            document = services.apply_transition(
                document, step, by=getattr(org, persona).user, note=note
            )
        assert document.state == state
        return document

    return make


def world(document):
    """Everything a refused step must leave as it was."""
    model = type(document)
    content_type = ContentType.objects.get_for_model(model)
    return {
        "row": model.objects.filter(pk=document.pk).values().get(),
        "log": list(
            TransitionLog.objects.filter(content_type=content_type, object_id=document.pk)
            .order_by("pk")
            .values_list("pk", "transition")
        ),
        "counters": list(RegisterCounter.objects.order_by("pk").values_list("last_number")),
        "acknowledgements": Acknowledgement.objects.count(),
        "notices": Notice.objects.count(),
    }


def log_of(document):
    content_type = ContentType.objects.get_for_model(type(document))
    return TransitionLog.objects.filter(content_type=content_type, object_id=document.pk)


def test_a_document_walks_from_draft_to_archived_and_each_step_is_logged(make, org):
    document = make()
    walk = [
        ("submit", org.clerk, "", State.DRAFT, State.IN_REVIEW),
        ("approve", org.executive, "เห็นชอบ", State.IN_REVIEW, State.APPROVED),
        ("publish", org.executive, "", State.APPROVED, State.PUBLISHED),
        ("withdraw", org.executive, "ออกฉบับใหม่แทน", State.PUBLISHED, State.WITHDRAWN),
        ("archive", org.executive, "", State.WITHDRAWN, State.ARCHIVED),
    ]
    for step, persona, note, _, target in walk:
        document = services.apply_transition(document, step, by=persona.user, note=note, ip=IP)
        assert document.state == target
        assert type(document).objects.get(pk=document.pk).state == target

    rows = list(log_of(document).order_by("pk"))
    assert [
        (row.transition, row.by_id, row.from_state, row.to_state, row.note, row.ip) for row in rows
    ] == [
        (step, persona.user.pk, source, target, note, IP)
        for step, persona, note, source, target in walk
    ]
    assert all(row.at is not None and row.version == document.version for row in rows)


def test_the_instance_given_follows_the_step_so_the_next_step_needs_no_reload(make, org):
    document = make()
    services.apply_transition(document, "submit", by=org.clerk.user)
    assert document.state == State.IN_REVIEW
    services.apply_transition(document, "approve", by=org.executive.user)
    assert document.state == State.APPROVED


@pytest.mark.parametrize("note", ["", "   \n"])
def test_sending_back_without_a_reason_is_refused_and_changes_nothing(make, org, note):
    document = make(State.IN_REVIEW)
    before = world(document)
    with pytest.raises(Invalid) as refused:
        services.apply_transition(document, "send_back", by=org.executive.user, note=note)
    assert refused.value.status == 400
    assert refused.value.field == "note"
    assert world(document) == before

    services.apply_transition(document, "send_back", by=org.executive.user, note="แก้ชื่อเรื่อง")
    assert document.state == State.DRAFT
    assert log_of(document).last().note == "แก้ชื่อเรื่อง"


def test_withdrawing_without_a_reason_is_refused_and_changes_nothing(make, org):
    document = make(State.PUBLISHED)
    before = world(document)
    with pytest.raises(Invalid) as refused:
        services.apply_transition(document, "withdraw", by=org.executive.user)
    assert refused.value.status == 400
    assert world(document) == before


def test_publishing_a_draft_is_a_conflict_and_changes_nothing(make, org):
    document = make()
    before = world(document)
    with pytest.raises(Conflict) as refused:
        services.apply_transition(document, "publish", by=org.executive.user)
    assert refused.value.status == 409
    assert world(document) == before
    assert before["counters"] == [] and before["acknowledgements"] == 0


def test_approving_as_a_clerk_is_forbidden_and_changes_nothing(make, org):
    document = make(State.IN_REVIEW)
    before = world(document)
    with pytest.raises(Forbidden) as refused:
        services.apply_transition(document, "approve", by=org.clerk.user)
    assert refused.value.status == 403
    assert world(document) == before


@pytest.mark.parametrize("state", list(PATH_TO))
def test_an_auditor_can_take_no_step_in_any_state(make, org, kind, state):
    _, spec = kind
    document = make(state)
    before = world(document)
    assert services.available_transitions(document, org.auditor.user) == []
    for step in document.TRANSITIONS:
        with pytest.raises(Forbidden):
            services.apply_transition(document, step, by=org.auditor.user, note="ตรวจสอบ")
    with pytest.raises(Forbidden):
        spec.edit(document, by=org.auditor.user, lock_version=document.lock_version, **spec.change)
    assert world(document) == before


@pytest.mark.parametrize("name", ["delete", "save", "publish_now", "", "TRANSITIONS"])
def test_an_unknown_step_is_invalid_and_changes_nothing(make, org, name):
    document = make(State.APPROVED)
    before = world(document)
    with pytest.raises(Invalid) as refused:
        services.apply_transition(document, name, by=org.executive.user)
    assert refused.value.status == 400
    assert world(document) == before


def test_each_persona_is_offered_only_the_steps_that_are_theirs_now(make, org):
    draft, in_review = make(), make(State.IN_REVIEW)
    assert services.available_transitions(draft, org.clerk.user) == ["submit"]
    assert services.available_transitions(draft, org.executive.user) == []
    assert services.available_transitions(in_review, org.clerk.user) == []
    assert services.available_transitions(in_review, org.executive.user) == [
        "send_back",
        "approve",
    ]
    assert services.available_transitions(in_review, org.employee.user) == []


def test_a_step_decided_on_a_stale_copy_is_a_conflict_and_changes_nothing(make, org):
    document = make(State.PUBLISHED)
    stale = type(document).objects.get(pk=document.pk)
    services.apply_transition(document, "withdraw", by=org.executive.user, note="ผิดพลาด")
    before = world(document)
    # Archiving is possible from "withdrawn" too, but the caller decided on "published".
    with pytest.raises(Conflict) as refused:
        services.apply_transition(stale, "archive", by=org.executive.user)
    assert refused.value.status == 409
    assert world(document) == before
    assert type(document).objects.get(pk=document.pk).state == State.WITHDRAWN


def test_the_model_itself_refuses_to_save_over_a_state_changed_since_it_was_loaded(make, org):
    document = make(State.APPROVED)
    stale = type(document).objects.get(pk=document.pk)
    type(document).objects.filter(pk=document.pk).update(state=State.PUBLISHED)
    stale.title = "ชื่อที่ไม่ควรถูกบันทึก"
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert type(document).objects.get(pk=document.pk).title == document.title


def test_publishing_stamps_the_hash_of_the_published_content(make, org):
    document = make(State.APPROVED)
    assert document.content_hash == ""
    document = services.apply_transition(document, "publish", by=org.executive.user)
    assert len(document.content_hash) == 64
    assert document.content_hash == document.compute_content_hash()
    asked = Acknowledgement.objects.for_document(document)
    assert asked.exists()
    assert set(asked.values_list("content_hash", "version")) == {
        (document.content_hash, document.version)
    }


@pytest.mark.parametrize("state", [State.IN_REVIEW, State.APPROVED, State.PUBLISHED])
def test_editing_a_document_past_draft_is_a_conflict_and_changes_nothing(make, org, kind, state):
    _, spec = kind
    document = make(state)
    before = world(document)
    with pytest.raises(Conflict) as refused:
        spec.edit(document, by=org.clerk.user, lock_version=document.lock_version, **spec.change)
    assert refused.value.status == 409
    assert world(document) == before


def test_an_edit_based_on_a_stale_lock_version_is_a_conflict_and_changes_nothing(make, org, kind):
    _, spec = kind
    document = make()
    read_version = document.lock_version
    edited = spec.edit(document, by=org.clerk.user, lock_version=read_version, **spec.change)
    assert edited.lock_version == read_version + 1
    before = world(document)
    with pytest.raises(Conflict) as refused:
        spec.edit(document, by=org.clerk.user, lock_version=read_version, title="ทับของคนอื่น")
    assert refused.value.status == 409
    assert world(document) == before


def test_an_author_of_another_unit_can_neither_edit_nor_submit_our_draft(make, org, kind):
    _, spec = kind
    other_clerk = make_person("otherclerk", roles=["employee", "clerk"], unit=org.other)
    document = make()
    before = world(document)
    with pytest.raises(Forbidden):
        spec.edit(document, by=other_clerk.user, lock_version=document.lock_version, **spec.change)
    with pytest.raises(Forbidden):
        services.apply_transition(document, "submit", by=other_clerk.user)
    assert world(document) == before


# --- versions: published content never changes; a revision is the next version ---------------


def walk(document, org, *steps):
    for step in steps:
        persona, note = STEPS[step]
        document = services.apply_transition(
            document, step, by=getattr(org, persona).user, note=note
        )
    return document


def acks_of(document):
    return Acknowledgement.objects.for_document(document)


def test_a_revision_is_a_new_draft_carrying_the_content_and_leaves_the_published_one_as_is(
    make, org
):
    published = make(State.PUBLISHED)
    before = world(published)
    draft = services.document_revise(published, by=org.clerk.user, ip=IP)
    assert (draft.state, draft.version, draft.supersedes_id) == (State.DRAFT, 2, published.pk)
    assert draft.title == published.title
    assert draft.content_hash == ""
    assert world(published) == before  # nothing about version 1 changed
    log = TransitionLog.objects.get(
        object_id=draft.pk, content_type__model=type(draft)._meta.model_name
    )
    assert (log.transition, log.to_state, log.by, log.ip) == (
        "revise",
        State.DRAFT,
        org.clerk.user,
        IP,
    )


def test_publishing_a_revision_asks_everyone_again_and_archives_the_old_version(make, org, kind):
    _, spec = kind
    published = make(State.PUBLISHED)
    first = acks_of(published).get(employee=org.employee)
    acknowledge(first, user=org.employee.user)
    draft = services.document_revise(published, by=org.clerk.user)
    draft = spec.edit(draft, by=org.clerk.user, lock_version=draft.lock_version, **spec.change)
    second = walk(draft, org, "submit", "approve", "publish")

    assert acks_of(second).get(employee=org.employee).acknowledged_at is None  # asked again
    assert acks_of(published).get(employee=org.employee).acknowledged_at == first.acknowledged_at
    assert acks_of(second).count() == acks_of(published).count()
    assert second.content_hash != published.content_hash
    published.refresh_from_db()
    assert published.state == State.ARCHIVED
    retired = TransitionLog.objects.filter(object_id=published.pk, transition="archive").get()
    assert retired.by == org.executive.user and "2" in retired.note


def test_only_a_published_document_can_be_revised_and_only_once_at_a_time(make, org):
    draft = make(State.DRAFT)
    with pytest.raises(Conflict):
        services.document_revise(draft, by=org.clerk.user)
    published = make(State.PUBLISHED)
    services.document_revise(published, by=org.clerk.user)
    count = type(published).objects.count()
    with pytest.raises(Conflict):
        services.document_revise(published, by=org.clerk.user)
    assert type(published).objects.count() == count


@pytest.mark.parametrize("persona", ["employee", "executive", "auditor", "outsider"])
def test_only_an_author_of_the_owning_unit_may_revise(make, org, persona):
    published = make(State.PUBLISHED)
    count = type(published).objects.count()
    with pytest.raises(Forbidden):
        services.document_revise(published, by=getattr(org, persona).user)
    assert type(published).objects.count() == count
