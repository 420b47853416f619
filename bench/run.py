"""Benchmarks of landsea, printed as a table (``make bench``).

Issue 2: loading and validating the built-in dataset (target < 1 s).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from landsea.feeds.dataset import load_dataset
from landsea.services.network import dataset_path, validate_dataset

REPEATS = 15


def _measure(task: Callable[[], object]) -> tuple[float, float, float]:
    """Cold first run, then median and max of REPEATS warm runs, in milliseconds."""
    start = time.perf_counter()
    task()
    cold = (time.perf_counter() - start) * 1000
    warm = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        task()
        warm.append((time.perf_counter() - start) * 1000)
    return cold, statistics.median(warm), max(warm)


def main() -> None:
    root: Path = dataset_path("ilstc")
    network = load_dataset(root)
    command = [sys.executable, "-m", "landsea", "network", "validate", "ilstc"]
    rows = [
        ("load ilstc (read + validate + build)", _measure(lambda: load_dataset(root))),
        ("validate ilstc (report every problem)", _measure(lambda: validate_dataset("ilstc"))),
        (
            "`landsea network validate` (new process)",
            _measure(lambda: subprocess.run(command, check=True, capture_output=True)),
        ),
    ]
    print(
        f"dataset ilstc {network.info.version}: {len(network.locations)} locations, "
        f"{len(network.services)} services, {len(network.sources)} sources"
    )
    print(f"{'benchmark':<42} {'first ms':>9} {'median ms':>10} {'max ms':>8}  target < 1000 ms")
    for name, (cold, median, worst) in rows:
        verdict = "met" if worst < 1000 else "MISSED"
        print(f"{name:<42} {cold:>9.1f} {median:>10.1f} {worst:>8.1f}  {verdict}")


if __name__ == "__main__":
    main()
