"""Position descriptions: addressed to the holders of the position and their heads; a new
version asks only those holders again."""

import pytest

from hrflow.errors import Invalid
from notifications.models import Acknowledgement
from notifications.services import acknowledge
from personnel import services as hr_documents
from personnel.models import PositionDescription
from tests.factories import PositionFactory, make_person, position_description_draft
from workflows import services
from workflows.models import State

pytestmark = pytest.mark.django_db


def walk(document, org, *steps):
    for step in steps:
        who = org.clerk if step == "submit" else org.executive
        document = services.apply_transition(document, step, by=who.user)
    return document


def asked(document):
    return set(Acknowledgement.objects.for_document(document).values_list("employee", flat=True))


def test_a_revision_asks_only_the_holders_of_that_position_again(org):
    officer, driver, janitor = (
        PositionFactory(name=n) for n in ("นักทรัพยากรบุคคล", "พนักงานขับรถ", "คนงาน")
    )
    people = {
        position: [
            make_person(f"{position.code}-{n}", unit=org.other, position=position) for n in (1, 2)
        ]
        for position in (officer, driver, janitor)
    }
    documents = {
        position: walk(
            position_description_draft(org, position), org, "submit", "approve", "publish"
        )
        for position in people
    }
    before = {p: Acknowledgement.objects.for_document(d).count() for p, d in documents.items()}
    head_of_other = org.other.head  # none: holders there have no head to add
    assert head_of_other is None
    for position, document in documents.items():
        assert asked(document) == {e.pk for e in people[position]}

    draft = services.document_revise(documents[driver], by=org.clerk.user)
    draft = hr_documents.position_description_update(
        draft,
        by=org.clerk.user,
        duties=[{"text": "ขับรถยนต์ส่วนกลาง", "share": 80}, {"text": "ดูแลรักษารถ", "share": 20}],
    )
    second = walk(draft, org, "submit", "approve", "publish")

    assert asked(second) == {e.pk for e in people[driver]}
    for position in (officer, janitor):
        assert Acknowledgement.objects.for_document(documents[position]).count() == before[position]
        documents[position].refresh_from_db()
        assert documents[position].state == State.PUBLISHED
    assert (
        Acknowledgement.objects.filter(employee__in=people[officer] + people[janitor]).count() == 4
    )
    documents[driver].refresh_from_db()
    assert documents[driver].state == State.ARCHIVED


def test_the_holders_heads_are_asked_too_but_holders_elsewhere_are_not_when_a_unit_is_set(org):
    position = org.employee.position
    elsewhere = make_person("elsewhere", unit=org.other, position=position)
    document = position_description_draft(org, position, unit=org.office)
    document = walk(document, org, "submit", "approve", "publish")
    assert asked(document) == {org.employee.pk, org.head.pk}
    assert elsewhere.pk not in asked(document)


def test_an_acknowledgement_of_the_old_version_stays_when_a_new_one_asks_again(org):
    document = walk(
        position_description_draft(org, org.employee.position), org, "submit", "approve", "publish"
    )
    first = Acknowledgement.objects.for_document(document).get(employee=org.employee)
    acknowledge(first, user=org.employee.user)
    second = walk(
        services.document_revise(document, by=org.clerk.user), org, "submit", "approve", "publish"
    )
    first.refresh_from_db()
    assert first.acknowledged_at is not None
    assert (
        Acknowledgement.objects.for_document(second).get(employee=org.employee).acknowledged_at
        is None
    )


@pytest.mark.parametrize(
    "duties",
    [[], [{"text": "งาน", "share": 60}, {"text": "อื่น", "share": 30}], [{"text": "", "share": 100}]],
)
def test_duties_must_have_text_and_shares_of_time_totalling_100(org, duties):
    count = PositionDescription.objects.count()
    with pytest.raises(Invalid) as refused:
        position_description_draft(org, org.employee.position, duties=duties)
    assert refused.value.field == "duties"
    assert PositionDescription.objects.count() == count


def test_someone_who_takes_up_the_position_later_is_asked_once_with_a_fresh_deadline(org):
    import datetime as dt

    from django.utils import timezone

    from notifications.models import Notice

    position = PositionFactory(name="พนักงานขับรถ")
    first = make_person("driver-1", unit=org.other, position=position)
    document = walk(position_description_draft(org, position), org, "submit", "approve", "publish")
    assert hr_documents.ask_newcomers() == 0  # everyone is asked already
    newcomer = make_person("driver-2", unit=org.other)
    assert hr_documents.ask_newcomers() == 0  # not (yet) a holder
    newcomer.position = position
    newcomer.save()

    assert hr_documents.ask_newcomers() == 1
    assert asked(document) == {first.pk, newcomer.pk}
    ack = Acknowledgement.objects.for_document(document).get(employee=newcomer)
    assert ack.deadline >= timezone.localdate()
    assert ack.deadline <= timezone.localdate() + dt.timedelta(days=14)
    assert Notice.objects.filter(recipient=newcomer, kind="announce").exists()
    assert hr_documents.ask_newcomers() == 0  # once
    archived = walk(document, org, "archive")
    assert archived.state == State.ARCHIVED
    make_person("driver-3", unit=org.other, position=position)
    assert hr_documents.ask_newcomers() == 0  # an archived version asks nobody
