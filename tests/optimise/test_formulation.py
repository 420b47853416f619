"""Consolidation's formulation, pure: pricing, resources, commodities and columns by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from landsea.optimise.allocation import Column, solve
from landsea.optimise.formulation import Demand, Room, days_late, formulate, price

T0 = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Trip:
    departure_ids: tuple[str, ...]
    cost: float
    co2e_kg: float
    arrival: dt.datetime


def _demand(teu: int = 1, *, plugs: int = 0, penalty: float = 0.0, key: str = "") -> Demand:
    return Demand(
        teu=teu, plugs=plugs, ready=T0, due=T0 + 5 * DAY, penalty_per_day=penalty, order_key=key
    )


def _rooms(**capacity: int) -> dict[str, Room]:
    return {d: Room(capacity_teu=c) for d, c in capacity.items()}


@pytest.mark.parametrize(
    ("late", "days"),
    [(dt.timedelta(0), 0), (-DAY, 0), (dt.timedelta(seconds=1), 1), (DAY, 1), (DAY * 1.5, 2)],
)
def test_a_part_of_a_day_late_counts_as_a_day(late: dt.timedelta, days: int) -> None:
    assert days_late(T0 + late, T0) == days


def test_price_adds_lateness_per_teu_and_carbon_per_tonne() -> None:
    trip = Trip(("A",), cost=1000.0, co2e_kg=2500.0, arrival=T0 + 6 * DAY + dt.timedelta(hours=1))
    [entry] = price(_demand(3, penalty=100), [trip], carbon_price=40)
    # two days late (one and a bit) × 100 CNY × 3 TEU; 2.5 t × 40 CNY
    assert (entry.freight, entry.lateness, entry.carbon, entry.days_late) == (
        1000.0,
        600.0,
        100.0,
        2,
    )
    assert entry.total == 1700.0


def test_price_keeps_the_cheapest_itinerary_per_set_of_departures_cheapest_first() -> None:
    dear = Trip(("A", "B"), cost=900.0, co2e_kg=0.0, arrival=T0 + DAY)
    cheap = Trip(("A", "B"), cost=800.0, co2e_kg=0.0, arrival=T0 + 2 * DAY)
    other = Trip(("C",), cost=850.0, co2e_kg=0.0, arrival=T0 + DAY)
    entries = price(_demand(), [dear, other, cheap], carbon_price=0)
    assert [e.itinerary for e in entries] == [cheap, other]


def test_a_late_but_cheap_itinerary_loses_to_an_on_time_one_with_a_penalty() -> None:
    late = Trip(("A",), cost=500.0, co2e_kg=0.0, arrival=T0 + 8 * DAY)
    on_time = Trip(("B",), cost=700.0, co2e_kg=0.0, arrival=T0 + 4 * DAY)
    assert [e.itinerary for e in price(_demand(), [late, on_time], carbon_price=0)] == [
        late,
        on_time,
    ]
    entries = price(_demand(penalty=100), [late, on_time], carbon_price=0)
    assert [e.itinerary for e in entries] == [on_time, late]


def test_identical_requests_become_one_commodity_with_columns_on_numbered_departures() -> None:
    a = Trip(("D1", "D2"), cost=100.0, co2e_kg=0.0, arrival=T0 + DAY)
    b = Trip(("D3",), cost=150.0, co2e_kg=0.0, arrival=T0 + DAY)
    rooms = {"D1": Room(capacity_teu=10, booked_teu=4), "D2": Room(capacity_teu=5), "D3": Room(
        capacity_teu=3, booked_teu=7)}  # fmt: skip
    f = formulate(
        [_demand(2, key="r1"), _demand(2, key="r2"), _demand(1, key="r3")],
        [[a, b], [b, a], [a]],
        rooms.__getitem__,
        carbon_price=0,
    )
    assert f.resource == {"D1": 0, "D2": 1, "D3": 2}
    assert f.problem.teu_left == [6.0, 5.0, 0.0]  # capacity less booked, never below zero
    assert f.members == [[0, 1], [2]]
    assert f.problem.demand == [2, 1] and f.problem.teu == [2, 1]
    assert f.problem.columns == [Column(0, 100.0, (0, 1)), Column(0, 150.0, (2,)),
                                 Column(1, 100.0, (0, 1))]  # fmt: skip
    assert f.problem.order == [0, 0, 1]
    # leaving one: three times the cheapest fare (no lateness penalty here)
    assert f.problem.miss_cost == [300.0, 300.0]


def test_an_explicit_unassigned_penalty_is_per_teu_and_a_request_without_itinerary_costs_nothing() -> (
    None
):
    a = Trip(("D1",), cost=100.0, co2e_kg=0.0, arrival=T0 + DAY)
    f = formulate([_demand(2), _demand(1)], [[a], []], _rooms(D1=9).__getitem__, carbon_price=0)
    assert f.problem.miss_cost == [300.0, 0.0]
    g = formulate(
        [_demand(2), _demand(1)],
        [[a], []],
        _rooms(D1=9).__getitem__,
        carbon_price=0,
        unassigned_penalty=50,
    )
    assert g.problem.miss_cost == [100.0, 50.0]


def test_the_greedy_order_is_ready_time_then_request_key() -> None:
    a = Trip(("D1",), cost=100.0, co2e_kg=0.0, arrival=T0 + DAY)
    late_ready = Demand(teu=1, plugs=0, ready=T0 + DAY, due=T0 + 5 * DAY, penalty_per_day=0,
                        order_key="a")  # fmt: skip
    f = formulate(
        [late_ready, _demand(2, key="z"), _demand(3, key="b")],
        [[a], [a], [a]],
        _rooms(D1=9).__getitem__,
        carbon_price=0,
    )
    assert [f.problem.teu[c] for c in f.problem.order] == [3, 2, 1]


def test_reefer_plugs_come_from_the_room_less_those_booked() -> None:
    a = Trip(("D1",), cost=100.0, co2e_kg=0.0, arrival=T0 + DAY)
    room = Room(capacity_teu=10, reefer_plugs=4, reefer_plugs_booked=3)
    f = formulate([_demand(2, plugs=2)], [[a]], {"D1": room}.__getitem__, carbon_price=0)
    assert f.problem.plugs == [2] and f.problem.plugs_left == [1.0]
    assert f.rooms == {"D1": room}


def test_the_formulation_solves_to_the_cheapest_room_respecting_assignment() -> None:
    """Two 2-TEU requests, one departure with room for one of them: the other goes dearer."""
    cheap = Trip(("D1",), cost=100.0, co2e_kg=0.0, arrival=T0 + DAY)
    dear = Trip(("D2",), cost=180.0, co2e_kg=0.0, arrival=T0 + DAY)
    f = formulate(
        [_demand(2), _demand(2)],
        [[cheap, dear], [cheap, dear]],
        _rooms(D1=3, D2=9).__getitem__,
        carbon_price=0,
    )
    result = solve(f.problem, time_limit=5)
    assert result.status == "optimal" and result.objective == pytest.approx(280.0)
    assert sorted(result.x) == [1, 1]
