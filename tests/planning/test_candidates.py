"""Consolidation's candidate itineraries agree with the planner and keep its rules."""

from __future__ import annotations

import datetime as dt

import pytest

from landsea.domain.cargo import Cargo, CargoType
from landsea.planning.candidates import CandidateRequest, candidates
from landsea.services.network import load_network
from landsea.services.planning import NetworkCostModel, PlanQuestion, plan, planner_for

READY = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("origin", "destination", "cargo_type"),
    [
        ("CNCQI-TJC", "SGSIN", "general"),
        ("CNCQI", "VNHAN", "general"),
        ("THLCH", "CNCQI-TJC", "reefer"),
        ("CNCQI-TJC", "DEDUI", "general"),
    ],
)
def test_the_planners_cheapest_and_fastest_are_matched_by_the_candidates(
    origin: str, destination: str, cargo_type: str
) -> None:
    network = load_network("ilstc")
    cargo = Cargo(teu=2, cargo_type=CargoType(cargo_type))
    result = plan(
        network,
        PlanQuestion(
            origin=origin, destination=destination, depart=READY, window_days=7, teu=2,
            cargo_type=cargo_type,
        ),
    )  # fmt: skip
    assert result.options, "the corridor serves this pair"
    [found] = candidates(
        planner_for(network),
        lambda c: NetworkCostModel(network, c),
        [CandidateRequest(origin, destination, cargo, READY, READY + dt.timedelta(days=60))],
    )
    cheapest = min(o.cost.amount for o in result.options)
    fastest = min(o.arrival for o in result.options)
    assert min(c.cost for c in found) == pytest.approx(float(cheapest), abs=0.01)
    assert min(c.arrival for c in found) == fastest
    # Later runs of the same patterns are offered too, never before the cargo is ready.
    assert len(found) > len(result.options)
    assert all(c.departure >= READY for c in found)
    assert [c.cost for c in found] == sorted(c.cost for c in found)


def test_full_departures_are_not_offered() -> None:
    network = load_network("ilstc")
    request = CandidateRequest(
        "CNCQI-TJC", "CNQZH", Cargo(teu=4), READY, READY + dt.timedelta(days=10)
    )
    model = lambda c: NetworkCostModel(network, c)  # noqa: E731
    [free] = candidates(planner_for(network), model, [request])
    first = free[0].departure_ids[0]
    [squeezed] = candidates(planner_for(network), model, [request], capacity={first: (3, 0)})
    assert first not in {d for c in squeezed for d in c.departure_ids}
    assert len(squeezed) >= len(free) - 1
