"""The benchmark's own services: a PostgreSQL database it drops and creates, a Redis database
index it empties, a var dir. Never the ones DATABASE_URL / CELERY_BROKER_URL name."""

import os
import secrets
import tempfile
from urllib.parse import urlparse

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/hrflow_bench"
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"


def configure():
    """Point this process (and the servers it starts) at the benchmark's services."""
    database = os.environ.get("HRFLOW_BENCH_DATABASE_URL") or DEFAULT_DATABASE
    broker = os.environ.get("HRFLOW_BENCH_BROKER_URL") or DEFAULT_BROKER
    if not database.startswith("postgres") or not broker.startswith("redis"):
        raise SystemExit("make bench runs on PostgreSQL and Redis only")
    var_dir = os.environ.get("HRFLOW_BENCH_VAR_DIR") or tempfile.mkdtemp(prefix="hrflow-bench-")
    os.makedirs(var_dir, exist_ok=True)
    os.environ.update(
        DATABASE_URL=database,
        CELERY_BROKER_URL=broker,
        HRFLOW_VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="bench.settings",
        HRFLOW_NOTICE_CHANNELS="inapp",
        ALLOWED_HOSTS="localhost,127.0.0.1,testserver",
        DEBUG="0",
    )
    # DEBUG off needs a key (hrflow/settings.py); the benchmark's servers share this one.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    return database, broker, var_dir


def recreate_database(url):
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def empty_broker(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def setup(full=True):
    database, broker, var_dir = configure()
    recreate_database(database)
    empty_broker(broker)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return var_dir
