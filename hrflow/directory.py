"""The staff directory as the pickers read it: people by name, staff ID or unit, a page at a
time in two queries whatever the agency's size; units as a tree (the tree is small: one query).

A search is by substring (Thai writes no spaces between words). On PostgreSQL the name and
staff-ID conditions are served by trigram indexes (hrflow/migrations/0011); the unit's name is
matched first, in the small unit table, so the people query is conditions on its own columns
only — which PostgreSQL can answer by OR-ing index scans, where a condition on the joined unit
would make it read every employee."""

from functools import reduce
from operator import or_

from django.db.models import Q

from hrflow.models import Department, Employee

PAGE_SIZE = 20
MAX_TEXT = 100


def _units_named(words: list[str]) -> dict[str, set[int]]:
    """word → the ids of the units whose name holds it (one query for every word)."""
    if not words:
        return {}
    units = Department.objects.filter(reduce(or_, (Q(name__icontains=w) for w in words)))
    names = list(units.values_list("pk", "name"))
    return {w: {pk for pk, name in names if w.casefold() in name.casefold()} for w in words}


def staff_search(text: str, *, page: int = 1) -> tuple[list[Employee], bool]:
    """(the page's people, whether there are more). Every word must match a name, the staff ID
    or the unit's name; substrings, since Thai writes no spaces between words."""
    people = (
        Employee.objects.filter(user__is_active=True)
        .select_related("unit")
        .order_by("first_name", "last_name", "pk")
    )
    words = text[:MAX_TEXT].split()
    units = _units_named(words)
    for word in words:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(staff_id__icontains=word)
            | Q(unit_id__in=sorted(units[word]))
        )
    start = (page - 1) * PAGE_SIZE
    rows = list(people[start : start + PAGE_SIZE + 1])  # one more tells whether a next page exists
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def unit_tree(text: str = "") -> list[dict]:
    """Units in tree order with their depth and path ("กอง › ฝ่าย"); with `text`, the units whose
    name or code holds it (their path still shows where they sit)."""
    units = list(Department.objects.order_by("name").values("pk", "name", "code", "parent_id"))
    children: dict[int | None, list[dict]] = {}
    for unit in units:
        children.setdefault(unit["parent_id"], []).append(unit)
    ordered, stack = [], [(unit, 0, ()) for unit in reversed(children.get(None, []))]
    seen = set()
    while stack:
        unit, depth, path = stack.pop()
        if unit["pk"] in seen:  # a cycle typed in the admin must not loop forever
            continue
        seen.add(unit["pk"])
        ordered.append({"id": unit["pk"], "name": unit["name"], "code": unit["code"],
                        "depth": depth, "path": " › ".join((*path, unit["name"]))})  # fmt: skip
        for child in reversed(children.get(unit["pk"], [])):
            stack.append((child, depth + 1, (*path, unit["name"])))
    needle = text[:MAX_TEXT].strip().casefold()
    if not needle:
        return ordered
    return [u for u in ordered if needle in u["name"].casefold() or needle in u["code"].casefold()]
