"""docker-compose.yml is for deployments (no Docker engine runs here): it must parse and name
commands that really exist in this project."""

import importlib
import os
import re
import runpy
import shlex
import subprocess
import sys
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


def test_every_scheduled_task_is_a_task_the_worker_knows():
    # Tasks live in their apps' tasks.py (found by autodiscovery): a schedule entry naming a
    # task that moved would be dropped by the worker every time beat sends it.
    celery_app.loader.import_default_modules()
    scheduled = {e["task"] for e in celery_app.conf.beat_schedule.values()}
    assert scheduled and scheduled <= set(celery_app.tasks), scheduled - set(celery_app.tasks)


def test_redis_keeps_queued_notices_across_a_restart():
    assert "--appendonly" in compose()["services"]["redis"]["command"]


def test_the_app_services_use_postgres_and_redis_and_require_a_secret_key():
    env = compose()["x-app"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["CELERY_BROKER_URL"].startswith("redis://")
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    # DEBUG stays off in production, so a missing key stops start-up (hrflow/settings.py).
    assert "DEBUG" not in env


def readme_settings() -> set[str]:
    """The variable names in the first column of the README's settings table."""
    text = (ROOT / "README.md").read_text()
    table = text.split("## Settings (environment variables)", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_the_app_services_pass_every_setting_of_the_readmes_table():
    env = compose()["x-app"]["environment"]
    # DEBUG stays off in production; PORT is `make run`'s.
    expected = readme_settings() - {"DEBUG", "PORT"}
    named = {"EMAIL_HOST_USER", "HRFLOW_TRUSTED_PROXY_COUNT", "HRFLOW_LINE_CHANNEL_TOKEN"}
    assert named <= expected
    assert expected - set(env) == set()
    for name in ("web", "worker", "beat"):
        assert set(compose()["services"][name]["environment"]) >= expected


def test_the_compose_defaults_are_settings_hrflow_starts_with():
    """Each `${NAME:-default}` given to the app as it would be when NAME is not set."""
    env = {**os.environ, "SECRET_KEY": "compose-defaults-check", "PYTHONPATH": str(ROOT)}
    for name, value in compose()["x-app"]["environment"].items():
        env[name] = re.sub(r"\$\{[A-Z_]+:[-?]([^}]*)\}", r"\1", str(value))
    env.pop("DEBUG", None)
    run = subprocess.run(
        [sys.executable, "-c", "import hrflow.settings"],
        env={**env, "HRFLOW_VAR_DIR": str(ROOT / "var" / "compose-check")},
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr


def test_web_worker_and_beat_reach_the_database_as_the_readmes_application_role():
    readme = (ROOT / "README.md").read_text()
    role = re.search(r"# web, worker and beat run as the application's role\n"
                     r"DATABASE_URL=postgres://(\w+)@", readme).group(1)  # fmt: skip
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        url = services[name]["environment"]["DATABASE_URL"]
        assert url.startswith(f"postgres://{role}:"), (name, url)
    web = " ".join(command_words(services["web"]))
    owner = services["web"]["environment"]["OWNER_DATABASE_URL"]
    assert owner.startswith("postgres://hrflow_owner:")
    assert "DATABASE_URL=$OWNER_DATABASE_URL python manage.py migrate" in web.replace("$$", "$")
    assert f"grant_app_role {role}" in web
    assert services["postgres"]["environment"]["POSTGRES_USER"] == "hrflow_owner"
    assert f"CREATE ROLE {role} LOGIN" in compose()["configs"]["app-role"]["content"]


def test_gunicorn_takes_its_settings_from_the_projects_file():
    # gunicorn reads ./gunicorn.conf.py by itself: the image's WORKDIR and the bench's server
    # start it from the repository's root, so the web service's workers are set in one place.
    from gunicorn.config import Config

    assert Config().settings["config"].default == "./gunicorn.conf.py"
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["bind"] == "0.0.0.0:8000"
    assert settings["workers"] == (os.cpu_count() or 1) * 2 + 1
    words = command_words(compose()["services"]["web"])
    assert "--workers" not in words and "--bind" not in words
