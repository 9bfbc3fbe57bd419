"""`make run` for a newcomer: with PORT=… the server binds that port on the address the banner
names, links (emails, public addresses) use it, the worker's start-up noise goes to a file under
var/ and the banner comes last. Read from `make -n -p` (what make would run), not by running it."""

import re
import subprocess

from tests.test_deployment import ROOT


def make_dry_run(*args) -> str:
    run = subprocess.run(["make", "-n", "-p", "run", *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    return run.stdout


def recipe(output) -> str:
    """The recipe lines make would run, in order (the database dump starts after them)."""
    return output.split("# GNU Make", 1)[0] if "# GNU Make" in output else output


def test_make_run_with_a_port_binds_it_where_the_banner_says_and_links_use_it():
    output = make_dry_run("PORT=8123")
    assert "run: HRFLOW_SITE_URL := http://127.0.0.1:8123" in output
    lines = recipe(output)
    server = re.search(r"manage\.py runserver (\S+)", lines).group(1)
    banner = re.search(r"HRFlow: (http://\S+)/", lines).group(1)
    assert banner == f"http://{server}" == "http://127.0.0.1:8123"


def test_the_worker_logs_to_var_and_the_banner_comes_last():
    lines = recipe(make_dry_run("PORT=8123"))
    assert re.search(r"celery -A hrflow worker[^&]*>>var/worker\.log 2>&1 &", lines)
    steps = [line for line in lines.splitlines() if line.strip()]
    banner = next(i for i, line in enumerate(steps) if "HRFlow: http://" in line)
    server = next(i for i, line in enumerate(steps) if "manage.py runserver" in line)
    # After the server and a wait until its port answers; nothing but `wait` after it.
    assert banner > server and "/dev/tcp/127.0.0.1/8123" in steps[banner - 1]
    assert [s.strip() for s in steps[banner + 1 :]][:1] == ["wait"]


def test_the_readme_names_port():
    assert "`PORT`" in (ROOT / "README.md").read_text()
