"""hrflow.charts and the charts built on it: the SVG parses, its bars have the lengths the numbers
say, its words are escaped, and nothing divides by zero."""

from django.template.loader import render_to_string
from django.utils import translation

from evaluations.progress import levels_chart
from hrflow import charts
from notifications.tracking import chart_by_unit
from reports import monthly
from tests.charts import bars_of, texts_of
from tests.charts import parse as parse_svg


def parse(chart):
    return parse_svg(chart.svg)


def find_title(root):
    return root.find("{http://www.w3.org/2000/svg}title")


def test_a_bar_is_its_share_of_the_whole_and_the_svg_is_named_by_its_summary():
    chart = charts.bars(
        "test",
        "สามในสี่",
        [charts.Row("ฝ่าย ก", [charts.Bar(3, 4, "3/4", "ok"), charts.Bar(1, 4, "1/4", "bad")])],
    )
    root = parse(chart)
    assert root.get("role") == "img" and root.get("aria-label") == "สามในสี่"
    assert find_title(root).text == "สามในสี่"
    assert [(tone, width) for tone, width, _h in bars_of(root)] == [
        ("ok", "75.0%"),
        ("bad", "25.0%"),
    ]
    assert texts_of(root) == ["ฝ่าย ก", "3/4", "1/4"]


def test_labels_and_the_summary_are_escaped():
    hostile = "<script>alert(1)</script> & \"q\" 'x'"
    chart = charts.bars(hostile, hostile, [charts.Row(hostile, [charts.Bar(1, 2, hostile)])])
    assert "<script>" not in str(chart.svg)
    root = parse(chart)  # a stray < or & would not parse
    assert root.get("aria-label") == hostile and texts_of(root) == [hostile, hostile]
    columns = charts.columns("c", hostile, [(hostile, 1)], caption=hostile)
    assert "<script>" not in str(columns.svg) and hostile in texts_of(parse(columns))
    page = render_to_string("includes/chart.html", {"chart": columns})
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_nothing_to_count_draws_empty_bars_and_flat_columns():
    assert charts.Bar(0, 0, "").percent == 0 and charts.Bar(5, 0, "").percent == 0
    assert charts.share(0, 0) == "0%" and charts.share(1, 3) == "33.3%"
    empty = parse(charts.bars("e", "ไม่มี", [charts.Row("ฝ่าย ก", [charts.Bar(0, 0, "0")])]))
    assert [width for _t, width, _h in bars_of(empty)] == ["0.0%"]
    flat = parse(charts.columns("f", "ไม่มี", [("ต.ค.", 0), ("พ.ย.", 0)]))
    assert [height for _t, _w, height in bars_of(flat)] == ["0", "0"]
    assert parse(charts.bars("n", "ไม่มี", [])).get("role") == "img"
    assert parse(charts.columns("n", "ไม่มี", [])).get("role") == "img"


def test_a_bar_over_its_whole_stops_at_the_full_width():
    assert charts.Bar(7, 4, "").percent == 100


def test_the_acknowledgement_chart_shows_each_units_shares_acknowledged_and_overdue():
    rows = [
        {"unit": "กองคลัง", "recipients": 4, "acknowledged": 3, "overdue": 1},
        {"unit": "กองช่าง", "recipients": 5, "acknowledged": 0, "overdue": 0},
        {"unit": None, "recipients": 0, "acknowledged": 0, "overdue": 0},
    ]
    with translation.override("th"):
        chart = chart_by_unit(rows)
    root = parse(chart)
    assert [(tone, width) for tone, width, _h in bars_of(root)] == [
        ("ok", "75.0%"), ("bad", "25.0%"),
        ("ok", "0.0%"), ("bad", "0.0%"),
        ("ok", "0.0%"), ("bad", "0.0%"),
    ]  # fmt: skip
    assert "รับทราบแล้ว 3/4 (75%)" in texts_of(root) and "เกินกำหนด 1 (25%)" in texts_of(root)
    assert chart.summary == (
        "แผนภูมิการรับทราบแยกตามหน่วยงาน (3 หน่วยงาน): รับทราบแล้ว 3 จาก 9 คน (33.3%) "
        "เกินกำหนด 1 คน (11.1%)"
    )
    assert chart.lines == []  # the page's table by unit has the numbers


def test_the_levels_chart_counts_each_level_and_those_not_scored():
    progress = {"total": 10, "level_totals": [("ดีเด่น", 2), ("ดีมาก", 5), ("ดี", 0)], "unscored": 3}
    with translation.override("th"):
        chart = levels_chart(progress)
    root = parse(chart)
    assert [(tone, width) for tone, width, _h in bars_of(root)] == [
        ("brand", "20.0%"), ("brand", "50.0%"), ("brand", "0.0%"), ("muted", "30.0%"),
    ]  # fmt: skip
    assert texts_of(root)[:2] == ["ดีเด่น", "2 ราย (20%)"]
    assert "ดีมาก 5 ราย (50%)" in chart.summary and "ยังไม่ให้คะแนน 3 ราย (30%)" in chart.summary
    none = parse(levels_chart({"total": 0, "level_totals": [("ดีเด่น", 0)], "unscored": 0}))
    assert [width for _t, width, _h in bars_of(none)] == ["0.0%", "0.0%"]


def test_a_monthly_series_is_drawn_october_to_september_with_the_tallest_month_full():
    per_month = {f"2024-{m:02d}": 0 for m in (10, 11, 12)} | {
        f"2025-{m:02d}": 0 for m in range(1, 10)
    }
    per_month |= {"2024-11": 4, "2025-01": 2, "2025-09": 1}
    with translation.override("th"):
        chart = monthly.chart({"monthly": {"of": "ข้อเสนอแนะ (เรื่อง)", "per_month": per_month}}, 2568)
    root = parse(chart)
    heights = [float(height) for _t, _w, height in bars_of(root)]
    assert heights == [0, 110, 0, 55, 0, 0, 0, 0, 0, 0, 0, 27.5]
    labels = texts_of(root)[1::2]
    assert labels[0] == "ต.ค." and labels[3] == "ม.ค." and labels[-1] == "ก.ย."
    assert "ปีงบประมาณ 2568" in chart.summary and "รวม 7" in chart.summary
    assert chart.lines == ["ต.ค. 0 · พ.ย. 4 · ธ.ค. 0 · ม.ค. 2 · ก.พ. 0 · มี.ค. 0 · เม.ย. 0 · "
                           "พ.ค. 0 · มิ.ย. 0 · ก.ค. 0 · ส.ค. 0 · ก.ย. 1"]  # fmt: skip
    with translation.override("th"):
        zero = monthly.chart(
            {"monthly": {"of": "x", "per_month": dict.fromkeys(per_month, 0)}}, 2568
        )
    assert "ไม่มี" in zero.summary and set(bars_of(parse(zero))) == {("brand", "5.833%", "0")}


def test_a_statement_without_a_monthly_series_has_no_chart():
    assert monthly.chart({"rate": "50.0"}, 2568) is None
    assert monthly.chart({"monthly": {"of": "x", "per_month": {}}}, 2568) is None
