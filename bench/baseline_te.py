"""The benchmark's baseline: earliest-arrival Dijkstra on a time-expanded graph (networkx).

It answers a single-criterion question (the earliest arrival), which is the issue's chosen
reference: the planner answers a harder one (the Pareto set over arrival, cost, CO2e and
transfers). The graph is built from the planner's own compiled timetable so that both see the
same runs, handling times and cut-offs; customs clearance, capacity, fares and the departure
window are left out (they only add to the planner's work), so the baseline's arrival is never
later than the planner's earliest option (checked and printed).

Nodes: for every run, a departure node at each stop it leaves and an arrival node at each stop
it reaches; for every place, a chain of waiting nodes, one per moment something can happen
there. Edges: riding (departure → next arrival), staying on board (arrival → departure of the
same run), alighting (arrival → the place's waiting node after handling), boarding (waiting node
at the cut-off → departure), waiting (chain), and on-demand trucks from every waiting node.

On-demand trucks chain wherever the planner may chain them, also through places no scheduled run
serves: trucks keep no timetable, so the earliest arrival by trucks alone from a place to every
other is a static Dijkstra over the trucks (handling at the places between), made once per
place; from every waiting node an edge goes to the arrival at each place so reached, and on to
that place's next waiting node. From the origin, trucks leave the moment the cargo is ready (the
same Dijkstra, per query).

``python bench/baseline_te.py corridor|synthetic [QUERIES] [HORIZON_DAYS]`` compares the planner
(exact, and with the default ε) with the baseline, alternating them query by query: both are
timed only on the queries both answer, and the ratios are given as the ratio of totals and the
median of per-query ratios. The graph spans the queries' departures plus their window plus the
planner's horizon (``HORIZON_DAYS``, the planner's own: 120 days on the corridor; 3 on the
generated network, whose 60-day graph would not fit in memory (15 days passed 5 GB), for the
planner as well, and the queries' departures within one day; 20 queries by default there, whose
11-day graph peaks at ~4 GB). Each time is taken on the wall clock and as the CPU time of the
thread; the ratios are printed for both (the second is less sensitive to other jobs).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import itertools
import statistics
import sys
import time
from bisect import bisect_left
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).parent))

from landsea.planning.costs import Weights
from landsea.planning.timetable import Timetable


class TimeExpandedGraph:
    def __init__(self, tt: Timetable, w: Weights, start: int, end: int) -> None:
        graph: Any = nx.DiGraph()
        moments: dict[int, set[int]] = defaultdict(set)
        arrivals: dict[int, list[Any]] = defaultdict(list)
        for r, route in enumerate(tt.routes):
            if route.on_demand:
                continue
            k0 = bisect_left(route.starts, start - route.arr[-1])
            for k in range(k0, len(route.starts)):
                base = route.starts[k]
                if base > end:
                    break
                stops = route.stops
                for i in range(len(stops)):
                    if i > 0:
                        a = ("a", r, k, i)
                        graph.add_edge(("d", r, k, i - 1), a, w=route.arr[i] - route.dep[i - 1])
                        ready = base + route.arr[i] + w.hub_min[stops[i]]
                        arrivals[stops[i]].append(a)
                        if w.transfer_ok[stops[i]]:
                            moments[stops[i]].add(ready)
                            graph.add_edge(a, ("w", stops[i], ready), w=w.hub_min[stops[i]])
                        if i < len(stops) - 1:
                            graph.add_edge(a, ("d", r, k, i), w=route.dep[i] - route.arr[i])
                    if i < len(stops) - 1:
                        board = base + route.dep[i] - route.cutoff
                        moments[stops[i]].add(board)
                        graph.add_edge(("w", stops[i], board), ("d", r, k, i), w=route.cutoff)
        self.trucks = _trucks(tt)
        self.chains: dict[int, list[int]] = {}
        for place, times in moments.items():
            chain = sorted(times)
            self.chains[place] = chain
            for before, after in itertools.pairwise(chain):
                graph.add_edge(("w", place, before), ("w", place, after), w=after - before)
        arrived: set[tuple[int, int]] = set()
        for place, chain in self.chains.items():
            reached = _truck_chains(tt, w, self.trucks, place).items()
            for t in chain:
                for p, ride in reached:
                    node = ("A", p, t + ride)  # arrival at p by trucks alone, shared
                    graph.add_edge(("w", place, t), node, w=ride)
                    if (p, t + ride) in arrived:
                        continue
                    arrived.add((p, t + ride))
                    arrivals[p].append(node)
                    later = self.chains.get(p) if w.transfer_ok[p] else None
                    if later:
                        n = bisect_left(later, t + ride + w.hub_min[p])
                        if n < len(later):
                            graph.add_edge(node, ("w", p, later[n]), w=later[n] - t - ride)
        self.graph = graph
        self.arrivals = arrivals

    def earliest_arrival(
        self, tt: Timetable, w: Weights, origin: int, destination: int, ready: int
    ) -> int | None:
        """Earliest arrival at ``destination`` for cargo ready at ``origin`` at ``ready``."""
        graph = self.graph
        source, target = ("source",), ("sink", destination)
        graph.add_node(source)
        graph.add_node(target)
        # Waiting at the origin for a scheduled run, and chains of trucks from the origin
        # leaving the moment the cargo is ready (a static Dijkstra: trucks keep no timetable).
        entries = {origin: 0}
        for place, ride in _truck_chains(tt, w, self.trucks, origin).items():
            if place == destination:
                graph.add_edge(source, target, w=ride)
            elif w.transfer_ok[place] and place not in entries:
                entries[place] = ride + w.hub_min[place]
        for place, after in entries.items():
            chain = self.chains.get(place, [])
            n = bisect_left(chain, ready + after)
            if n < len(chain) and not graph.has_edge(source, ("w", place, chain[n])):
                graph.add_edge(source, ("w", place, chain[n]), w=chain[n] - ready)
        for node in self.arrivals.get(destination, []):
            graph.add_edge(node, target, w=0)
        try:
            length = nx.single_source_dijkstra(graph, source, target=target, weight="w")[0]
            return ready + int(length)
        except nx.NetworkXNoPath:
            return None
        finally:
            graph.remove_nodes_from([source, target])

    def size(self) -> tuple[int, int]:
        return self.graph.number_of_nodes(), self.graph.number_of_edges()


def _trucks(tt: Timetable) -> dict[int, list[tuple[int, int, int, int]]]:
    """For each place, the on-demand legs leaving it: (route, board, alight, minutes from the
    cargo being ready to the arrival, the cut-off included)."""
    legs: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
    for r, route in enumerate(tt.routes):
        if route.on_demand:
            for i, place in enumerate(route.stops[:-1]):
                for j in range(i + 1, len(route.stops)):
                    ride = route.cutoff + route.arr[j] - route.dep[i]
                    legs[place].append((r, i, j, ride))
    return legs


def _truck_chains(
    tt: Timetable, w: Weights, trucks: dict[int, list[tuple[int, int, int, int]]], origin: int
) -> dict[int, int]:
    """Minutes from the origin to the arrival at each place reached by trucks alone."""
    best: dict[int, int] = {}
    heap = [(0, origin)]
    ready_at = {origin: 0}
    while heap:
        t, place = heapq.heappop(heap)
        if t > ready_at[place]:
            continue
        for r, _, j, ride in trucks.get(place, ()):
            p, arrive = tt.routes[r].stops[j], t + ride
            if arrive < best.get(p, 1 << 60):
                best[p] = arrive
            if w.transfer_ok[p] and arrive + w.hub_min[p] < ready_at.get(p, 1 << 60):
                ready_at[p] = arrive + w.hub_min[p]
                heapq.heappush(heap, (ready_at[p], p))
    return best


def compare(network: Any, planner: Any, requests: list[Any], title: str) -> None:
    """Time the planner (exact and default ε) and the baseline on ``requests``, alternately."""
    from landsea.domain.cargo import Cargo
    from landsea.planning import DEFAULT_EPSILON
    from landsea.planning.planner import compile_weights
    from landsea.planning.timetable import to_minutes
    from landsea.services.planning import NetworkCostModel

    model = NetworkCostModel(network, Cargo(teu=1))
    readies = [to_minutes(r.depart) for r in requests]
    first = min(requests, key=lambda r: r.depart).depart
    tt = planner.timetable(first, 7 + (max(readies) - min(readies)) / 1440)  # covers them all
    weights = compile_weights(tt, model)
    span_end = max(readies) + round((7 + planner.horizon_days) * 1440)
    assert all(planner.timetable(r.depart, 7) is tt for r in requests), "one timetable for all"
    planner.plan(requests[0], model)  # compile and warm the kernel
    started = time.perf_counter()
    baseline = TimeExpandedGraph(tt, weights, min(readies), span_end)
    built = time.perf_counter() - started
    nodes, edges = baseline.size()
    days = (span_end - min(readies)) / 1440
    print(f"{title}: {len(requests)} queries; baseline graph over {days:.0f} days (departures "
          f"+ 7-day window + the planner's {planner.horizon_days}-day horizon): {nodes:,} nodes, "
          f"{edges:,} edges, built in {built:.1f} s (not counted)")  # fmt: skip
    rows, cpu = [], []
    for request, ready in zip(requests, readies, strict=True):
        times, cpus = [], []
        for epsilon in (None, DEFAULT_EPSILON):
            result, wall, used = _timed(
                planner.plan, dataclasses.replace(request, epsilon=epsilon), model
            )
            times.append(wall)
            cpus.append(used)
        origin, destination = tt.place_index[request.origin], tt.place_index[request.destination]
        arrival, base, base_cpu = _timed(
            baseline.earliest_arrival, tt, weights, origin, destination, ready
        )
        earliest = min((o.evaluation.arrival for o in result.options), default=None)
        rows.append((times[0], times[1], base, earliest, arrival))
        cpu.append((cpus[0], cpus[1], base_cpu, earliest, arrival))
        print(f"  {request.origin}→{request.destination}: baseline {base * 1e3:7.1f} ms, planner "
              f"exact {times[0] * 1e3:6.1f} ms ({base / times[0]:5.1f}×), ε {times[1] * 1e3:6.1f} "
              f"ms ({base / times[1]:5.1f}×); ε: labels {result.stats.labels:,}, comparisons "
              f"{result.stats.work:,}, options {len(result.options)}", flush=True)  # fmt: skip
    print("  wall-clock time:")
    _print_ratios(rows)
    print("  CPU time of the thread (less sensitive to other jobs on the machine):")
    _print_ratios(cpu)


def _timed(f: Any, *args: Any) -> tuple[Any, float, float]:
    """``f(*args)``, its wall-clock time and the CPU time of this thread, in seconds."""
    wall, used = time.perf_counter(), time.thread_time()
    result = f(*args)
    return result, time.perf_counter() - wall, time.thread_time() - used


def _print_ratios(rows: list[tuple[float, float, float, int | None, int | None]]) -> None:
    both = [row for row in rows if row[3] is not None and row[4] is not None]
    only_planner = sum(1 for row in rows if row[3] is not None and row[4] is None)
    only_baseline = sum(1 for row in rows if row[3] is None and row[4] is not None)
    later = sum(1 for row in both if row[4] > row[3])  # type: ignore[operator]
    print(f"  answered by both {len(both)}, by the planner only {only_planner}, by the baseline "
          f"only {only_baseline} (no option in the window); baseline later than the planner's "
          f"earliest option: {later} (must be 0)")  # fmt: skip
    if not both:
        return
    base = [row[2] for row in both]
    print(f"  baseline (earliest arrival)  median {statistics.median(base) * 1e3:8.2f} ms  "
          f"total {sum(base):7.2f} s")  # fmt: skip
    for name, column in (("planner exact", 0), ("planner ε default", 1)):
        ours = [row[column] for row in both]
        ratios = [b / t for b, t in zip(base, ours, strict=True)]
        print(f"  {name:<28} median {statistics.median(ours) * 1e3:8.2f} ms  total "
              f"{sum(ours):7.2f} s  baseline/planner: ratio of totals {sum(base) / sum(ours):6.1f}×,"
              f" median of per-query ratios {statistics.median(ratios):6.1f}×")  # fmt: skip


def main() -> None:
    from run import _queries
    from synthetic import synthetic_network

    from landsea.planning import Planner
    from landsea.services.network import load_network

    kind = sys.argv[1] if len(sys.argv) > 1 else "corridor"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else (200 if kind == "corridor" else 20)
    if kind == "corridor":
        network = load_network("ilstc")
        horizon = int(sys.argv[3]) if len(sys.argv) > 3 else 120
        first = dt.datetime(2026, 12, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        requests = _queries(network, count, seed=3, first=first, days=60)
    else:
        network = synthetic_network()
        horizon = int(sys.argv[3]) if len(sys.argv) > 3 else 3
        first = dt.datetime(2026, 12, 7, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        requests = _queries(network, count, seed=5, first=first, days=1)
    planner = Planner(network, horizon_days=horizon)
    compare(network, planner, requests, f"{kind}, planner horizon {horizon} days")


if __name__ == "__main__":
    main()
