"""Small charts drawn on the server as SVG: a picture beside the numbers, never instead of them.

No script and no library: the pages print, work without JavaScript and on a 390 px phone. The
SVG has no viewBox: its width is the page's (100 %), bars are placed in per cent of it and text
keeps its size in px (a bar's words sit at its end: x in per cent, dx in px), so a narrow screen
gets shorter bars, not smaller letters.

A Chart is the SVG (role="img", its accessible name the summary) and the lines of numbers the
page prints under it (templates/includes/chart.html); callers give words and numbers, every
label is escaped here. Each bar may carry a tone: "ok" (acknowledged), "bad" (overdue), "brand"
or "muted"; the colours keep 4.5:1 against white, for white text inside a bar, too."""

from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

TONES = {"ok": "#1f7a3d", "bad": "#b3261e", "brand": "#1d4e89", "muted": "#5b6675"}
TRACK = "#e6e9ee"
INK = "#1c2430"
LABEL_CHARS = 40  # a longer name is cut in the picture; the lines under it give it whole


@dataclass
class Bar:
    value: int  # what the bar counts
    whole: int  # what a full-width bar would count (0: an empty bar)
    text: str  # printed beside the bar, e.g. "รับทราบแล้ว 3/4 (75%)"
    tone: str = "brand"

    @property
    def percent(self) -> float:
        """The bar's length in per cent of the width, 0 with nothing to divide by."""
        if self.whole <= 0 or self.value <= 0:
            return 0.0
        return round(min(100.0, 100 * self.value / self.whole), 1)


@dataclass
class Row:
    label: str
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    name: str  # data-chart on the page
    summary: str  # the SVG's <title> and aria-label: the numbers in one sentence
    svg: SafeString
    lines: list[str] = field(default_factory=list)  # the numbers as text, under the picture
    caption: str = ""  # what the picture counts, above its lines


def share(part: int, whole: int) -> str:
    """'75%' (no decimals unless needed, one at most); '0%' with nothing to divide by."""
    if whole <= 0:
        return "0%"
    value = round(100 * part / whole, 1)
    return f"{value:g}%"


def _cut(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _svg(summary: str, height: int, body: list[str], css_class: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" width="100%" height="{}" role="img" '
        'aria-label="{}"><title>{}</title>{}</svg>',
        css_class,
        height,
        summary,
        summary,
        mark_safe("".join(body)),  # noqa: S308
    )


def _bar_text(bar: Bar, y: int) -> str:
    """The bar's words at its end (x in per cent, nudged by dx in px): inside it in white when
    it is long, else just after it."""
    inside = bar.percent >= 50  # else its words, after it, would run off a phone's width
    return format_html(
        '<text x="{}%" dx="{}" y="{}" font-size="12" text-anchor="{}" fill="{}">{}</text>',
        bar.percent,
        -6 if inside else 6,
        y + 11,
        "end" if inside else "start",
        "#fff" if inside else INK,
        bar.text,
    )


BAR_HEIGHT = 16
NAME_HEIGHT = 20
ROW_GAP = 12


def bars(name: str, summary: str, rows: list[Row], lines: list[str] | None = None) -> Chart:
    """Horizontal bars: per row its label on a line of its own, then its bars under it."""
    body, y = [], 0
    for row in rows:
        body.append(
            format_html(
                '<text x="0" y="{}" font-size="14" font-weight="600" fill="{}">{}</text>',
                y + 15,
                INK,
                _cut(row.label),
            )
        )
        y += NAME_HEIGHT
        for bar in row.bars:
            body.append(
                format_html(
                    '<rect x="0" y="{}" width="100%" height="{}" fill="{}"/>'
                    '<rect class="bar" data-tone="{}" x="0" y="{}" width="{}%" height="{}" '
                    'fill="{}"/>',
                    y,
                    BAR_HEIGHT,
                    TRACK,
                    bar.tone,
                    y,
                    bar.percent,
                    BAR_HEIGHT,
                    TONES[bar.tone],
                )
            )
            body.append(_bar_text(bar, y + 2))
            y += BAR_HEIGHT + 3
        y += ROW_GAP
    return Chart(name, summary, _svg(summary, max(y, 1), body, "chart-bars"), lines or [])


COLUMN_AREA = 110  # px of the tallest column
COLUMN_TOP = 18  # room for the value above the tallest column


def columns(
    name: str, summary: str, points: list[tuple[str, int]], *, tone="brand", caption=""
) -> Chart:
    """Vertical columns, one per point (label, count), the tallest at full height; each column's
    count above it and its label under it. The lines under the picture repeat every point."""
    top = max((value for _label, value in points), default=0)
    slot = 100 / max(len(points), 1)
    body = []
    baseline = COLUMN_TOP + COLUMN_AREA
    for index, (label, value) in enumerate(points):
        height = round(COLUMN_AREA * value / top, 1) if top > 0 and value > 0 else 0
        centre = round(slot * (index + 0.5), 3)
        body.append(
            format_html(
                '<rect class="bar" data-tone="{}" x="{}%" y="{}" width="{}%" height="{}" '
                'fill="{}"/><text x="{}%" y="{}" font-size="12" text-anchor="middle" '
                'fill="{}">{}</text><text x="{}%" y="{}" font-size="11" text-anchor="middle" '
                'fill="{}">{}</text>',
                tone,
                round(slot * index + slot * 0.15, 3),
                round(baseline - height, 1),
                round(slot * 0.7, 3),
                height,
                TONES[tone],
                centre,
                round(baseline - height - 4, 1),
                INK,
                value,
                centre,
                baseline + 15,
                INK,
                label,
            )
        )
    body.append(
        format_html(
            '<line x1="0" x2="100%" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            baseline + 0.5,
            baseline + 0.5,
            INK,
        )
    )
    lines = [" · ".join(f"{label} {value}" for label, value in points)]
    svg = _svg(summary, baseline + 22, body, "chart-columns")
    return Chart(name, summary, svg, lines, caption)
