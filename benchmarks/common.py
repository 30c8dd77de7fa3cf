"""What the benchmarks share: a 50,000-person demo database, timing, and the verdict."""

from __future__ import annotations

import atexit
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH_PATIENTS = 50_000
_WORK = Path(tempfile.mkdtemp(prefix="mdtdesk-bench-"))
# The run's databases take hundreds of megabytes: never leave them behind.
atexit.register(shutil.rmtree, _WORK, ignore_errors=True)


@dataclass
class Result:
    """One budget: the measured figure against its limit."""

    name: str
    measured: float
    limit: float
    unit: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.measured <= self.limit

    def line(self) -> str:
        verdict = "ok  " if self.ok else "FAIL"
        figure = f"{self.measured:.3g}{self.unit} (budget {self.limit:g}{self.unit})"
        text = f"{verdict} {self.name}: {figure}"
        return f"{text}  {self.detail}" if self.detail else text


def work_dir() -> Path:
    """A scratch folder for this benchmark run."""
    return _WORK


def demo_database(patients: int = BENCH_PATIENTS) -> Path:
    """A demo database of ``patients`` people, built once per run."""
    from mdtdesk.core.demo import build_demo

    path = _WORK / f"demo-{patients}.db"
    if not path.exists():
        started = time.perf_counter()
        build_demo(path, patients=patients, seed=7)
        print(f"     (built the {patients:,}-person demo in {time.perf_counter() - started:.1f} s)")
    return path


def median_seconds(work: Callable[[], object], runs: int = 5) -> float:
    """The median wall time of ``runs`` calls of ``work``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
