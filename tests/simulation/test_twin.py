"""The twin's checks by construction: deterministic journeys are the planner's itineraries,
Little's law on the backlog, closing a place never helps, fixed seeds reproduce bit for bit."""

from __future__ import annotations

import datetime as dt
import math

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from landsea.domain.cargo import Cargo
from landsea.planning import PlanRequest
from landsea.planning.timetable import from_minutes
from landsea.services.planning import NetworkCostModel, planner_for
from landsea.simulation import replicate
from landsea.simulation.scenario import Change, ChangeKind, Policy
from landsea.units import LocationCode
from tests.simulation.corridor import scenario, tiny

NETWORK = tiny()


def test_without_randomness_each_journey_is_the_planners_itinerary() -> None:
    result = replicate(NETWORK, scenario(stochastic=False), NetworkCostModel, seed=3,
                       replication=0, record=True)  # fmt: skip
    assert result.journeys and result.journeys == result.planned
    assert result.missed == 0
    # … and the itinerary is what the planner offers a consignment ready at the first booking.
    booked_at = dt.datetime.combine(scenario().start, dt.time(), tzinfo=dt.UTC) + dt.timedelta(1)
    cargo = Cargo(teu=2)
    plan = planner_for(NETWORK).plan(
        PlanRequest(origin=LocationCode("CNCQI"), destination=LocationCode("CNQZH"), depart=booked_at, cargo=cargo,
                    window_days=7, max_legs=5), NetworkCostModel(NETWORK, cargo))  # fmt: skip
    offered = {
        tuple((leg.departure, leg.arrival) for leg in o.evaluation.legs) for o in plan.options
    }
    assert result.planned[0] in offered
    assert from_minutes(result.planned[0][0][0]) >= booked_at


def test_with_randomness_journeys_differ_from_the_plan() -> None:
    result = replicate(NETWORK, scenario(), NetworkCostModel, seed=3, replication=0, record=True)
    assert result.journeys != result.planned  # delays and clearance do move times


def test_fixed_seeds_reproduce_bit_for_bit_and_replications_differ() -> None:
    runs = [replicate(NETWORK, scenario(), NetworkCostModel, seed=7, replication=r)
            for r in (0, 0, 1)]  # fmt: skip
    assert runs[0] == runs[1]
    assert runs[0].document() != runs[2].document()


def test_littles_law_holds_on_the_backlog() -> None:
    """Mean backlog (sampled daily) ≈ arrival rate × mean time in the system."""
    result = replicate(NETWORK, scenario(days=120), NetworkCostModel, seed=11, replication=0)
    assert result.teu_undelivered < 0.05 * result.teu_demanded
    backlog = sum(result.backlog_teu[20:]) / len(result.backlog_teu[20:])
    little = result.arrival_rate_teu_h * result.lead_mean_h
    assert backlog == pytest.approx(little, rel=0.15)


def test_a_full_corridor_backs_up_and_consolidation_policies_run() -> None:
    small = tiny(capacity=6)
    for policy in Policy:
        result = replicate(small, scenario(days=10, policy=policy), NetworkCostModel, seed=5,
                           replication=0)  # fmt: skip
        assert result.backlog_teu[-1] > result.backlog_teu[0] > 0, policy
        assert all(0 <= u <= 1 + 1e-9 for u in result.utilisation.values()), policy


@settings(max_examples=12, deadline=None)
@given(start=st.integers(0, 12), days=st.integers(1, 6),
       place=st.sampled_from(["CNNIN", "CNQZH", "CNCQI"]))  # fmt: skip
def test_closing_a_place_never_improves_lead_time(start: int, days: int, place: str) -> None:
    """Shippers who value time above all (the fastest option with room) and room for all: a
    closure takes options away, so no consignment arrives earlier."""
    fast = scenario(stochastic=False, value_of_time=1e6, days=15)
    closed = scenario(stochastic=False, value_of_time=1e6, days=15, changes=(
        Change(kind=ChangeKind.CLOSE_PLACE, target=place, start_day=start, days=days),))  # fmt: skip
    base = replicate(NETWORK, fast, NetworkCostModel, seed=2, replication=0)
    worse = replicate(NETWORK, closed, NetworkCostModel, seed=2, replication=0)
    assert worse.teu_demanded == base.teu_demanded
    assert worse.teu_delivered == base.teu_delivered
    assert worse.lead_mean_h >= base.lead_mean_h - 1e-9
    assert not math.isnan(worse.lead_mean_h)
