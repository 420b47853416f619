"""Replications and scenario sweeps on Dask (``dask.distributed``): a local cluster by default,
a scheduler's address for a real one.

Each task is one (scenario, replication) pair; its random streams come from the root seed and
the replication number alone (:func:`landsea.simulation.model.replicate`), so results are the
same whatever the number of workers, and are put back in (scenario, replication) order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from distributed import Client, LocalCluster, as_completed

from landsea.domain.network import Network
from landsea.simulation.model import replicate
from landsea.simulation.results import ReplicationResult
from landsea.simulation.scenario import Scenario
from landsea.simulation.world import CostModelFactory

__all__ = ["dask_client", "sweep"]


@contextmanager
def dask_client(
    scheduler: str | None = None, *, workers: int = 2, processes: bool = True
) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (``tcp://host:8786``), or of a local cluster
    of ``workers`` single-threaded workers, closed on exit."""
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    loopback = {"host": "127.0.0.1"} if processes else {}  # threads talk in-process
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                      dashboard_address=None, **loopback) as cluster:  # fmt: skip
        with Client(cluster) as client:
            yield client


def _one(
    network: Network, scenario: Scenario, factory: CostModelFactory, seed: int, replication: int
) -> ReplicationResult:
    return replicate(network, scenario, factory, seed=seed, replication=replication)


def sweep(
    client: Client,
    network: Network,
    scenarios: Sequence[Scenario],
    cost_model_for: CostModelFactory,
    *,
    replications: int,
    seed: int,
    progress: Callable[[int, int], Any] | None = None,
) -> list[list[ReplicationResult]]:
    """Every scenario ``replications`` times on ``client``'s workers: per scenario, its results
    in replication order. ``progress(done, total)`` is told as tasks finish."""
    shared = client.scatter(network, broadcast=True)
    keys: dict[Any, tuple[int, int]] = {}
    for s, scenario in enumerate(scenarios):
        for r in range(replications):
            future = client.submit(_one, shared, scenario, cost_model_for, seed, r, pure=False)
            keys[future] = (s, r)
    found: list[list[ReplicationResult | None]] = [[None] * replications for _ in scenarios]
    total = len(keys)
    for done, future in enumerate(as_completed(list(keys)), start=1):
        s, r = keys[future]
        found[s][r] = future.result()
        if progress is not None:
            progress(done, total)
    return [[x for x in row if x is not None] for row in found]
