"""Withdrawing a published version tells those it asked, a comment tells the HR officers who
answer it, an answer tells the comment's (or the suggestion's) writer — through the outbox, in
the change's transaction (workflows/hooks.py): exactly those people, never the one acting, never
another unit, nothing when the change is rolled back, once however often it is asked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.errors import Conflict
from meetings import suggestions as suggestion_services
from notifications import services as notices
from notifications.models import Acknowledgement, Notice
from tests.factories import make_person, position_description_draft
from tests.hr_world import publish
from tests.meetings import office_series
from tests.web.conftest import new_draft, walk
from workflows import comments, hooks, services


class Boom(Exception):
    pass


def told(**filters):
    """Who has a message notice (any channel) matching these filters."""
    return set(
        Notice.objects.filter(kind=Notice.Kind.MESSAGE, **filters)
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def inapp(**filters):
    return Notice.objects.filter(kind=Notice.Kind.MESSAGE, channel="inapp", **filters)


def everyone(org, *more):
    return [org.head, org.clerk, org.executive, org.employee, org.auditor, org.outsider, *more]


@pytest.fixture
def fail_after_notify(monkeypatch):
    """The change fails right after its notices are written: everything must roll back."""

    def notify_then_fail(*args, **kwargs):
        assert notices.notify(*args, **kwargs)  # the notices were really written…
        raise Boom  # …and the change fails after them

    monkeypatch.setattr(hooks, "notify", notify_then_fail)
    monkeypatch.setattr(suggestion_services, "notify", notify_then_fail)


# --- withdrawing ------------------------------------------------------------------------------


@pytest.fixture
def circular(org):
    """Published to the office and its section (head, clerk, executive, employee); the
    employee has acknowledged it already. The approvers' submit notices are cleared."""
    circular = walk(new_draft(org, "ประกาศเรื่องวันหยุดราชการ"), org, "submit", "approve", "publish")
    notices.acknowledge(
        Acknowledgement.objects.get(employee=org.employee, object_id=circular.pk),
        user=org.employee.user,
    )
    Notice.objects.filter(kind=Notice.Kind.MESSAGE).delete()
    return circular


def withdraw(circular, org, note="ประกาศวันที่ผิด จะออกฉบับแก้ไขแทน"):
    return services.apply_transition(circular, "withdraw", by=org.executive.user, note=note)


def test_withdrawing_tells_everyone_it_asked_with_the_reason_in_thai_but_not_the_withdrawer(
    org,
):
    # Another circular, published to the outsider only, stays out of it.
    outsiders = [{"kind": "person", "id": org.outsider.pk}]
    walk(new_draft(org, "ประกาศถึงกองช่าง", audience=outsiders), org, "submit", "approve", "publish")
    published = walk(new_draft(org, "ประกาศเรื่องวันหยุดราชการ"), org, "submit", "approve")
    published = services.apply_transition(published, "publish", by=org.executive.user)
    Notice.objects.filter(kind=Notice.Kind.MESSAGE).delete()

    withdraw(published, org)

    # Asked: head, clerk, executive (who withdrew it) and the employee.
    assert told() == {org.head.pk, org.clerk.pk, org.employee.pk}
    notice = inapp(recipient=org.employee).get()
    assert notice.subject == "ยกเลิก (เพิกถอน) เอกสาร: ประกาศเรื่องวันหยุดราชการ"
    assert notice.text == "เหตุผล: ประกาศวันที่ผิด จะออกฉบับแก้ไขแทน"
    assert notice.link == published.get_absolute_url()


def test_withdrawing_tells_those_who_acknowledged_already_too(org, circular):
    withdraw(circular, org)
    assert org.employee.pk in told()
    assert not told(recipient__in=[org.outsider, org.auditor, org.executive])


def test_the_withdrawal_notice_leads_to_a_page_each_recipient_may_open(org, circular, as_):
    withdraw(circular, org)
    for notice in inapp():
        response = as_(notice.recipient).get(notice.link)
        assert response.status_code == 200, notice.recipient
        assert "ประกาศเรื่องวันหยุดราชการ" in response.content.decode()


def test_a_withdrawal_that_is_rolled_back_tells_nobody(org, circular, fail_after_notify):
    with pytest.raises(Boom):
        withdraw(circular, org)
    circular.refresh_from_db()
    assert circular.state == "published"
    assert not Notice.objects.filter(kind=Notice.Kind.MESSAGE).exists()


def test_a_withdrawal_is_told_once_however_often_it_is_asked(org, circular):
    withdraw(circular, org)
    count = inapp().count()
    assert count == 3
    with pytest.raises(Conflict):
        withdraw(circular, org)  # the second click of a stale page
    assert hooks.on_withdrawn(circular, by=org.executive.user, note="ซ้ำ") == []
    assert inapp().count() == count


def test_withdrawing_drops_the_reminders_not_yet_sent_and_asks_nothing_more(org, circular):
    assert notices.remind_outstanding(circular) == 3  # head, clerk, executive: pending
    reminders = Notice.objects.filter(kind=Notice.Kind.REMINDER)
    sent = reminders.filter(recipient=org.head, channel="inapp")
    sent.update(status=Notice.Status.SENT)  # one reached its person already: it stays
    withdraw(circular, org)
    assert list(reminders.values_list("recipient_id", "status")) == [(org.head.pk, "sent")]
    assert notices.remind_outstanding(circular) == 0
    notices.remind_and_escalate(today=circular.deadline)
    assert reminders.count() == 1


def test_withdrawing_drops_the_announcements_no_worker_has_taken_and_keeps_the_delivered(
    org, circular
):
    """A broker outage at publish leaves announcements waiting; once the version is withdrawn
    they must not go out asking for a รับทราบ nobody can give (the request stays, undelivered)."""
    announcements = Notice.objects.filter(
        kind=Notice.Kind.ANNOUNCE, acknowledgement__object_id=circular.pk
    )
    waiting = announcements.filter(recipient__in=[org.head, org.clerk])
    waiting.update(status=Notice.Status.PENDING, sent_at=None)
    announcements.exclude(pk__in=waiting).update(status=Notice.Status.SENT)
    kept = set(announcements.exclude(pk__in=waiting).values_list("pk", flat=True))
    assert kept and waiting.exists()

    withdraw(circular, org)

    assert set(announcements.values_list("pk", flat=True)) == kept
    assert notices.deliver(list(kept)) == {"claimed": 0, "sent": 0, "failed": 0}
    requests = Acknowledgement.objects.filter(
        object_id=circular.pk, employee__in=[org.head, org.clerk]
    )
    assert requests.count() == 2 and not requests.filter(delivered_at__isnull=False).exists()


# --- comments and their answers ---------------------------------------------------------------


@pytest.fixture
def pd(org):
    """A position description of the office, published; submit notices cleared."""
    document = publish(position_description_draft(org, org.employee.position), org)
    Notice.objects.filter(kind=Notice.Kind.MESSAGE).delete()
    return document


def test_a_comment_tells_the_hr_officers_who_may_answer_it_and_nobody_else(org, pd):
    below = make_person("clerk.below", roles=["employee", "clerk"], unit=org.section)
    elsewhere = make_person("clerk.other", roles=["employee", "clerk"], unit=org.other)
    above = make_person("clerk.top", roles=["employee", "clerk"])  # the top of another tree
    comment = comments.comment_add(pd, by=org.employee.user, body="ภาระงานข้อ 2 มากเกินสัดส่วน")

    assert told() == {org.clerk.pk}
    may_answer = {
        p.pk for p in everyone(org, below, elsewhere, above) if comments.may_answer(pd, p.user)
    }
    assert told() == may_answer
    notice = inapp().get()
    assert notice.subject == f"ความคิดเห็นใหม่รอการตอบจากท่าน: {pd.title}"
    assert notice.link == pd.get_absolute_url() + "#comments-title"
    # What the comment says stays on the page (only its writer, HR and auditors read it).
    assert comment.body not in notice.subject + notice.text


def test_a_clerk_commenting_is_not_told_of_their_own_comment(org, pd):
    second = make_person("clerk.two", roles=["employee", "clerk"], unit=org.office)
    comments.comment_add(pd, by=org.clerk.user, body="ขอแก้คำผิดในข้อ 1")
    assert told() == {second.pk}


def test_a_comment_posted_on_the_page_tells_hr_once(org, pd, as_):
    url = reverse("workflows:positiondescription-comment", args=[pd.pk])
    as_(org.employee).post(url, {"body": "ขอเพิ่มรายละเอียด"})
    comment = comments.comments_for(pd, org.clerk.user).get()
    assert inapp().count() == 1
    assert hooks.on_commented(comment, pd, by=org.employee.user) == []
    assert inapp().count() == 1


def test_a_comment_post_takes_as_many_statements_for_twenty_hr_officers_as_for_one(org, pd, as_):
    url = reverse("workflows:positiondescription-comment", args=[pd.pk])
    client = as_(org.employee)

    def statements(body):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, {"body": body}).status_code == 302
        return len(queries)

    statements("ขอเพิ่มรายละเอียด")  # the first request's one-off look-ups
    one = statements("ข้อ 1 ควรระบุจำนวนคน")
    for n in range(19):
        make_person(f"clerk{n}", roles=["employee", "clerk"], unit=org.office)
    twenty = statements("ข้อ 2 ควรระบุระยะเวลา")
    assert len(told()) == 20  # the last comment reached them all
    assert twenty == one


def test_a_comment_that_is_rolled_back_tells_nobody(org, pd, fail_after_notify):
    with pytest.raises(Boom):
        comments.comment_add(pd, by=org.employee.user, body="ขอเพิ่มรายละเอียด")
    assert not comments.comments_for(pd, org.clerk.user).exists()
    assert not Notice.objects.filter(kind=Notice.Kind.MESSAGE).exists()


def test_an_answer_tells_the_comments_writer_only(org, pd):
    comment = comments.comment_add(pd, by=org.employee.user, body="ขอเพิ่มรายละเอียด")
    Notice.objects.filter(kind=Notice.Kind.MESSAGE).delete()
    comments.comment_answer(comment, by=org.clerk.user, answer="จะปรับในฉบับถัดไป")

    assert told() == {org.employee.pk}
    notice = inapp().get()
    assert notice.subject == f"ความคิดเห็นของท่านต่อ “{pd.title}” ได้รับการตอบกลับแล้ว"
    assert notice.link == pd.get_absolute_url() + "#comments-title"
    assert as_page_shows(notice, "จะปรับในฉบับถัดไป")
    # Asked again (a retried request), nothing more is written.
    assert hooks.on_answered(comment, pd, by=org.clerk.user) == []
    with pytest.raises(Conflict):
        comments.comment_answer(comment, by=org.clerk.user, answer="ตอบซ้ำ")
    assert inapp().count() == 1


def as_page_shows(notice, text):
    from django.test import Client

    client = Client()
    client.force_login(notice.recipient.user)
    return text in client.get(notice.link).content.decode()


def test_hr_answering_their_own_comment_tells_nobody(org, pd):
    comment = comments.comment_add(pd, by=org.clerk.user, body="ขอแก้คำผิดในข้อ 1")
    Notice.objects.filter(kind=Notice.Kind.MESSAGE).delete()
    comments.comment_answer(comment, by=org.clerk.user, answer="แก้แล้ว")
    assert not Notice.objects.filter(kind=Notice.Kind.MESSAGE).exists()


def test_an_answer_that_is_rolled_back_tells_nobody_and_leaves_the_comment_open(
    org, pd, monkeypatch
):
    comment = comments.comment_add(pd, by=org.employee.user, body="ขอเพิ่มรายละเอียด")
    Notice.objects.filter(kind=Notice.Kind.MESSAGE).delete()

    def notify_then_fail(*args, **kwargs):
        assert notices.notify(*args, **kwargs)
        raise Boom

    monkeypatch.setattr(hooks, "notify", notify_then_fail)
    with pytest.raises(Boom):
        comments.comment_answer(comment, by=org.clerk.user, answer="จะปรับในฉบับถัดไป")
    comment.refresh_from_db()
    assert comment.answered_at is None
    assert not Notice.objects.filter(kind=Notice.Kind.MESSAGE).exists()


# --- suggestions' answers ---------------------------------------------------------------------


def suggest(org, by=None, **values):
    return suggestion_services.suggestion_submit(
        by=(by or org.employee).user, series=office_series(org), text="ควรมีที่จอดรถ", **values
    )


def test_an_answered_suggestion_tells_its_writer_only(org):
    suggestion = suggest(org)
    suggestion_services.suggestion_answer(suggestion, by=org.executive.user, outcome="เห็นชอบ")
    assert told() == {org.employee.pk}
    notice = inapp().get()
    assert notice.subject == (f"ข้อเสนอแนะของท่านต่อ “{office_series(org).name}” ได้รับการตอบกลับแล้ว")
    assert notice.link == reverse("workflows:suggestions")


def test_the_secretary_answering_their_own_suggestion_is_not_told(org):
    suggestion = suggest(org, by=org.clerk)
    suggestion_services.suggestion_answer(suggestion, by=org.clerk.user, outcome="เห็นชอบ")
    assert not Notice.objects.filter(kind=Notice.Kind.MESSAGE).exists()


def test_a_suggestions_answer_that_is_rolled_back_tells_nobody(org, fail_after_notify):
    suggestion = suggest(org, anonymous=True)
    with pytest.raises(Boom):
        suggestion_services.suggestion_answer(suggestion, by=org.executive.user, outcome="เห็นชอบ")
    suggestion.refresh_from_db()
    assert suggestion.status != "answered"
    assert not Notice.objects.filter(kind=Notice.Kind.MESSAGE).exists()
