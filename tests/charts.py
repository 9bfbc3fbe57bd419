"""Reading the charts of hrflow.charts back out of a page: the SVG of a named chart, parsed,
and its bars and words."""

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 (our own SVG, parsed to check it)


def charts_in(page: str, name: str) -> list[ET.Element]:
    """The SVG of every chart called `name` (data-chart) on the page, parsed."""
    figures = re.findall(
        rf'<figure class="chart[^"]*" data-chart="{re.escape(name)}">(.*?)</figure>', page, re.S
    )
    return [parse(figure[figure.index("<svg") : figure.rindex("</svg>") + 6]) for figure in figures]


def bars_of(root) -> list[tuple[str, str, str]]:
    """(tone, width, height) of every bar, in order."""
    return [
        (rect.get("data-tone"), rect.get("width"), rect.get("height"))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class") == "bar"
    ]


def texts_of(root) -> list[str]:
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
