"""docker-compose.yml is for deployments (no Docker engine runs here): it must parse and name
commands that really exist in this project."""

import importlib
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

from hrflow.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_words(service) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_compose_names_the_five_services():
    assert set(compose()["services"]) == {"postgres", "redis", "web", "worker", "beat"}


def test_web_migrates_then_serves_the_real_wsgi_application_with_gunicorn():
    words = " ".join(command_words(compose()["services"]["web"]))
    assert "manage.py migrate" in words
    target = next(w for w in words.split() if w.endswith(":application"))
    module, attribute = target.split(":")
    assert callable(getattr(importlib.import_module(module), attribute))
    assert "gunicorn" in words
    assert importlib.util.find_spec("gunicorn") is not None
    assert "migrate" in get_commands()


def test_worker_and_beat_run_the_projects_celery_app():
    services = compose()["services"]
    for name, sub in (("worker", "worker"), ("beat", "beat")):
        words = command_words(services[name])
        assert words[:3] == ["celery", "-A", "hrflow"]
        assert sub in words
    assert celery_app.main == "hrflow"
    assert "notifications.tasks.sweep" in {
        e["task"] for e in celery_app.conf.beat_schedule.values()
    }


def test_redis_keeps_queued_notices_across_a_restart():
    assert "--appendonly" in compose()["services"]["redis"]["command"]


def test_the_app_services_use_postgres_and_redis_and_require_a_secret_key():
    env = compose()["x-app"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["CELERY_BROKER_URL"].startswith("redis://")
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    # DEBUG stays off in production, so a missing key stops start-up (hrflow/settings.py).
    assert "DEBUG" not in env
