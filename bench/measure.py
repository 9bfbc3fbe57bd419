"""Timing and counting helpers shared by the targets."""

import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection


@dataclass
class Result:
    """One target's line: `ratio` compared with `limit` by `better` ("<=" or ">=")."""

    name: str
    ratio: float
    limit: float
    better: str
    details: dict = field(default_factory=dict)
    extra_ok: bool = True  # conditions besides the ratio (query counts equal, 0 errors…)
    why: str = ""

    @property
    def passed(self) -> bool:
        within = self.ratio <= self.limit if self.better == "<=" else self.ratio >= self.limit
        return within and self.extra_ok

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        target = f"{self.better} {self.limit:g}×"
        text = f"{self.name:<14} {self.ratio:7.2f}×  (target {target:<7}) {verdict}"
        return text + (f"  {self.why}" if self.why else "")

    def as_dict(self):
        return {
            "target": self.name,
            "ratio": round(self.ratio, 3),
            "limit": self.limit,
            "better": self.better,
            "pass": self.passed,
            "summary": self.why,
            **self.details,
        }


@contextmanager
def counting_queries():
    """counts["n"]: the statements this connection ran inside the block (no logging cost)."""
    counts = {"n": 0}

    def count(execute, sql, params, many, context):
        counts["n"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counts


@contextmanager
def stopwatch():
    took = {}
    start = time.perf_counter()
    yield took
    took["s"] = time.perf_counter() - start


def median(values):
    return statistics.median(values)
