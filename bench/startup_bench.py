"""Issue 15, item 5: start-up of the command line against the interpreter's own start.

``python bench/startup_bench.py [ROUNDS]`` runs, alternated in each round (so that the machine's
load falls on all alike), ``python -c pass``, ``landsea --help``, ``landsea plan Chongqing
Singapore`` on a migrated SQLite database (``landsea db upgrade`` once, before timing) and the same
plan with no database (the dataset alone). Each command runs in a fresh process with the same
interpreter; the cache folder (``LANDSEA_CACHE_DIR``) is a new temporary one, filled by one
untimed warm-up run — the first run's time is printed apart. The commands may write their
bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped): an installed landsea has its ``.pyc`` files,
and compiling its 100-odd modules again in every run would be measured otherwise. Prints medians
and the ratio of each median to ``python -c pass``'s (targets: ``--help`` ≤ 10×, ``plan`` ≤ 25×).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 15
TARGETS = {"landsea --help": 10.0, "landsea plan (database)": 25.0}


def _timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS
    python = sys.executable
    landsea = [python, "-m", "landsea"]
    with tempfile.TemporaryDirectory() as folder:
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("LANDSEA_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        base["LANDSEA_CACHE_DIR"] = str(Path(folder) / "cache")
        with_db = {**base, "LANDSEA_DATABASE_URL": f"sqlite:///{Path(folder) / 'landsea.db'}"}
        without_db = {**base, "LANDSEA_DATABASE_URL": f"sqlite:///{Path(folder) / 'none.db'}"}
        subprocess.run([*landsea, "db", "upgrade"], env=with_db, check=True, capture_output=True)
        plan = [*landsea, "plan", "Chongqing", "Singapore"]
        commands = {
            "python -c pass": ([python, "-c", "pass"], base),
            "landsea --help": ([*landsea, "--help"], base),
            "landsea plan (database)": (plan, with_db),
            "landsea plan (no database)": (plan, without_db),
        }
        first = {name: _timed(argv, env) for name, (argv, env) in commands.items()}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, (argv, env) in commands.items():
                times[name].append(_timed(argv, env))
    load = os.getloadavg()
    print(
        f"Issue 15 — start-up, {rounds} rounds alternated, load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs"
    )
    reference = statistics.median(times["python -c pass"])
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / reference
        target = TARGETS.get(name)
        verdict = "" if target is None else f"  target ≤ {target:g}×: "
        verdict += "" if target is None else ("met" if ratio <= target else "MISSED")
        print(
            f"  {name:<28} median {1000 * median:7.1f} ms  ({ratio:5.1f}× python -c pass; "
            f"first, cold cache {1000 * first[name]:7.1f} ms){verdict}"
        )


if __name__ == "__main__":
    main()
