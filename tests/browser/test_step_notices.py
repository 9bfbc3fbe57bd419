"""The notices of a withdrawal, a comment and the answers (workflows/hooks.py), delivered by a
real worker, as their people read them in the inbox at 1280 px and on a 390 px phone: in Thai,
each a link to where the thing is, the withdrawal with its reason; axe-core finds nothing
critical or serious."""

import tempfile
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse

from meetings import suggestions as suggestion_services
from notifications.models import Notice
from tests.browser.conftest import axe_violations, signed_in_page, wait_for
from tests.factories import position_description_draft
from tests.hr_world import publish
from tests.meetings import office_series
from tests.web.conftest import new_draft, walk
from workflows import comments, services

pytestmark = pytest.mark.browser

# Looked at by a person after a change to the notices: hrflow-step-notices-<who>-<width>.png
SCREENSHOTS = Path(tempfile.gettempdir())
REASON = "ประกาศวันที่ผิด จะออกฉบับแก้ไขแทน"


def test_the_new_notices_read_well_in_the_inbox_on_a_desk_and_on_a_phone(
    org, live_server, browser, worker
):
    try:
        inboxes(org, live_server, browser)
    finally:
        connections.close_all()  # the ORM's own connection beside Playwright's loop


def inboxes(org, live_server, browser):
    circular = walk(new_draft(org, "ประกาศเรื่องวันหยุดราชการ"), org, "submit", "approve", "publish")
    services.apply_transition(circular, "withdraw", by=org.executive.user, note=REASON)
    pd = publish(position_description_draft(org, org.employee.position), org)
    comment = comments.comment_add(pd, by=org.employee.user, body="ภาระงานข้อ 2 มากเกินสัดส่วน")
    comments.comment_answer(comment, by=org.clerk.user, answer="จะปรับในฉบับถัดไป")
    suggestion = suggestion_services.suggestion_submit(
        by=org.employee.user, series=office_series(org), text="ควรมีที่จอดรถ"
    )
    suggestion_services.suggestion_answer(suggestion, by=org.executive.user, outcome="เห็นชอบ")
    messages = Notice.objects.filter(kind=Notice.Kind.MESSAGE, channel="inapp")
    wait_for(
        lambda: messages.exists() and not messages.exclude(status=Notice.Status.SENT).exists(),
        what="the worker to deliver the messages",
    )

    expected = {
        org.employee: [
            ("ยกเลิก (เพิกถอน) เอกสาร: ประกาศเรื่องวันหยุดราชการ", circular.get_absolute_url()),
            (f"ความคิดเห็นของท่านต่อ “{pd.title}” ได้รับการตอบกลับแล้ว", pd.get_absolute_url()),
            (
                f"ข้อเสนอแนะของท่านต่อ “{office_series(org).name}” ได้รับการตอบกลับแล้ว",
                reverse("workflows:suggestions"),
            ),
        ],
        org.clerk: [(f"ความคิดเห็นใหม่รอการตอบจากท่าน: {pd.title}", pd.get_absolute_url())],
    }
    for person, notices in expected.items():
        for width, height in ((1280, 900), (390, 844)):
            page = signed_in_page(
                browser,
                live_server,
                person,
                bypass_csp=True,
                viewport={"width": width, "height": height},
            )
            page.goto(f"{live_server.url}/inbox/")
            for subject, link in notices:  # each once, a link to where the thing is
                found = page.locator(".notice-message a", has_text=subject)
                assert found.count() == 1, (person.user.username, subject)
                assert found.is_visible()
                assert found.get_attribute("href").startswith(link)
            if person == org.employee:
                shown = page.locator(".notice-message").all_inner_texts()
                assert any(REASON in text for text in shown)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert axe_violations(page) == []
            page.screenshot(
                path=str(SCREENSHOTS / f"hrflow-step-notices-{person.user.username}-{width}.png"),
                full_page=True,
            )
            page.context.close()
