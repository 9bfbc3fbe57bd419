"""The rules of structured content of position descriptions and evaluation criteria, in one
place: services, page forms and the API all call these, so a rule cannot hold in one and not in
another.

Content is stored as JSON on the document row (so a revision carries it over and the content
hash covers it):
- duties: [{"text": "…", "share": 40}, …] — shares of working time, total 100;
- components: [{"name": "ผลสัมฤทธิ์ของงาน", "weight": 70, "items": [{"name": "…", "weight": 60,
  "goal": 2}, …]}, …] — component weights total 100 and the items of each component total 100;
  `goal` is the number of one of the agency's goals for the criteria's fiscal year (optional);
- levels: [{"name": "ดีเด่น", "min": 90, "max": 100}, …] — scores to two decimals; together the
  levels cover 0–100 with no gap and no overlap (ดีมาก 80–89.99 meets ดีเด่น 90–100).

Pages edit them as lines of text ("name | weight", items start with "-"), parsed in
personnel.criteria_text into these shapes.
"""

from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STEP = Decimal("0.01")  # scores have two decimals: 89.99 meets 90
HUNDRED = Decimal(100)

DEFAULT_COMPONENTS = (
    (gettext_lazy("Achievement"), "ผลสัมฤทธิ์ของงาน", 70),
    (gettext_lazy("Competency"), "สมรรถนะ", 30),
)
DEFAULT_LEVELS = (
    ("ดีเด่น", 90, 100),
    ("ดีมาก", 80, 89.99),
    ("ดี", 70, 79.99),
    ("พอใช้", 60, 69.99),
    ("ต้องปรับปรุง", 0, 59.99),
)


class RuleError(ValueError):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


def default_components() -> list[dict]:
    return [
        {"name": thai, "weight": weight, "items": [{"name": thai, "weight": 100, "goal": None}]}
        for _label, thai, weight in DEFAULT_COMPONENTS
    ]


def default_levels() -> list[dict]:
    return [{"name": name, "min": low, "max": high} for name, low, high in DEFAULT_LEVELS]


def _number(value, what, field) -> Decimal:
    # JSON says what a number is: "100" (or true) in the API is a client's mistake, not 100.
    # The text forms turn their cells into numbers first (_cell_number).
    if isinstance(value, (bool, str)):
        raise RuleError(
            _("%(what)s: “%(value)s” is not a number.") % {"what": what, "value": value}, field
        )
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise RuleError(
            _("%(what)s: “%(value)s” is not a number.") % {"what": what, "value": value}, field
        ) from None
    if not number.is_finite() or number < 0 or number > HUNDRED:
        raise RuleError(_("%(what)s: must be between 0 and 100.") % {"what": what}, field)
    if number != number.quantize(STEP):
        raise RuleError(_("%(what)s: at most two decimals.") % {"what": what}, field)
    return number


def _plain(number: Decimal):
    """JSON keeps 70 as 70 and 89.99 as 89.99."""
    return int(number) if number == number.to_integral_value() else float(number)


def _text(value, what, field, limit=500) -> str:
    if value is not None and not isinstance(value, str):
        raise RuleError(_("%(what)s: the name must be text.") % {"what": what}, field)
    text = (value or "").strip()
    if not text:
        raise RuleError(_("%(what)s: a name is required.") % {"what": what}, field)
    return text[:limit]


def _total_100(weights, what, field):
    total = sum(weights, Decimal(0))
    if total != HUNDRED:
        raise RuleError(
            _("%(what)s total %(total)s; they must total 100.")
            % {"what": what, "total": _plain(total)},
            field,
        )


def clean_duties(duties) -> list[dict]:
    field = "duties"
    if not isinstance(duties, list) or not duties:
        raise RuleError(_("List at least one duty."), field)
    clean = []
    for index, duty in enumerate(duties, start=1):
        if not isinstance(duty, dict):
            raise RuleError(_("Duty %(n)s: give a text and a share.") % {"n": index}, field)
        what = _("Duty %(n)s") % {"n": index}
        share = _number(duty.get("share"), what, field)
        clean.append({"text": _text(duty.get("text"), what, field, 2000), "share": _plain(share)})
    _total_100([Decimal(str(d["share"])) for d in clean], _("The shares of time"), field)
    return clean


def clean_components(components, goal_numbers=None) -> list[dict]:
    """`goal_numbers`: the goals an item may point to (the criteria's fiscal year); None: any."""
    field = "components"
    if not isinstance(components, list) or not components:
        raise RuleError(_("List at least one component."), field)
    clean = []
    for index, component in enumerate(components, start=1):
        if not isinstance(component, dict):
            raise RuleError(_("Component %(n)s: give a name and a weight.") % {"n": index}, field)
        name = _text(component.get("name"), _("Component %(n)s") % {"n": index}, field)
        weight = _number(component.get("weight"), name, field)
        items = component.get("items")
        if not isinstance(items, list) or not items:
            raise RuleError(_("%(c)s: list at least one item.") % {"c": name}, field)
        clean_items = []
        for number, item in enumerate(items, start=1):
            what = _("%(c)s, item %(n)s") % {"c": name, "n": number}
            if not isinstance(item, dict):
                raise RuleError(_("%(what)s: give a name and a weight.") % {"what": what}, field)
            goal = item.get("goal")
            if goal in ("", None):
                goal = None
            else:
                try:
                    goal = int(goal)
                except (TypeError, ValueError):
                    goal = -1
                if goal < 1 or (goal_numbers is not None and goal not in goal_numbers):
                    raise RuleError(
                        _("%(what)s: there is no such goal for this fiscal year.") % {"what": what},
                        field,
                    )
            clean_items.append(
                {
                    "name": _text(item.get("name"), what, field),
                    "weight": _plain(_number(item.get("weight"), what, field)),
                    "goal": goal,
                }
            )
        _total_100(
            [Decimal(str(i["weight"])) for i in clean_items],
            _("The items of %(c)s") % {"c": name},
            field,
        )
        clean.append({"name": name, "weight": _plain(weight), "items": clean_items})
    _total_100([Decimal(str(c["weight"])) for c in clean], _("The components"), field)
    return clean


def clean_levels(levels) -> list[dict]:
    """Levels from the highest down; together they must cover 0–100 exactly once."""
    field = "levels"
    if not isinstance(levels, list) or not levels:
        raise RuleError(_("List at least one rating level."), field)
    parsed = []
    for index, level in enumerate(levels, start=1):
        if not isinstance(level, dict):
            raise RuleError(
                _("Level %(n)s: give a name, a lowest and a highest score.") % {"n": index}, field
            )
        name = _text(level.get("name"), _("Level %(n)s") % {"n": index}, field, 100)
        low = _number(level.get("min"), name, field)
        high = _number(level.get("max"), name, field)
        if low > high:
            raise RuleError(
                _("%(level)s: the lowest score is above the highest.") % {"level": name}, field
            )
        parsed.append((low, high, name))
    parsed.sort()
    if parsed[0][0] != 0:
        raise RuleError(
            _("No level covers the scores from 0 to %(to)s.") % {"to": _plain(parsed[0][0] - STEP)},
            field,
        )
    for (_low, high, name), (next_low, _next_high, next_name) in pairwise(parsed):
        if next_low <= high:
            raise RuleError(
                _("The levels %(a)s and %(b)s overlap (%(from)s–%(to)s).")
                % {"a": name, "b": next_name, "from": _plain(next_low), "to": _plain(high)},
                field,
            )
        if next_low > high + STEP:
            raise RuleError(
                _("No level covers the scores between %(a)s and %(b)s (%(from)s–%(to)s).")
                % {
                    "a": name,
                    "b": next_name,
                    "from": _plain(high + STEP),
                    "to": _plain(next_low - STEP),
                },
                field,
            )
    if parsed[-1][1] != HUNDRED:
        raise RuleError(
            _("No level covers the scores above %(from)s.") % {"from": _plain(parsed[-1][1])},
            field,
        )
    return [{"name": n, "min": _plain(lo), "max": _plain(hi)} for lo, hi, n in reversed(parsed)]


def level_for(levels, score) -> str:
    score = Decimal(str(score)).quantize(STEP)
    for level in levels:
        if Decimal(str(level["min"])) <= score <= Decimal(str(level["max"])):
            return level["name"]
    return ""
