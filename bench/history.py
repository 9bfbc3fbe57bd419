"""bench/results/history.jsonl: one line per `make bench` run (commit, date, every ratio), and
`make bench-plot`: each line's ratio over the commits, drawn to bench/results/history.png."""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
HISTORY = RESULTS / "history.jsonl"


def entry(run: dict) -> dict:
    """The history's line for one run's latest.json."""
    return {
        "commit": run["commit"],
        "at": run["at"],
        "scale": run.get("scale", 1),
        "tiny": run.get("tiny", False),
        "all_pass": run["all_pass"],
        "ratios": {t["target"]: t["ratio"] for t in run["targets"]},
        "limits": {t["target"]: f"{t['better']} {t['limit']:g}" for t in run["targets"]},
    }


def append(run: dict, path: Path = HISTORY):
    with path.open("a", encoding="utf-8") as history:
        history.write(json.dumps(entry(run), ensure_ascii=False) + "\n")


def read(path: Path = HISTORY) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def plot(path: Path = HISTORY, output: Path = RESULTS / "history.png"):
    """One panel per line: its ratio at each run (x: the runs in order, labelled by commit),
    the target drawn across; a line's name that changed (delivery → delivery-inapp) is its own."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = read(path)
    if not runs:
        raise SystemExit(f"no runs in {path}")
    names = list(dict.fromkeys(name for run in runs for name in run["ratios"]))
    figure, axes = plt.subplots(len(names), 1, figsize=(9, 1.9 * len(names)), sharex=True,
                                squeeze=False)  # fmt: skip
    labels = [f"{run['commit']}\n{run['at'][:10]}" for run in runs]
    for axis, name in zip(axes[:, 0], names, strict=True):
        points = [(i, run["ratios"][name]) for i, run in enumerate(runs) if name in run["ratios"]]
        axis.plot([p[0] for p in points], [p[1] for p in points], marker="o")
        limit = next((run["limits"].get(name) for run in reversed(runs) if name in run["ratios"]),
                     None)  # fmt: skip
        if limit:
            better, value = limit.split()
            axis.axhline(float(value), color="tab:red", linestyle="--", linewidth=1)
            axis.set_title(f"{name} (target {better} {value}×)", fontsize=9, loc="left")
        axis.set_ylabel("×")
        axis.grid(alpha=0.3)
    axes[-1, 0].set_xticks(range(len(runs)), labels, fontsize=7)
    figure.tight_layout()
    figure.savefig(output, dpi=100)
    return output


if __name__ == "__main__":
    print(plot(*(Path(a) for a in sys.argv[1:3])))
