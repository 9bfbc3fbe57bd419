"""The main menu: a few groups by task, each app filling them from its own `menu.py`.

The lowest layer keeps the registry so every app can register without importing another;
`autodiscover_modules("menu")` (the admin's own mechanism) finds the registrations, and the
workflows app adds each registered kind's list and "new" pages itself (workflows/menu.py):

    from hrflow import menu

    menu.register(menu.Item(
        "reports", "integrity-reports",        # group, key (the page's data-nav)
        _("Integrity reports"), "reports:list",  # label, URL name
        visible=may_read_reports,              # visible(request) -> bool; default: signed in
        order=20,                              # order within the group
    ))

A group without a visible item is not shown; an item is current when its URL is the page's.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    order: int


def signed_in(request) -> bool:
    return request.user.is_authenticated


@dataclass(frozen=True)
class Item:
    group: str
    key: str
    label: str
    url_name: str
    visible: Callable = signed_in
    order: int = 100
    url_args: tuple = ()
    # URL names (or "app_name:" for a whole app) under which this item is the current page.
    current: tuple = field(default=())

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)


# The groups of issue 18, by task; an app may add its own (a new kind's app gets one).
MINE, CIRCULARS, MEETINGS, PERSONNEL, REPORTS, AUDIT = (
    "mine", "circulars", "meetings", "personnel", "reports", "audit",
)  # fmt: skip
_GROUPS: dict[str, Group] = {
    group.key: group
    for group in (
        Group(MINE, _("My work"), 10),
        Group(CIRCULARS, _("Circulars"), 20),
        Group(MEETINGS, _("Meetings"), 30),
        Group(PERSONNEL, _("Personnel"), 40),
        Group(REPORTS, _("Reports"), 50),
        Group(AUDIT, _("Audit"), 60),
    )
}
_ITEMS: dict[tuple[str, str], Item] = {}
_discovered = False


def add_group(key: str, label, order: int = 100) -> Group:
    """A group of an app's own (kept if it exists: the first label wins)."""
    return _GROUPS.setdefault(key, Group(key, label, order))


def has_group(key: str) -> bool:
    return key in _GROUPS


def register(item: Item) -> Item:
    if item.group not in _GROUPS:
        raise ImproperlyConfigured(f"The menu has no group {item.group!r} (for {item.key!r}).")
    _ITEMS[(item.group, item.key)] = item
    return item


def autodiscover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True  # a menu.py that asks the registry while imported must not recurse
        try:
            autodiscover_modules("menu")
        except Exception:
            _discovered = False
            raise


@dataclass
class Entry:
    key: str
    label: str
    url: str
    is_current: bool


@dataclass
class Shown:
    key: str
    label: str
    entries: list

    @property
    def is_current(self) -> bool:
        return any(entry.is_current for entry in self.entries)


def _is_current(item: Item, url: str, request) -> bool:
    if request.path == url:
        return True
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return any(name == f"{match.app_name}:" or name == match.view_name for name in item.current)


def for_request(request) -> list[Shown]:
    """The groups and items this person may use, in order; empty groups left out."""
    autodiscover()
    shown = []
    for group in sorted(_GROUPS.values(), key=lambda group: (group.order, group.key)):
        items = sorted(
            (item for item in _ITEMS.values() if item.group == group.key),
            key=lambda item: (item.order, item.key),
        )
        entries = []
        for item in items:
            if item.visible(request):
                url = item.url
                entries.append(
                    Entry(item.key, str(item.label), url, _is_current(item, url, request))
                )
        if entries:
            shown.append(Shown(group.key, str(group.label), entries))
    return shown


# --- hrflow's own entries ----------------------------------------------------------------


def _is_staff(request) -> bool:
    return request.user.is_staff


register(Item(MINE, "work", _("Pending work"), "work", order=1))
register(Item(PERSONNEL, "admin", _("Administration"), "admin:index", visible=_is_staff, order=90))
