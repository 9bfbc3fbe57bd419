"""A database seeded at the previous main migrates forward to this checkout's layout, losing
nothing.

The previous main's code (`git archive`, no worktree) migrates a throw-away PostgreSQL database of
its own, loads `seed_demo` and publishes an integrity report; this checkout's code then migrates
the same database. The audit chain must still verify with the same head hash, every row of every
table must still be there (by id), and every auditor timeline — each document of each registered
kind, each person — must open and show the same events it showed before. It is what judges moving
the kinds out of `workflows/` (issue 15): tables kept, content types renamed, old audit labels
aliased."""

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import service_missing

# The main before the "one engine, kinds as apps" redesign (issue 15): the layout every existing
# database was made with. The check migrates a database of that state to whatever HEAD is.
PREVIOUS_MAIN = "6451934c9f237fff5ad1923ee7b1c84ae3e3f87f"

# A table a later migration renames on purpose: old name -> new name. Every other table keeps
# its name (models that move app keep their db_table through SeparateDatabaseAndState).
RENAMED_TABLES: dict[str, str] = {}
# Tables a migration drops on purpose, each with its reason; nothing else may go.
DROPPED_TABLES = {
    # hrflow 0008: plain DRF tokens replaced by expiring, hashed knox tokens (README: API tokens).
    "authtoken_token": "plain API tokens end with the upgrade to expiring tokens",
}
# Django's own bookkeeping: migrations of a dropped app are forgotten with it.
NOT_RECORDS = {"django_migrations"}

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
COMMAND_TIMEOUT = 600

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(900)]


def previous_tree(tmp_path) -> Path:
    """The previous main's files, unpacked from git (no worktree to clean up afterwards)."""
    try:
        found = subprocess.run(
            ["git", "-C", str(REPO), "cat-file", "-e", f"{PREVIOUS_MAIN}^{{commit}}"],
            capture_output=True,
            check=False,
        ).returncode
    except FileNotFoundError:  # no git on this machine
        found = None
    if found != 0:
        service_missing(
            f"the previous main {PREVIOUS_MAIN} is not in this clone's git history "
            "(clone with full history to run the migrates-forward check)"
        )
    tree = tmp_path / "previous"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", PREVIOUS_MAIN], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


@pytest.fixture
def scratch_database():
    """A PostgreSQL database of this test's own beside the test run's, dropped afterwards."""
    import psycopg

    parts = urlparse(os.environ["DATABASE_URL"])
    name = f"hrflow_migrates_forward_{os.getpid()}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(tree, env, *args) -> str:
    """`manage.py ARGS` of the code in `tree`, with this checkout's interpreter (the lock is the
    same: the previous main needs no package this one lacks)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, (
        f"{tree.name}: manage.py {args[0]} failed ({done.returncode}):\n"
        f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return done.stdout


def shell(tree, env, script, marker) -> str:
    out = manage(tree, env, "shell", "-c", (HERE / script).read_text())
    lines = [line for line in out.splitlines() if line.startswith(marker + " ")]
    assert lines, f"{script} printed no {marker} line:\n{out[-3000:]}"
    return lines[-1][len(marker) + 1 :]


def rows(database_url) -> dict[str, tuple[int, set]]:
    """Every table of the database: (row count, the set of its ids where it has an id column)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(database_url) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        with_id = {
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND column_name = 'id'"
            )
        }
        found = {}
        for table in tables:
            name = sql.Identifier(table)
            count = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(name)).fetchone()[0]
            ids = set()
            if table in with_id:
                ids = {row[0] for row in conn.execute(sql.SQL("SELECT id FROM {}").format(name))}
            found[table] = (count, ids)
    return found


def test_a_database_seeded_at_the_previous_main_migrates_forward_losing_nothing(
    tmp_path, scratch_database
):
    old = previous_tree(tmp_path)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "HRFLOW_HTTPS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hrflow.settings",  # the product's settings, not the test suite's
        DATABASE_URL=scratch_database,
        # The filesystem broker under the scratch folder: publishing queues its notices there and
        # nothing consumes them, so no worker anywhere delivers this database's notices.
        CELERY_BROKER_URL="filesystem://",
        HRFLOW_VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DEBUG="0",
        SECRET_KEY="migrates-forward-check-" + "x" * 40,
    )

    manage(old, env, "migrate", "--noinput")
    manage(old, env, "seed_demo")
    shell(old, env, "publish_report.py", "PUBLISHED")
    # verify_audit exits non-zero (manage() fails) unless the whole chain verifies.
    head_before = manage(old, env, "verify_audit", "--head").strip()
    assert head_before, "verify_audit --head printed no head hash"
    before = rows(scratch_database)
    timelines_before = json.loads(shell(old, env, "timelines.py", "TIMELINES"))
    assert all(opened[0] == 200 for opened in timelines_before.values()), timelines_before
    assert before["reports_integrityreport"][0] >= 1
    assert any(people for _, _, people in timelines_before.values()), "no acknowledgement shown"
    assert before["notifications_acknowledgement"][0] > 0 and before["notifications_notice"][0] > 0

    manage(REPO, env, "migrate", "--noinput")

    # Migrating writes nothing to the trail: the chain still verifies, to the same head.
    assert manage(REPO, env, "verify_audit", "--head").strip() == head_before

    after = rows(scratch_database)
    lost = {}
    for table, (count, ids) in before.items():
        if table in DROPPED_TABLES or table in NOT_RECORDS:
            continue
        new_table = RENAMED_TABLES.get(table, table)
        if new_table not in after:
            lost[table] = f"the table is gone ({count} rows)"
            continue
        new_count, new_ids = after[new_table]
        missing = ids - new_ids
        if new_count < count or missing:
            gone = sorted(missing)[:10]
            lost[table] = f"{count} rows before, {new_count} after; ids gone: {gone}"
    assert not lost, f"rows lost migrating forward from {PREVIOUS_MAIN[:7]}: {lost}"

    timelines_after = json.loads(shell(REPO, env, "timelines.py", "TIMELINES"))
    not_open = {url: opened[0] for url, opened in timelines_after.items() if opened[0] != 200}
    assert not not_open, f"auditor timelines that do not open after migrating: {not_open}"
    changed = {}
    for url, (_, seqs, people) in timelines_before.items():
        _, seqs_after, people_after = timelines_after.get(url, [None, None, []])
        if seqs_after != seqs:
            changed[url] = f"events before {seqs}, after {seqs_after}"
        # An acknowledgement is found through its content type: a moved kind whose content type
        # was not renamed keeps the rows but shows nobody on its timeline.
        elif Counter(people) - Counter(people_after):
            changed[url] = f"people linked before {people}, after {people_after}"
    assert not changed, f"auditor timelines that changed migrating forward: {changed}"
    # Every document the old auditor could open is still opened from the current registry.
    assert set(timelines_before) <= set(timelines_after)
