"""python -m bench [--tiny]: run every target, print one line each, write results/latest.json.
Exit status 1 unless every line says PASS."""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from . import env, history

HERE = Path(__file__).resolve().parent

FULL = {
    "big": 100_000,
    "small": 100,
    "ack_round": 192,
    "events": 1_000_000,
    "emails": 10_000,
    "round": 10_000,
}
TINY = {"big": 300, "small": 30, "ack_round": 64, "events": 2_000, "emails": 100, "round": 300}
# BENCH_SCALE=0.01: these at 1 %, for developing a line
SCALED = ("big", "events", "emails", "round")


def sizes_for(tiny, scale):
    sizes = dict(TINY if tiny else FULL)
    for key in SCALED:
        sizes[key] = max(sizes["small"], round(sizes[key] * scale))
    return sizes


def commit():
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, text=True,  # noqa: S607
                          capture_output=True, check=False)  # fmt: skip
    return done.stdout.strip() or "unknown"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--tiny", action="store_true", help="small sizes, a smoke run only")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated groups (fan-out always "
        "runs): delivery, ack, public, pages, round, audit; while developing a line",
    )
    parser.add_argument("--output", default=str(HERE / "results" / "latest.json"))
    args = parser.parse_args(argv)
    scale = float(os.environ.get("BENCH_SCALE") or 1)
    sizes = sizes_for(args.tiny, scale)
    started = time.monotonic()
    var_dir = env.setup()
    from . import ack, audit, delivery, fanout, pages, public_pdf, rounds, seed

    print(f"HRFlow bench: {sizes['big']:,} recipients, {sizes['events']:,} audit events, "
          f"{os.cpu_count()} CPUs; ratios within this run", flush=True)  # fmt: skip
    world = seed.agency(sizes["big"], sizes["small"])
    results = []

    def report(result):
        results.append(result)
        print(result.line(), flush=True)

    fan, small, larges = fanout.run(world, sizes["big"])
    report(fan)
    only = set(filter(None, args.only.split(",")))
    wanted = lambda group: not only or group in only  # noqa: E731
    memory = None
    if wanted("delivery"):
        inapp, email, memory = delivery.run(var_dir, small, larges[0], sizes["emails"])
        report(inapp)
        report(email)
    if wanted("ack"):
        report(ack.run(var_dir, larges[1], sizes["ack_round"]))
    if wanted("public"):
        report(public_pdf.run(var_dir, world))
    if wanted("pages"):
        report(pages.run(world, small, larges[2], sizes["big"]))
    if wanted("round"):
        report(rounds.run(world, sizes["round"], sizes["small"]))
    if wanted("audit"):
        report(audit.run(sizes["events"]))
    if memory:
        report(memory)
    seconds = time.monotonic() - started
    passed = all(r.passed for r in results)
    print(f"{'ALL PASS' if passed else 'SOME FAIL'} in {seconds:.0f} s", flush=True)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    run = {
        "commit": commit(), "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sizes": sizes, "tiny": args.tiny, "scale": scale, "seconds": round(seconds),
        "all_pass": passed,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "targets": [r.as_dict() for r in results],
    }  # fmt: skip
    output.write_text(json.dumps(run, ensure_ascii=False, indent=2) + "\n")
    if not args.only and output == Path(parser.get_default("output")):
        history.append(run)  # a whole run into the committed results: its line in the history
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
