"""The charts in a real browser, at 1280 px and on a 390 px phone: drawn inside the page's width,
their words legible (12 px and up whatever the width), named for assistive technology, and axe-core
finds nothing critical or serious on the pages that carry them."""

import datetime as dt

import pytest
from django.db import connections
from django.utils import timezone

from evaluations.models import CaseState, EvaluationCase
from evaluations.services import rounds
from notifications.models import Acknowledgement
from tests.browser.conftest import axe_violations, signed_in_page
from tests.factories import bulk_people, criteria_draft, next_round
from tests.hr_world import publish
from tests.reports.conftest import build
from tests.web.conftest import new_draft, walk

pytestmark = pytest.mark.browser

# Each chart's svg: its box, its accessible name, and the smallest of its texts' font sizes.
_MEASURE = """(figure) => {
    const svg = figure.querySelector("svg"), box = svg.getBoundingClientRect();
    const sizes = [...svg.querySelectorAll("text")].map(
        (t) => parseFloat(getComputedStyle(t).fontSize));
    return {left: box.left, right: box.right, height: box.height,
            role: svg.getAttribute("role"), label: svg.getAttribute("aria-label"),
            smallest: Math.min(...sizes), lines: figure.innerText};
}"""


def test_the_charts_fit_a_phone_and_a_desk_and_axe_finds_nothing(org, live_server, browser):
    try:
        circular = walk(new_draft(org, "ประกาศทดสอบแผนภูมิ"), org, "submit", "approve", "publish")
        late = Acknowledgement.objects.filter(object_id=circular.pk)
        late.update(deadline=timezone.localdate() - dt.timedelta(days=2))
        unit = bulk_people(6, prefix="chart")
        year, number = next_round()
        criteria = publish(
            criteria_draft(org, employment_types=["contract"], fiscal_year=year, round=number),
            org,
        )
        round_, cases = rounds.round_open(by=org.clerk.user, criteria=criteria, unit=unit)
        EvaluationCase.objects.filter(pk__in=[c.pk for c in cases[:4]]).update(
            state=CaseState.SCORED, total=85, level="ดีมาก"
        )
        report = build(org)
        pages = {
            f"/circulars/{circular.pk}/tracking/": "acknowledgement-by-unit",
            f"/evaluations/rounds/{round_.pk}/": "levels",
            f"/reports/{report.pk}/": "monthly",
        }
        for width in (1280, 390):
            page = signed_in_page(  # axe-core is injected as a script: past the CSP
                browser, live_server, org.clerk, viewport={"width": width, "height": 900},
                bypass_csp=True,
            )  # fmt: skip
            for path, name in pages.items():
                page.goto(live_server.url + path)
                figures = page.locator(f"figure[data-chart={name}]")
                assert figures.count() >= 1, (path, width)
                for i in range(figures.count()):
                    shown = figures.nth(i).evaluate(_MEASURE)
                    assert 0 <= shown["left"] and shown["right"] <= width, (path, width, shown)
                    assert shown["height"] > 0 and shown["smallest"] >= 11, (path, width, shown)
                    assert shown["role"] == "img" and shown["label"], (path, width)
                assert axe_violations(page) == [], (path, width)
                overflow = page.evaluate("document.documentElement.scrollWidth")
                assert overflow <= width, (path, width, overflow)
            tracking = f"/circulars/{circular.pk}/tracking/"
            page.goto(live_server.url + tracking)
            label = page.locator("figure[data-chart] svg").get_attribute("aria-label")
            assert "เกินกำหนด 4 คน (100%)" in label  # everyone asked, past the deadline
            page.context.close()
    finally:
        connections.close_all()  # see test_circular_journey
