"""Compile the planner's numba kernel once, into numba's cache next to the package, before the
test workers start (each would otherwise compile it on its first plan): ``make test`` runs it."""

from __future__ import annotations

import datetime as dt

from landsea.domain.cargo import Cargo
from landsea.planning import PlanRequest
from landsea.services.network import load_network
from landsea.services.planning import NetworkCostModel, planner_for
from landsea.units import LocationCode


def main() -> None:
    network = load_network()
    cargo = Cargo(teu=1)
    request = PlanRequest(origin=LocationCode("CNCQI"), destination=LocationCode("SGSIN"),
                          depart=dt.datetime(2026, 12, 7, tzinfo=dt.UTC), cargo=cargo)  # fmt: skip
    planner_for(network).plan(request, NetworkCostModel(network, cargo))


if __name__ == "__main__":
    main()
