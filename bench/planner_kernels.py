"""The two planner kernels on the corridor's 200 benchmark queries: same labels, and times.

``python bench/planner_kernels.py`` prints how many queries disagree (must be 0), the median
search time of each kernel (search only, the timetable and weights compiled once) and the median
of the whole plan (``Planner.plan``: the query compiled, searched, the options evaluated, an empty
answer explained) with the compiled kernel, over three passes.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from landsea.domain.cargo import Cargo
from landsea.planning import Planner, PlanRequest
from landsea.planning.arrays import compiled_search
from landsea.planning.planner import compile_weights
from landsea.planning.search import mcraptor
from landsea.services.network import load_network
from landsea.services.planning import NetworkCostModel


def main() -> None:
    network = load_network("ilstc")
    planner = Planner(network)
    rng = random.Random(3)
    served = sorted({s.location for sv in network.services.values() for s in sv.stops})
    first = dt.datetime(2026, 12, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    model = NetworkCostModel(network, Cargo(teu=1))
    python, compiled, differ, requests = [], [], 0, []
    for _ in range(200):
        origin, destination = rng.sample(served, 2)
        depart = first + dt.timedelta(hours=rng.randint(0, 1440))
        request = PlanRequest(
            origin=origin, destination=destination, depart=depart, cargo=Cargo(teu=1)
        )
        requests.append(request)
        tt = planner.timetable(request.depart, 7)
        weights = compile_weights(tt, model)
        query = planner.compile_query(tt, weights, request)
        start = time.perf_counter()
        reference = mcraptor(tt, weights, query)
        python.append(time.perf_counter() - start)
        start = time.perf_counter()
        fast, _ = compiled_search(tt, weights, query)
        compiled.append(time.perf_counter() - start)
        differ += [(x[0][:6], x[1]) for x in reference] != [(x[0][:6], x[1]) for x in fast]
    print(
        f"{len(network.locations)} places, {len(network.services)} services; queries that differ: {differ}"
    )
    plans = []
    for _ in range(3):
        for request in requests:
            start = time.perf_counter()
            planner.plan(request, model)
            plans.append(time.perf_counter() - start)
    print(
        f"full plan median (compiled): {statistics.median(plans) * 1e3:.3f} ms, "
        f"p95 {sorted(plans)[int(0.95 * len(plans))] * 1e3:.3f} ms"
    )
    print(
        f"search median: python {statistics.median(python) * 1e3:.2f} ms, "
        f"compiled {statistics.median(compiled) * 1e3:.2f} ms (first compiled call "
        f"{compiled[0] * 1e3:.0f} ms: loading numba's cache)"
    )


if __name__ == "__main__":
    main()
