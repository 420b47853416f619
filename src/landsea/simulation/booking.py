"""The booking policies of the twin: the shipper's choice, and greedy or optimal consolidation
of a day's requests through :mod:`landsea.optimise` (the platform's formulation and HiGHS model).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from landsea.domain.cargo import Cargo
from landsea.optimise.allocation import greedy, solve
from landsea.optimise.formulation import Demand, Room, formulate
from landsea.planning import PlannedOption
from landsea.planning.timetable import from_minutes
from landsea.simulation.scenario import Lane, Policy
from landsea.simulation.world import World

__all__ = ["Group", "book_day"]

_ROUNDS = 2
"""Plannings with room per lane and day once the options without limits are full."""


@dataclass(frozen=True, slots=True, eq=False)
class Group:
    """Consignments of one lane waiting to be booked, with the moments they were ready."""

    lane: Lane
    ready: np.ndarray

    @property
    def cargo(self) -> Cargo:
        return Cargo(teu=self.lane.shipment_teu, cargo_type=self.lane.cargo_type)


Booked = tuple[Group, PlannedOption]


def book_day(world: World, groups: list[Group], now: int) -> tuple[list[Booked], list[Group]]:
    """Book the day's groups by the scenario's policy: the lots booked, and what waits."""
    if world.scenario.policy is Policy.SHIPPER:
        booked: list[Booked] = []
        waiting: list[Group] = []
        for group in groups:
            done, left = _shipper(world, group, now)
            booked += done
            if left is not None:
                waiting.append(left)
        return booked, waiting
    return _consolidate(world, groups, now)


def _preference(world: World, option: PlannedOption, now: int, teu: int) -> float:
    hours = (option.evaluation.arrival - now) / 60
    return option.evaluation.cost + world.scenario.value_of_time * teu * hours


def _shipper(world: World, group: Group, now: int) -> tuple[list[Booked], Group | None]:
    """Each consignment on the option its shipper ranks first (cost plus value of time) that
    has room; the options without limits first, then (when those are full) with room."""
    lane, cargo = group.lane, group.cargo
    booked: list[Booked] = []
    taken = 0
    options = world.options(lane.origin, lane.destination, cargo, now, with_room=False)
    for _ in range(_ROUNDS + 1):
        for option in sorted(options, key=lambda o: _preference(world, o, now, cargo.teu)):
            fit = min(world.room_for(option, cargo.teu, cargo.plugs), len(group.ready) - taken)
            if fit <= 0:
                continue
            world.book(option, cargo.teu, cargo.plugs, fit)
            booked.append((Group(lane=lane, ready=group.ready[taken : taken + fit]), option))
            taken += fit
            if taken == len(group.ready):
                return booked, None
        options = world.options(lane.origin, lane.destination, cargo, now, with_room=True)
        if not options:
            break
    return booked, Group(lane=lane, ready=group.ready[taken:])


@dataclass(frozen=True, slots=True)
class _Candidate:
    """An option as the consolidation formulation reads an itinerary."""

    option: PlannedOption
    departure_ids: tuple[str, ...]
    cost: float
    co2e_kg: float
    arrival: dt.datetime


def _candidates(world: World, group: Group, now: int) -> list[_Candidate]:
    lane = group.lane
    found = world.options(lane.origin, lane.destination, group.cargo, now, with_room=False)
    return [
        _Candidate(
            option=o,
            departure_ids=tuple(f"{leg.route}:{leg.trip}" for leg in o.journey if leg.trip is not None),
            cost=o.evaluation.cost,
            co2e_kg=o.evaluation.co2e_kg,
            arrival=from_minutes(o.evaluation.arrival),
        )
        for o in found
    ]  # fmt: skip


def _room(world: World, departure: str) -> Room:
    r, trip = (int(x) for x in departure.split(":"))
    service = world.tt.routes[r].service
    teu, plugs = world.room.get((r, trip), (service.capacity_teu, service.reefer_plugs))
    return Room(capacity_teu=max(teu, 0), reefer_plugs=max(plugs, 0))


def _consolidate(world: World, groups: list[Group], now: int) -> tuple[list[Booked], list[Group]]:
    """The day's consignments as requests of the consolidation model, solved greedily or to
    optimality (HiGHS); each group's consignments on one candidate become one lot."""
    demands: list[Demand] = []
    itineraries: list[list[_Candidate]] = []
    owner: list[tuple[int, int]] = []
    for g, group in enumerate(groups):
        candidates = _candidates(world, group, now)
        cargo = group.cargo
        for k, ready in enumerate(group.ready.tolist()):
            moment = from_minutes(int(ready))
            demands.append(Demand(teu=cargo.teu, plugs=cargo.plugs, ready=moment,
                                  due=moment + dt.timedelta(days=group.lane.due_days),
                                  penalty_per_day=group.lane.penalty_per_day,
                                  order_key=f"{g:05d}-{k:06d}"))  # fmt: skip
            itineraries.append(candidates)
            owner.append((g, k))
    if not demands:
        return [], []
    formulation = formulate(demands, itineraries, lambda d: _room(world, d), carbon_price=0.0)
    problem = formulation.problem
    result = (
        solve(problem, time_limit=10.0, threads=1)
        if world.scenario.policy is Policy.OPTIMAL
        else greedy(problem)
    )
    chosen: dict[tuple[int, int], list[int]] = {}
    by = problem.columns_of()
    for c, members in enumerate(formulation.members):
        queue = list(members)
        for p in by[c]:
            for _ in range(result.x[p]):
                g, k = owner[queue.pop(0)]
                chosen.setdefault((g, p), []).append(k)
    booked: list[Booked] = []
    assigned: list[set[int]] = [set() for _ in groups]
    for (g, p), ks in sorted(chosen.items()):
        option = formulation.column_entry[p].itinerary.option
        group = groups[g]
        world.book(option, group.cargo.teu, group.cargo.plugs, len(ks))
        booked.append((Group(lane=group.lane, ready=group.ready[sorted(ks)]), option))
        assigned[g].update(ks)
    waiting = []
    for g, group in enumerate(groups):
        left = [k for k in range(len(group.ready)) if k not in assigned[g]]
        if left:
            waiting.append(Group(lane=group.lane, ready=group.ready[left]))
    return booked, waiting
