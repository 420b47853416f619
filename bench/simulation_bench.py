"""Issue 18 benchmark: the corridor's digital twin.

- **one quarter on one core**: the built-in network, 2026-10-01 + 91 days, the calibrated demand
  (~297,000 TEU), the shipper's-choice policy, one replication in this process (target ≤ 30 s),
  its peak memory (max RSS);
- **a 32-replication sweep** of the same quarter on a 2-worker local Dask cluster (processes,
  one thread each): wall time, and parallel efficiency = (the same 32 replications one after
  another in one process, without Dask) / (2 × sweep wall time) (target ≥ 80 %). The serial
  run is the fair reference: a process reuses the options it planned for earlier replications,
  so 32 × one replication alone would overstate the serial time.

Each part runs in its own process (``python bench/simulation_bench.py one|sweep``), so that its
peak memory is its own.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
import sys
import time

from landsea.services.network import load_network
from landsea.services.planning import NetworkCostModel
from landsea.simulation import Scenario, ScenarioSet, replicate
from landsea.simulation.scenario import Policy

QUARTER = Scenario(name="quarter", start=dt.date(2026, 10, 1), days=91, policy=Policy.SHIPPER)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one() -> None:
    network = load_network()
    start = time.perf_counter()
    result = replicate(network, QUARTER, NetworkCostModel, seed=1, replication=0)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "teu": result.teu_demanded,
                      "delivered": result.teu_delivered, "peak_mb": _peak_mb()}))  # fmt: skip


def sweep() -> None:
    from landsea.services.simulation import run_scenarios

    network = load_network()
    start = time.perf_counter()
    report = run_scenarios(network, ScenarioSet(baseline=QUARTER), replications=32, seed=1,
                           workers=2)  # fmt: skip
    seconds = time.perf_counter() - start
    summary = report.summaries[0]
    print(json.dumps({"seconds": seconds, "teu_delivered": summary.teu_delivered.mean,
                      "lead_p50_h": summary.lead_p50_h.mean, "peak_mb": _peak_mb()}))  # fmt: skip


def serial() -> None:
    from landsea.services.simulation import run_scenarios

    network = load_network()
    start = time.perf_counter()
    run_scenarios(network, ScenarioSet(baseline=QUARTER), replications=32, seed=1, dask=False)
    print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}))


def _child(part: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, part], check=True, capture_output=True,
                         text=True).stdout  # fmt: skip
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    alone = _child("one")
    print("Simulation — one quarter of calibrated corridor demand, one core (target ≤ 30 s)")
    print(f"  {alone['teu']:,.0f} TEU demanded, {alone['delivered']:,.0f} delivered; "
          f"{alone['seconds']:.1f} s; peak memory {alone['peak_mb']:,.0f} MB")  # fmt: skip
    swept = _child("sweep")
    alone_32 = _child("serial")
    efficiency = alone_32["seconds"] / (2 * swept["seconds"])
    print("Simulation — 32 replications on a 2-worker local Dask cluster (target ≥ 80 %)")
    print(f"  {swept['seconds']:.1f} s wall against {alone_32['seconds']:.1f} s one after another "
          f"in one process; parallel efficiency {efficiency:.0%} (32 × one alone: "
          f"{32 * alone['seconds'] / (2 * swept['seconds']):.0%}); "
          f"client peak memory {swept['peak_mb']:,.0f} MB")  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:] == ["one"]:
        one()
    elif sys.argv[1:] == ["sweep"]:
        sweep()
    elif sys.argv[1:] == ["serial"]:
        serial()
    else:
        main()
