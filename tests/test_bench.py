"""make bench itself (bench/): its modules import, and a line says PASS only when the ratio is
on the right side of its limit and every other condition holds. The benchmark does not run
in the test suite (make bench; bench/README.md)."""

import importlib

import pytest

from bench.measure import Result


@pytest.mark.parametrize(
    "module", ["bench.ack", "bench.audit", "bench.delivery", "bench.fanout", "bench.pages",
               "bench.seed", "bench.tasks", "bench.urls", "bench.env", "bench.mail",
               "bench.rounds", "bench.history", "bench.public_pdf", "bench.measure"],
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


def test_each_whole_run_is_one_line_of_the_history_with_every_ratio(tmp_path):
    from bench import history

    path = tmp_path / "history.jsonl"
    for commit, ratio in (("aaa1111", 1.2), ("bbb2222", 1.6)):
        run = {"commit": commit, "at": "2026-12-02T07:00:00Z", "all_pass": ratio <= 1.5,
               "scale": 0.1, "targets": [Result("fan-out", ratio, 1.5, "<=").as_dict(),
                                         Result("memory", 1.0, 1.07, "<=").as_dict()]}  # fmt: skip
        history.append(run, path)
    runs = history.read(path)
    assert [r["commit"] for r in runs] == ["aaa1111", "bbb2222"]
    assert runs[1]["ratios"] == {"fan-out": 1.6, "memory": 1.0}
    assert runs[1]["limits"]["fan-out"] == "<= 1.5" and runs[1]["all_pass"] is False
    assert runs[0]["scale"] == 0.1


def test_bench_scale_shrinks_the_large_sizes_only():
    from bench.__main__ import sizes_for

    sizes = sizes_for(False, 0.01)
    assert sizes["big"] == 1_000 and sizes["events"] == 10_000 and sizes["round"] == 100
    assert sizes["small"] == 100 and sizes["ack_round"] == 192
    assert sizes_for(False, 1)["big"] == 100_000


def test_bench_plot_draws_the_history(tmp_path):
    from bench import history

    path = tmp_path / "history.jsonl"
    history.append({"commit": "aaa1111", "at": "2026-12-02T07:00:00Z", "all_pass": True,
                    "targets": [Result("fan-out", 1.2, 1.5, "<=").as_dict()]}, path)  # fmt: skip
    output = history.plot(path, tmp_path / "history.png")
    assert output.read_bytes().startswith(b"\x89PNG")


def test_the_smtp_sink_starts_and_records_what_it_accepts(tmp_path):
    """The email line's server runs as a script from bench/ (its directory first on sys.path):
    a module there named like a package aiosmtpd imports (bench/public.py did) stops it."""
    import smtplib
    from email.message import EmailMessage

    from bench.ack import free_port
    from bench.mail import SmtpSink

    sink = SmtpSink(tmp_path, free_port()).start()
    try:
        message = EmailMessage()
        message["From"], message["To"] = "hrflow@example.org", "somchai@example.org"
        message["Message-ID"], message["Subject"] = "<bench-1@example.org>", "ทดสอบ"
        message.set_content("รับทราบ")
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=30) as smtp:
            smtp.send_message(message)
        received = sink.received()
    finally:
        sink.stop()
    assert received == ["somchai@example.org\t<bench-1@example.org>"]
