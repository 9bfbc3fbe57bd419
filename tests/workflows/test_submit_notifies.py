"""Submitting a version tells its approvers through the outbox (workflows/hooks.py), once per
submission: the executives over its unit, not its author, not another office, not an auditor."""

from meetings.models import MeetingMinutes
from notifications.models import Notice
from tests.meetings import minutes_draft
from tests.web.conftest import new_draft, walk
from workflows import services


def told(subject_part):
    return set(
        Notice.objects.filter(kind=Notice.Kind.MESSAGE, subject__contains=subject_part)
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def test_submitting_a_circular_tells_the_executives_over_its_unit(org):
    circular = walk(new_draft(org, "ประกาศเรื่องการลาพักผ่อน"), org, "submit")
    assert told("ประกาศเรื่องการลาพักผ่อน") == {org.executive.pk, org.head.pk}
    notice = Notice.objects.filter(recipient=org.executive, kind=Notice.Kind.MESSAGE).first()
    assert notice.link == circular.get_absolute_url()


def test_sent_back_and_submitted_again_it_tells_them_again_but_never_twice_for_one(org):
    circular = walk(new_draft(org, "ประกาศเรื่องเวลาทำงาน"), org, "submit")
    first = Notice.objects.filter(recipient=org.executive, kind=Notice.Kind.MESSAGE).count()
    services.apply_transition(circular, "send_back", by=org.executive.user, note="แก้ไขวันที่")
    walk(circular, org, "submit")
    again = Notice.objects.filter(recipient=org.executive, kind=Notice.Kind.MESSAGE).count()
    assert again == 2 * first


def test_submitting_minutes_tells_the_chair_only(org):
    minutes = minutes_draft(org)
    services.apply_transition(minutes, "submit", by=org.clerk.user)
    assert told(MeetingMinutes.objects.get(pk=minutes.pk).title) == {org.executive.pk}
