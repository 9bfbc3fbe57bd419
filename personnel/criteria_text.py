"""The structured content of position descriptions and evaluation criteria as the page forms
type it: lines of text ("name | weight", items start with "-"), parsed into the shapes
personnel.criteria_rules judges (and formatted back for editing)."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .criteria_rules import RuleError


def _cell_number(cell):
    """A number typed in a cell, as a number; anything else as typed, for _number to refuse."""
    try:
        return Decimal(cell)
    except InvalidOperation:
        return cell


def _cells(line):
    return [cell.strip() for cell in line.split("|")]


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_duties(text) -> list[dict]:
    duties = []
    for line in _lines(text):
        cells = _cells(line)
        if len(cells) != 2:
            raise RuleError(
                _("“%(line)s”: write a duty as “duty | share of time”.") % {"line": line},
                "duties",
            )
        duties.append({"text": cells[0], "share": _cell_number(cells[1])})
    return duties


def format_duties(duties) -> str:
    return "\n".join(f"{d['text']} | {d['share']}" for d in duties or [])


def parse_components(text) -> list[dict]:
    components = []
    for line in _lines(text):
        is_item = line.startswith("-")
        cells = _cells(line.lstrip("-").strip())
        if is_item:
            if not components or len(cells) not in (2, 3):
                raise RuleError(
                    _("“%(line)s”: write an item as “- item | weight | goal number” under its "
                      "component.") % {"line": line},
                    "components",
                )  # fmt: skip
            components[-1]["items"].append(
                {
                    "name": cells[0],
                    "weight": _cell_number(cells[1]),
                    "goal": cells[2] if len(cells) == 3 else "",
                }
            )
        else:
            if len(cells) != 2:
                raise RuleError(
                    _("“%(line)s”: write a component as “component | weight”.") % {"line": line},
                    "components",
                )
            components.append({"name": cells[0], "weight": _cell_number(cells[1]), "items": []})
    return components


def format_components(components) -> str:
    lines = []
    for component in components or []:
        lines.append(f"{component['name']} | {component['weight']}")
        for item in component.get("items", []):
            goal = item.get("goal")
            suffix = f" | {goal}" if goal else ""
            lines.append(f"- {item['name']} | {item['weight']}{suffix}")
    return "\n".join(lines)


def parse_levels(text) -> list[dict]:
    levels = []
    for line in _lines(text):
        cells = _cells(line)
        if len(cells) != 3:
            raise RuleError(
                _("“%(line)s”: write a level as “name | lowest score | highest score”.")
                % {"line": line},
                "levels",
            )
        levels.append(
            {"name": cells[0], "min": _cell_number(cells[1]), "max": _cell_number(cells[2])}
        )
    return levels


def format_levels(levels) -> str:
    return "\n".join(f"{lv['name']} | {lv['min']} | {lv['max']}" for lv in levels or [])
