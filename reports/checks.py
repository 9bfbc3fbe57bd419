"""Typed outcomes against computed figures: each computed statement's headline share, and
whether it reaches the threshold HR set for it (reports.models.Activity.threshold).

A measure's outcome is typed by HR ("staff knew the criteria before the round"); the records
may say otherwise (41.7 % acknowledged before the round). Building a report records the check
beside each figure; submitting a report with a figure below its threshold needs HR's explicit
confirmation (IntegrityReport.check_step), and the report then says so."""

from decimal import Decimal

# source → (the headline share's part, its whole) among the statement's numbers
HEADLINES = {
    "circulars": ("in_time", "requests"),
    "meetings": ("months_with_meeting", "months"),
    "meeting_outcomes": ("action_items_closed", "action_items"),
    "position_descriptions": ("in_time", "requests"),
    "criteria": ("in_time", "requests"),
    "suggestions": ("answered", "received"),
    "evaluations": ("against_acknowledged", "evaluated"),
}


def share(source: str, numbers: dict) -> Decimal | None:
    """The statement's headline share in per cent (one decimal), None with nothing counted."""
    part, whole = HEADLINES[source]
    if not numbers.get(whole):
        return None
    return (Decimal(100) * numbers[part] / numbers[whole]).quantize(Decimal("0.1"))


def check(source: str, numbers: dict, threshold) -> dict | None:
    """{"share", "threshold", "met"} as the report keeps it (strings: it is stored as JSON);
    None when no threshold is set. With nothing counted there is no figure to contradict the
    outcome: "met" is None (shown as "no figure"), not a shortfall."""
    if threshold is None or not source:
        return None
    value = share(source, numbers)
    return {
        "share": "-" if value is None else str(value),
        "threshold": _plain(Decimal(threshold)),
        "met": None if value is None else value >= Decimal(threshold),
    }


def _plain(value: Decimal) -> str:
    """80.0 → "80", 82.5 → "82.5"."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
