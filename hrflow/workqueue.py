"""The work queue (งานรอดำเนินการ): every step waiting on one person, from every app.

Each app registers a provider in its own `menu.py` (found with the menu's autodiscovery):

    from hrflow import workqueue

    workqueue.register(workqueue.Provider(
        "acknowledgements", _("To acknowledge"),
        pending=pending,   # pending(user, limit) -> list[Task], most urgent first, at most limit
        count=count,       # count(user) -> int
        order=10,
    ))

Both functions run a FIXED number of queries whatever the number of items (the page lists
at most `LIMIT` items per provider and says how many there are), so the badge on every page
and the page itself cost the same for a person with ten pending steps or a thousand.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

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
    count: Callable
    order: int = 100


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


def sections(user, *, limit: int = LIMIT) -> list[Section]:
    """The page: each provider with something waiting, its count and its first tasks."""
    found = []
    for provider in providers():
        count = provider.count(user)
        if count:
            tasks = provider.pending(user, limit=limit)
            found.append(Section(provider.key, str(provider.label), count, tasks))
    return found


def total(user) -> int:
    return sum(provider.count(user) for provider in providers())


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
