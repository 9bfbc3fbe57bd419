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

from . import env

HERE = Path(__file__).resolve().parent

FULL = {"big": 10_000, "small": 100, "ack_round": 192, "events": 100_000}
TINY = {"big": 300, "small": 30, "ack_round": 64, "events": 2_000}


def commit():
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, text=True,  # noqa: S607
                          capture_output=True, check=False)  # fmt: skip
    return done.stdout.strip() or "unknown"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--tiny", action="store_true", help="small sizes, a smoke run only")
    parser.add_argument("--output", default=str(HERE / "results" / "latest.json"))
    args = parser.parse_args(argv)
    sizes = TINY if args.tiny else FULL
    started = time.monotonic()
    var_dir = env.setup()
    from . import ack, audit, delivery, fanout, pages, seed

    print(f"HRFlow bench: {sizes['big']:,} recipients, {sizes['events']:,} audit events, "
          f"{os.cpu_count()} CPUs; ratios within this run", flush=True)  # fmt: skip
    world = seed.agency(sizes["big"], sizes["small"])
    results = []

    def report(result):
        results.append(result)
        print(result.line(), flush=True)

    fan, small, larges = fanout.run(world, sizes["big"])
    report(fan)
    deliver, memory = delivery.run(var_dir, small, larges[0])
    report(deliver)
    report(ack.run(var_dir, larges[1], sizes["ack_round"]))
    report(pages.run(world, small, larges[2], sizes["big"]))
    report(audit.run(sizes["events"]))
    report(memory)
    seconds = time.monotonic() - started
    passed = all(r.passed for r in results)
    print(f"{'ALL PASS' if passed else 'SOME FAIL'} in {seconds:.0f} s", flush=True)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({
        "commit": commit(), "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sizes": sizes, "tiny": args.tiny, "seconds": round(seconds), "all_pass": passed,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "targets": [r.as_dict() for r in results],
    }, ensure_ascii=False, indent=2) + "\n")  # fmt: skip
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
