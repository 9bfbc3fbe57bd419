"""CI (.ci/run) proves the suite where production runs (PostgreSQL+Redis, missing services fail)
and where a newcomer's `make run` runs (SQLite and the filesystem broker)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEN = ("DATABASE_URL", "CELERY_BROKER_URL", "HRFLOW_REQUIRE_SERVICES", "HRFLOW_VAR_DIR")


def test_ci_runs_the_readme_test_command_on_the_services_and_again_on_the_run_default(tmp_path):
    # A stand-in `make` that writes down each call and the environment it ran with; the
    # services checks of .ci/run run for real.
    log = tmp_path / "make.log"
    make = tmp_path / "make"
    fields = "|".join(["$*", *(f"${{{name}-}}" for name in SEEN)])
    make.write_text(f'#!/bin/sh\necho "{fields}" >> {log}\n')
    make.chmod(make.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "HRFLOW_REQUIRE_SERVICES": "1"}
    subprocess.run(["bash", str(ROOT / ".ci/run")], env=env, check=True, timeout=120)

    # The two runs go at once, so the order they wrote down is the scheduler's.
    lines = log.read_text().splitlines()
    runs = sorted(
        (line.split("|") for line in lines if line.startswith("test")), key=lambda r: r[1]
    )
    assert len(runs) == 2, runs
    default, (command, database, broker, required, var_dir) = runs
    assert command == "test", "the services run is the README's command, whole"
    assert database.startswith("postgres://") and broker.startswith("redis://")
    assert required == "1"
    # The default run leaves out only what does not depend on the database (browser, tools).
    left_out = "not browser and not needs and not chaos"
    assert default[:4] == [f'test PYTEST_ARGS=-m "{left_out}"', "", "", ""]
    assert var_dir != default[4], "each run needs its own var/ (SQLite file, broker, media)"


def test_a_postgres_test_skips_on_the_run_default_even_with_the_require_flag(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "PYTEST_ADDOPTS")
    }
    env.update(HRFLOW_REQUIRE_SERVICES="1", HRFLOW_VAR_DIR=str(tmp_path))  # its own test database
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
         "tests/reports/test_concurrency_postgres.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    assert "skipped" in result.stdout and "failed" not in result.stdout, result.stdout[-3000:]
