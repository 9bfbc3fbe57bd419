"""The documents' part of the menu and of the work queue (hrflow/menu.py, hrflow/workqueue.py):
each registered kind's list and "new" pages, in the group of its app, and the steps waiting
in every kind — review and publish, acknowledge, answer a comment."""

from django.apps import apps
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrflow import menu, workqueue

from . import queue, registry


def _new_label(pages) -> str:
    return gettext("New %(kind)s") % {"kind": pages.label_singular}


def _may_create(model):
    return lambda request: model.may_create(request.user)


def register_kind_entries() -> None:
    for kind in registry.with_pages():
        pages = kind.pages
        app = kind.model._meta.app_config
        group = app.label
        if not menu.has_group(group):
            # A kind's app not foreseen by the menu gets a group of its own, after the others.
            menu.add_group(group, apps.get_app_config(group).verbose_name, 100 + kind.order)
        menu.register(
            menu.Item(
                group, f"{kind.slug}-list", kind.label, pages.url_name("list"), order=kind.order
            )
        )
        menu.register(
            menu.Item(
                group,
                f"{kind.slug}-new",
                lazy(_new_label, str)(pages),
                pages.url_name("new"),
                visible=_may_create(kind.model),
                order=kind.order + 1,
            )
        )


register_kind_entries()

workqueue.register(
    workqueue.Provider(
        "acknowledgements",
        _("To acknowledge"),
        pending=queue.acknowledgements_pending,
        waiting=queue.acknowledgements_counted,
        order=10,
    )
)
workqueue.register(
    workqueue.Provider(
        "documents",
        _("Documents to approve or publish"),
        pending=queue.documents_pending,
        waiting=queue.documents_waiting,
        order=20,
    )
)
workqueue.register(
    workqueue.Provider(
        "comments",
        _("Comments to answer"),
        pending=queue.comments_pending,
        waiting=queue.comments_counted,
        order=40,
    )
)
