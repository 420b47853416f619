"""The compiled planner on the generated network, exact and with the default ε.

``python bench/planner_scale.py [QUERIES] [WORK_CAP]`` (defaults 15 and the planner's cap; 0: no
cap) prints each query's time, options, labels, label comparisons and whether the cap was hit;
then the median, p95 and worst on the wall clock and in CPU time of the thread (the second is
less sensitive to other jobs on the machine).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import _p95, _queries
from synthetic import synthetic_network

from landsea.domain.cargo import Cargo
from landsea.planning import DEFAULT_EPSILON, Planner
from landsea.planning.planner import WORK_CAP
from landsea.services.planning import NetworkCostModel


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    cap = int(sys.argv[2]) if len(sys.argv) > 2 else WORK_CAP
    network = synthetic_network()
    first = dt.datetime(2026, 12, 7, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    requests = _queries(network, count, seed=5, first=first, days=20)
    planner = Planner(network, horizon_days=60, work_cap=cap)
    model = NetworkCostModel(network, Cargo(teu=1))
    start = time.perf_counter()
    planner.plan(requests[0], model)
    print(f"first query (timetable, weights, arrays): {time.perf_counter() - start:.1f} s")
    for epsilon in (None, DEFAULT_EPSILON):
        times, cpu = [], []
        for request in requests:
            start, used = time.perf_counter(), time.thread_time()
            result = planner.plan(dataclasses.replace(request, epsilon=epsilon), model)
            times.append((time.perf_counter() - start) * 1e3)
            cpu.append((time.thread_time() - used) * 1e3)
            print(
                f"  {times[-1]:7.0f} ms  options {len(result.options):3}  labels "
                f"{result.stats.labels:7}  comparisons {result.stats.work:11,}  "
                f"capped {result.capped}  ε {result.epsilon}"
            )
        print(
            f"ε {epsilon}: median {statistics.median(times):.0f} ms, p95 {_p95(times):.0f} ms, "
            f"worst {max(times):.0f} ms; CPU time: median {statistics.median(cpu):.0f} ms, "
            f"p95 {_p95(cpu):.0f} ms, worst {max(cpu):.0f} ms"
        )


if __name__ == "__main__":
    main()
