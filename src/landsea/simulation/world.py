"""The corridor as one scenario sees it: the network with its added services, the compiled
timetable, which runs are cancelled or resized, room left per run, and the planner's options.

Planning goes through :class:`landsea.planning.Planner` — the live platform's planner, with its
rules of cut-offs, handling and clearance — with the room left on each run as its capacity.
Options without capacity limits are cached per process (a sweep's replications of one scenario
ask the same questions); options with capacity are planned afresh.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from landsea.domain.cargo import Cargo
from landsea.domain.network import Network
from landsea.domain.timetable import Service, WeeklySchedule
from landsea.errors import InvalidInput
from landsea.planning import CostModel, PlannedOption, Planner, PlanRequest
from landsea.planning.journey import JourneyLeg
from landsea.planning.planner import compile_weights
from landsea.planning.timetable import Timetable, from_minutes, to_minutes
from landsea.simulation.scenario import Change, ChangeKind, Scenario
from landsea.units import LocationCode, ServiceId

__all__ = ["CostModelFactory", "World", "scenario_network"]

CostModelFactory = Callable[[Network, Cargo], CostModel]

_PLANNERS: dict[Hashable, Planner] = {}
_OPTIONS: dict[Hashable, list[PlannedOption]] = {}
_MAX_CACHED = 50_000


def scenario_network(network: Network, scenario: Scenario) -> Network:
    """``network`` with the services that ``scenario`` adds (a copy of a service on more days)."""
    added: dict[ServiceId, Service] = {}
    for n, change in enumerate(scenario.changes):
        if change.kind is not ChangeKind.ADD_SERVICE:
            continue
        service = network.services.get(ServiceId(change.target))
        if service is None or not isinstance(service.schedule, WeeklySchedule):
            raise InvalidInput(
                f"changes[{n}].target {change.target!r} is not a scheduled service of the network"
            )
        copy_id = ServiceId(f"{service.id}-X{n}")
        schedule = dataclasses.replace(service.schedule, days=frozenset(change.weekdays))
        added[copy_id] = dataclasses.replace(service, id=copy_id, schedule=schedule)
    if not added:
        return network
    return dataclasses.replace(network, services={**network.services, **added})


def _planner(network: Network, key: Hashable) -> Planner:
    planner = _PLANNERS.get(key)
    if planner is None or planner.network is not network:
        if len(_PLANNERS) > 16:
            _PLANNERS.clear()
        planner = _PLANNERS[key] = Planner(network)
    return planner


@dataclass(slots=True)
class World:
    """One replication's corridor: runs, their room, closures, and planning on them."""

    network: Network
    scenario: Scenario
    cost_model_for: CostModelFactory
    planner: Planner
    tt: Timetable
    start: int
    """The horizon's first minute (UTC midnight of the scenario's start)."""
    room: dict[tuple[int, int], tuple[int, int]]
    """(route, run) → TEU and plugs left; runs not listed are empty (full capacity)."""
    cancelled: set[tuple[int, int]]
    booked: dict[tuple[int, int], int]

    @classmethod
    def build(cls, network: Network, scenario: Scenario, cost_model_for: CostModelFactory) -> World:
        network = scenario_network(network, scenario)
        key = (id(network), tuple(sorted(network.services)))
        planner = _planner(network, key)
        start = dt.datetime.combine(scenario.start, dt.time(0), tzinfo=dt.UTC)
        tt = planner.timetable(start, scenario.days + 1)
        world = cls(network=network, scenario=scenario, cost_model_for=cost_model_for,
                    planner=planner, tt=tt, start=to_minutes(start), room={}, cancelled=set(),
                    booked={})  # fmt: skip
        world._apply_changes()
        return world

    def day(self, minute: float) -> float:
        return (minute - self.start) / 1440

    def _apply_changes(self) -> None:
        """Closed places and services cancel runs; capacity changes resize them."""
        index = self.tt.place_index
        for change in self.scenario.changes:
            if change.kind is ChangeKind.CLOSE_PLACE and change.target not in index:
                raise InvalidInput(f"close_place target {change.target!r} is not in the network")
            for route in self.tt.routes:
                for trip, begin in enumerate(route.starts):
                    self._change_run(change, route.index, trip, begin)

    def _change_run(self, change: Change, r: int, trip: int, begin: int) -> None:
        route = self.tt.routes[r]
        service = route.service
        if change.kind is ChangeKind.CLOSE_PLACE:
            place = self.tt.place_index[change.target]
            if any(
                p == place and change.active(self.day(begin + route.arr[k]))
                for k, p in enumerate(route.stops)
            ):
                self.cancelled.add((r, trip))
        elif service.id == change.target and change.active(self.day(begin)):
            if change.kind is ChangeKind.CLOSE_SERVICE:
                self.cancelled.add((r, trip))
            elif change.kind is ChangeKind.CAPACITY:
                teu = round(service.capacity_teu * change.factor)
                self.room[(r, trip)] = (teu, round(service.reefer_plugs * change.factor))
        if (r, trip) in self.cancelled:
            self.room[(r, trip)] = (0, 0)

    def _blocked_trucks(self, ready: int) -> tuple[int, ...]:
        """On-demand routes that would pass a closed place (or are a closed service) when the
        cargo leaves around ``ready``."""
        blocked = []
        for change in self.scenario.changes:
            if change.kind not in (ChangeKind.CLOSE_PLACE, ChangeKind.CLOSE_SERVICE):
                continue
            for route in self.tt.routes:
                if not route.on_demand:
                    continue
                if change.kind is ChangeKind.CLOSE_SERVICE:
                    hit = route.service.id == change.target
                else:
                    place = self.tt.place_index[change.target]
                    hit = place in route.stops
                if (hit and change.active(self.day(ready))) or (
                    hit and change.active(self.day(ready + route.arr[-1]))
                ):
                    blocked.append(route.index)
        return tuple(sorted(set(blocked)))

    def options(
        self, origin: str, destination: str, cargo: Cargo, ready: int, *, with_room: bool
    ) -> list[PlannedOption]:
        """The planner's options for ``cargo`` ready at ``origin`` at minute ``ready``: on runs
        that are not cancelled, and — ``with_room`` — that have room for it now."""
        blocked = self._blocked_trucks(ready)
        key = (id(self.network), self.scenario.changes, origin, destination, cargo, ready, blocked)
        if not with_room and key in _OPTIONS:
            return _OPTIONS[key]
        request = PlanRequest(
            origin=LocationCode(origin),
            destination=LocationCode(destination),
            depart=from_minutes(ready),
            cargo=cargo,
            window_days=7,
            max_legs=5,
        )
        model = self.cost_model_for(self.network, cargo)
        weights = compile_weights(self.tt, model)
        query = self.planner.compile_query(self.tt, weights, request)
        query.capacity = dict(self.room) if with_room else dict.fromkeys(self.cancelled, (0, 0))
        for r in blocked:
            query.route_ok[r] = False
        found = self.planner.search(self.tt, weights, query)
        if not with_room:
            if len(_OPTIONS) > _MAX_CACHED:
                _OPTIONS.clear()
            _OPTIONS[key] = found
        return found

    def room_for(self, option: PlannedOption, teu: int, plugs: int) -> int:
        """How many consignments of ``teu`` (and ``plugs``) fit on every run of ``option``."""
        fits = 1 << 30
        for leg in option.journey:
            if leg.trip is None:
                continue
            capacity = self.tt.routes[leg.route].service
            left = self.room.get(
                (leg.route, leg.trip), (capacity.capacity_teu, capacity.reefer_plugs)
            )
            fits = min(fits, left[0] // teu)
            if plugs:
                fits = min(fits, left[1] // plugs)
        return max(fits, 0)

    def book(self, option: PlannedOption, teu: int, plugs: int, count: int) -> None:
        """Take ``count`` consignments' room on every run of ``option``."""
        for leg in option.journey:
            if leg.trip is None:
                continue
            run = (leg.route, leg.trip)
            service = self.tt.routes[leg.route].service
            left = self.room.get(run, (service.capacity_teu, service.reefer_plugs))
            self.room[run] = (left[0] - teu * count, left[1] - plugs * count)
            self.booked[run] = self.booked.get(run, 0) + teu * count

    def release(self, legs: Sequence[JourneyLeg], cargo: Cargo, count: int) -> None:
        """Give back the room of ``legs`` not ridden (a lot planned again)."""
        for leg in legs:
            if leg.trip is None:
                continue
            run = (leg.route, leg.trip)
            left = self.room.get(run)
            if left is not None and run not in self.cancelled:
                self.room[run] = (left[0] + cargo.teu * count, left[1] + cargo.plugs * count)
                self.booked[run] = self.booked.get(run, 0) - cargo.teu * count

    def utilisation(self) -> dict[str, float]:
        """Per scheduled service, TEU booked on its runs leaving in the horizon over their
        capacity (cancelled runs have none)."""
        end = self.start + self.scenario.days * 1440
        booked: dict[str, int] = {}
        capacity: dict[str, int] = {}
        for route in self.tt.routes:
            for trip, begin in enumerate(route.starts):
                if not self.start <= begin < end:
                    continue
                sid = str(route.service.id)
                run = (route.index, trip)
                if run in self.cancelled:
                    continue
                left, _ = self.room.get(run, (route.service.capacity_teu, 0))
                taken = self.booked.get(run, 0)
                capacity[sid] = capacity.get(sid, 0) + left + taken
                booked[sid] = booked.get(sid, 0) + taken
        return {sid: booked[sid] / capacity[sid] for sid in sorted(capacity) if capacity[sid] > 0}
