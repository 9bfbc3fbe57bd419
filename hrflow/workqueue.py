"""The work queue (งานรอดำเนินการ): every step waiting on one person, from every app.

Each app registers a provider in its own `menu.py` (found with the menu's autodiscovery):

    from hrflow import workqueue

    workqueue.register(workqueue.Provider(
        "acknowledgements", _("To acknowledge"),
        pending=pending,   # pending(user, limit) -> list[Task], most urgent first, at most limit
        waiting=waiting,   # waiting(user) -> list of querysets; their rows are what waits
        order=10,
    ))

`pending` runs a FIXED number of queries whatever the number of items (the page lists at most
`LIMIT` items per provider). `waiting` runs none: it only builds querysets, and every
provider's count comes from them in ONE statement (`counts`), so the badge on every page
costs one query for a person with ten pending steps or a thousand, and shows exactly the
number the page counts.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections

from hrflow import menu

LIMIT = 50


@dataclass(frozen=True)
class Task:
    label: str  # the step and what it is on: "อนุมัติ · ประกาศเรื่อง …"
    url: str  # where the step is taken
    due: dt.date | None = None
    kind: str = ""  # what sort of step (the provider's or a finer one: "review", "publish")


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    pending: Callable
    waiting: Callable
    order: int = 100

    def count(self, user) -> int:
        return counts(user, [self])[self.key]


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    _PROVIDERS[provider.key] = provider
    return provider


def providers() -> list[Provider]:
    menu.autodiscover()  # the providers register in the apps' menu.py
    return sorted(_PROVIDERS.values(), key=lambda provider: (provider.order, provider.key))


def get(key: str) -> Provider | None:
    menu.autodiscover()
    return _PROVIDERS.get(key)


@dataclass
class Section:
    key: str
    label: str
    count: int
    tasks: list

    @property
    def more(self) -> int:
        return self.count - len(self.tasks)


def _counted(queryset):
    """One queryset as `(SELECT COUNT(*) FROM (…))`, counting the rows `count()` would, or None
    for one that matches nothing (`.none()`, an empty `__in`)."""
    query = queryset.order_by().values("pk").query
    try:
        sql, params = query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return None
    # `sql` is Django's own compilation of the queryset; every value stays in `params`.
    return f"(SELECT COUNT(*) FROM ({sql}) wq)", list(params)  # noqa: S608


def counts(user, among: list[Provider] | None = None) -> dict[str, int]:
    """How many steps wait on the user in each provider — one statement for all of them."""
    among = providers() if among is None else among
    columns, params, using = [], [], "default"
    for provider in among:
        terms = []
        for queryset in provider.waiting(user):
            counted = _counted(queryset)
            if counted is not None:
                terms.append(counted[0])
                params += counted[1]
                using = queryset.db
        columns.append(" + ".join(terms) or "0")
    if not any(column != "0" for column in columns):
        return {provider.key: 0 for provider in among}
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    return {provider.key: int(n) for provider, n in zip(among, row, strict=True)}


def sections(user, *, limit: int = LIMIT) -> list[Section]:
    """The page: each provider with something waiting, its count and its first tasks."""
    found = []
    counted = counts(user)
    for provider in providers():
        if counted[provider.key]:
            tasks = provider.pending(user, limit=limit)
            found.append(Section(provider.key, str(provider.label), counted[provider.key], tasks))
    return found


def total(user) -> int:
    return sum(counts(user).values())


def count_for(request) -> int:
    """The header's badge: counted once per request, however often a template asks."""
    cached = getattr(request, "hrflow_work_count", None)
    if cached is None:
        user = getattr(request, "user", None)
        cached = total(user) if getattr(user, "is_authenticated", False) else 0
        request.hrflow_work_count = cached
    return cached


def employee_of(user):
    """The employee record of an active, signed-in user (None: nothing waits on them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "employee", None)
