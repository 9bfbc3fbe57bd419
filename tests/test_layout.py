"""The layout of issue 15: workflows/ is the engine only, each kind family is its own app, and
demo data lives in demo/ alone."""

import pkgutil
from importlib import import_module

from django.apps import apps
from django.core.management import get_commands
from django.utils import translation

from workflows import registry

PRODUCT_APPS = ("hrflow", "notifications", "workflows", "circulars", "meetings", "personnel",
                "reports", "auditor", "public")  # fmt: skip
KIND_APPS = {
    "circulars": {"circular", "circularattachment"},
    "meetings": {"meetingseries", "attendance", "meetingminutes", "problem", "resolution",
                 "actionitem", "actionprogress", "suggestion"},
    "personnel": {"positiondescription", "evaluationcriteria", "organisationgoal"},
}  # fmt: skip


def module_names(package):
    root = import_module(package)
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        yield info.name


def test_the_workflows_app_holds_the_engine_and_no_kind():
    engine = {model._meta.model_name for model in apps.get_app_config("workflows").get_models()}
    assert engine == {"transitionlog", "registercounter", "documentcomment"}
    assert all(kind.model._meta.app_label != "workflows" for kind in registry.kinds())


def test_each_kind_family_is_its_own_app_on_the_tables_it_had():
    for app, names in KIND_APPS.items():
        models = {model._meta.model_name: model for model in apps.get_app_config(app).get_models()}
        assert set(models) == names
        for name, model in models.items():
            assert model._meta.db_table == f"workflows_{name}"


def test_demo_data_and_seed_demo_live_in_the_demo_app_alone():
    assert get_commands()["seed_demo"] == "demo"
    for package in PRODUCT_APPS:
        assert not [name for name in module_names(package) if "demo" in name.rsplit(".", 1)[1]]


def test_the_new_apps_are_named_in_thai():
    with translation.override("th"):
        names = {app: str(apps.get_app_config(app).verbose_name) for app in (*KIND_APPS, "demo")}
    assert names == {
        "circulars": "หนังสือเวียน",
        "meetings": "การประชุม",
        "personnel": "เอกสารงานบุคคล",
        "demo": "ข้อมูลสาธิต",
    }
