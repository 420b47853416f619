"""Replications on Dask give the same results whatever the number of workers."""

from __future__ import annotations

from landsea.services.planning import NetworkCostModel
from landsea.simulation import replicate
from landsea.simulation.sweep import dask_client, sweep
from tests.simulation.corridor import scenario, tiny


def test_one_and_two_workers_give_identical_results() -> None:
    network = tiny()
    scenarios = [scenario(days=6), scenario(name="busy", days=6, demand_scale=2.0)]
    found = []
    for workers in (1, 2):
        with dask_client(workers=workers, processes=False) as client:
            found.append(
                sweep(client, network, scenarios, NetworkCostModel, replications=3, seed=9)
            )
    assert found[0] == found[1]
    assert [[r.replication for r in row] for row in found[0]] == [[0, 1, 2], [0, 1, 2]]
    alone = replicate(network, scenarios[1], NetworkCostModel, seed=9, replication=2)
    assert found[0][1][2] == alone
