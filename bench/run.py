"""Benchmarks of landsea, printed as tables (``make bench``).

- Issue 2: loading and validating the built-in dataset (target < 1 s).
- Issue 3: the planner —
  (a) the built-in corridor, 200 random origin–destination pairs, 7-day windows: median and p95
      (targets: median ≤ 20 ms);
  (b) a generated network of 2,000 places, 10,000 services and ≥ 1,000,000 departures over
      90 days: median latency for 7-day windows and peak memory (targets: ≤ 1.5 s, ≤ 4 GB);
  (c) the same queries through an earliest-arrival Dijkstra on a time-expanded networkx graph,
      one criterion, and the ratio (target: the planner ≥ 5× faster while returning the whole
      Pareto set).

- Issue 4: bookings and plans per second through HTTP against ``landsea serve --workers 2`` on
  SQLite and PostgreSQL, with the no-overbooking invariant checked at the end (``platform_bench.py``).

- Issue 5: DCSA events per second through the API and ``landsea track import`` (``events_bench.py``).

- Issue 18: the digital twin — one quarter (≥ 250,000 TEU) on one core, and 32 replications on
  a 2-worker local Dask cluster with their parallel efficiency (``simulation_bench.py``).

- Issue 15: start-up against ``python -c pass`` (``startup_bench.py``), bookings through the API
  against pgbench running the booking's SQL (``platform_bench.py pgbench``) and ``landsea track
  import`` against raw COPY (``events_bench.py copy``).

Run one part alone with ``python bench/run.py
dataset|corridor|synthetic|platform|events|consolidation|web|simulation|network|startup|pgbench|copy``;
all but the first three run in their own processes.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from baseline_te import TimeExpandedGraph, compare
from synthetic import synthetic_network

from landsea.domain.cargo import Cargo
from landsea.domain.network import Network
from landsea.feeds.dataset import load_dataset
from landsea.planning import Planner, PlanRequest
from landsea.planning.planner import compile_weights
from landsea.planning.timetable import compile_timetable, to_minutes
from landsea.services.network import dataset_path, load_network, validate_dataset
from landsea.services.planning import NetworkCostModel

REPEATS = 15
BEIJING = dt.timezone(dt.timedelta(hours=8))


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


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def dataset() -> None:
    root = dataset_path("ilstc")
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
        f"Issue 2 — dataset ilstc {network.info.version}: {len(network.locations)} locations, "
        f"{len(network.services)} services, {len(network.sources)} sources"
    )
    print(f"{'benchmark':<42} {'first ms':>9} {'median ms':>10} {'max ms':>8}  target < 1000 ms")
    for name, (cold, median, worst) in rows:
        verdict = "met" if worst < 1000 else "MISSED"
        print(f"{name:<42} {cold:>9.1f} {median:>10.1f} {worst:>8.1f}  {verdict}")
    print()


def _queries(
    network: Network, count: int, seed: int, first: dt.datetime, days: int
) -> list[PlanRequest]:
    rng = random.Random(seed)
    served = sorted({stop.location for s in network.services.values() for stop in s.stops})
    requests = []
    for _ in range(count):
        origin, destination = rng.sample(served, 2)
        requests.append(
            PlanRequest(
                origin=origin,
                destination=destination,
                depart=first + dt.timedelta(hours=rng.randint(0, days * 24)),
                cargo=Cargo(teu=1),
            )
        )
    return requests


def _run(
    network: Network,
    planner: Planner,
    requests: list[PlanRequest],
    baseline: TimeExpandedGraph | None,
) -> dict[str, list[float]]:
    model = NetworkCostModel(network, Cargo(teu=1))
    times, options, base_times, reached = [], [], [], []
    for request in requests:
        start = time.perf_counter()
        result = planner.plan(request, model)
        times.append((time.perf_counter() - start) * 1000)
        options.append(float(len(result.options)))
        if baseline is not None:
            tt = result.timetable
            assert tt is not None
            start = time.perf_counter()
            weights = compile_weights(tt, model)
            arrival = baseline.earliest_arrival(
                tt,
                weights,
                tt.place_index[request.origin],
                tt.place_index[request.destination],
                to_minutes(request.depart),
            )
            base_times.append((time.perf_counter() - start) * 1000)
            reached.append(float(arrival is not None))
    return {"planner": times, "options": options, "baseline": base_times, "reached": reached}


def _report(title: str, figures: dict[str, list[float]], target_ms: float) -> None:
    times = figures["planner"]
    median = statistics.median(times)
    if title:
        print(title)
    answered = [t for t, n in zip(times, figures["options"], strict=True) if n > 0]
    print(
        f"  queries {len(times)}, {len(answered)} with options; options per query: mean {statistics.mean(figures['options']):.1f}, max {max(figures['options']):.0f}"
    )
    print(
        f"  planner (exact Pareto set)   median {median:9.2f} ms   p95 {_p95(times):9.2f} ms   mean {statistics.mean(times):8.2f} ms   target median ≤ {target_ms:g} ms: {'met' if median <= target_ms else 'MISSED'}"
    )
    if answered:
        print(
            f"    queries with options       median {statistics.median(answered):9.2f} ms   p95 {_p95(answered):9.2f} ms"
        )
    if figures["baseline"]:
        base = figures["baseline"]
        print(
            f"  networkx TE Dijkstra (EA)    median {statistics.median(base):9.2f} ms   p95 {_p95(base):9.2f} ms   mean {statistics.mean(base):8.2f} ms   reached {sum(figures['reached']):.0f}/{len(times)}"
        )
        pairs = [(b, t) for b, t, n in zip(base, times, figures["options"], strict=True) if n > 0]
        total = sum(base) / sum(times)
        per_query = statistics.median(b / t for b, t in pairs) if pairs else float("nan")
        answered_total = (
            sum(b for b, _ in pairs) / sum(t for _, t in pairs) if pairs else float("nan")
        )
        print(
            f"  baseline time / planner time: all queries {total:.1f}×; queries with options {answered_total:.1f}× (median per query {per_query:.1f}×)   target ≥ 5×: {'met' if min(total, answered_total) >= 5 else 'MISSED'}"
        )


def corridor() -> None:
    network = load_network("ilstc")
    planner = Planner(network)
    first = dt.datetime(2026, 12, 1, tzinfo=BEIJING)
    requests = _queries(network, 200, seed=3, first=first, days=60)
    planner.plan(requests[0], NetworkCostModel(network, Cargo(teu=1)))  # compile once
    print(
        f"Issue 3 (a) — the built-in corridor, {len(network.services)} services; 200 random pairs, 7-day windows from 2026-12-01 to 2027-01-30"
    )
    _report("", _run(network, planner, requests, None), 20)
    # (c) the honest baseline (bench/baseline_te.py): alternated, on the queries both answer.
    compare(network, planner, requests, "  networkx time-expanded earliest-arrival baseline")
    print()


def synthetic() -> None:
    start = time.perf_counter()
    network = synthetic_network()
    generated = time.perf_counter() - start
    first = dt.datetime(2026, 12, 7, tzinfo=BEIJING)
    horizon = compile_timetable(network, first, first + dt.timedelta(days=90))
    departures = sum(len(route.starts) for route in horizon.routes)
    del horizon
    planner = Planner(network, horizon_days=60)
    requests = _queries(network, 40, seed=5, first=first, days=20)
    start = time.perf_counter()
    planner.plan(requests[0], NetworkCostModel(network, Cargo(teu=1)))
    cold = time.perf_counter() - start
    print(
        f"Issue 3 (b) — generated network: {len(network.locations):,} places, {len(network.services):,} services, "
        f"{departures:,} departures in 90 days (generated in {generated:.1f} s)"
    )
    print(f"  first query, compiling the timetable and the cost model: {cold:.1f} s")
    figures = _run(network, planner, requests, None)
    _report("", figures, 1500)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  peak memory (max RSS of the process) {rss:,.0f} MB   target ≤ 4,096 MB: {'met' if rss <= 4096 else 'MISSED'}"
    )
    # (c) the honest baseline on 6 queries leaving within a day, the planner's horizon 3 days
    # (a longer graph does not fit in memory; bench/baseline_te.py).
    few = _queries(network, 6, seed=5, first=first, days=1)
    compare(network, Planner(network, horizon_days=3), few, "  networkx baseline")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory with the baseline graph {rss:,.0f} MB")


SCRIPTS = {
    "platform": ["platform_bench.py"],
    "events": ["events_bench.py"],
    "consolidation": ["consolidation_bench.py"],
    "web": ["web_bench.py"],
    "simulation": ["simulation_bench.py"],
    "network": ["network_bench.py"],
    # Issue 15: start-up against `python -c pass`, bookings against pgbench, track import
    # against raw COPY (docs/performance.md).
    "startup": ["startup_bench.py", "7"],
    "pgbench": ["platform_bench.py", "pgbench", "2"],
    "copy": ["events_bench.py", "copy", "3"],
}


def main() -> None:
    parts = sys.argv[1:] or [
        "dataset",
        "corridor",
        "synthetic",
        "platform",
        "events",
        "consolidation",
        "web",
        "simulation",
        "network",
        "startup",
        "pgbench",
        "copy",
    ]
    for part in parts:
        if part == "synthetic" and len(parts) > 1:
            subprocess.run([sys.executable, __file__, "synthetic"], check=True)
            print()
        elif part in SCRIPTS:
            script, *args = SCRIPTS[part]
            subprocess.run([sys.executable, str(Path(__file__).parent / script), *args], check=True)
            print()
        else:
            {"dataset": dataset, "corridor": corridor, "synthetic": synthetic}[part]()


if __name__ == "__main__":
    main()
