"""make bench itself (bench/): its modules import, and a line says PASS only when the ratio is
on the right side of its limit and every other condition holds. The benchmark does not run
in the test suite (make bench; bench/README.md)."""

import importlib

import pytest

from bench.measure import Result


@pytest.mark.parametrize(
    "module", ["bench.ack", "bench.audit", "bench.delivery", "bench.fanout", "bench.pages",
               "bench.seed", "bench.tasks", "bench.urls", "bench.env"],
)  # fmt: skip
def test_the_bench_modules_import(module):
    importlib.import_module(module)


def test_a_line_passes_only_within_its_limit_and_its_conditions():
    assert Result("fan-out", 0.4, 2, "<=").passed
    assert not Result("fan-out", 2.1, 2, "<=").passed
    assert Result("delivery", 6.0, 1, ">=").passed
    assert not Result("acknowledge", 0.49, 0.5, ">=").passed
    assert not Result("pages", 1.1, 1.5, "<=", extra_ok=False).passed
    line = Result("audit-verify", 0.61, 0.5, ">=", why="chain").line()
    assert "0.61×" in line and "PASS" in line and line.endswith("chain")
    assert Result("memory", 1.05, 1.08, "<=").as_dict()["pass"] is True


def test_make_bench_uses_its_own_database_and_redis(monkeypatch, tmp_path):
    from bench import env

    monkeypatch.delenv("HRFLOW_BENCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("HRFLOW_BENCH_BROKER_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hrflow")
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "HRFLOW_VAR_DIR", "DJANGO_SETTINGS_MODULE",
                 "HRFLOW_NOTICE_CHANNELS", "ALLOWED_HOSTS", "DEBUG"):  # fmt: skip
        monkeypatch.setenv(name, "")  # restored after the test
    monkeypatch.setenv("HRFLOW_BENCH_VAR_DIR", str(tmp_path))
    database, broker, _var = env.configure()
    assert database.endswith("/hrflow_bench") and broker.endswith("/14")
