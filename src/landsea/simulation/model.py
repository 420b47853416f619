"""The corridor's discrete-event model (SimPy): demand, booking, runs, transfers, clearance.

Clock: whole minutes since the Unix epoch (UTC), the planner's own unit.

- **Demand**: each lane's consignments arrive as a Poisson process (its calibrated TEU a year,
  times the scenario's scale and surges); each is ready at its own moment of the day.
- **Booking**: at the end of each day, the day's consignments and those still waiting are put on
  departures by the scenario's policy: the shipper's choice (per lane, options ranked by cost plus
  the value of time, each with room), greedy or optimal consolidation of the whole day (the
  formulation and HiGHS model of :mod:`landsea.optimise`). Options come from the live planner;
  room left on every run is its capacity. What finds no room waits for the next day.
- **Journeys**: a lot (the consignments of a lane put on one itinerary) rides its runs. A run
  may be late (by mode, calibrated); handling at a transfer and customs clearance are drawn
  around the place's figures. A lot that reaches a transfer after the next run's latest arrival
  (:func:`landsea.domain.timetable.latest_arrival`, plus export clearance) — or whose run is
  cancelled — is planned again from where it is.
- Without randomness (``stochastic = false``) every time is the planner's: a journey's legs are
  exactly its itinerary's.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from landsea.domain.cargo import Cargo
from landsea.domain.network import Network
from landsea.domain.timetable import LegRun, latest_arrival
from landsea.errors import InvalidInput
from landsea.planning import PlannedOption
from landsea.planning.timetable import from_minutes, to_minutes
from landsea.simulation.booking import Group, book_day
from landsea.simulation.calibration import Calibration, calibration
from landsea.simulation.results import ReplicationResult
from landsea.simulation.scenario import ChangeKind, Lane, Scenario
from landsea.simulation.world import CostModelFactory, World

__all__ = ["Lot", "replicate"]

_BANDS = 60
_GIVE_UP_DAYS = 30
_DRAIN_DAYS = 120


@dataclass(slots=True)
class Lot:
    """Consignments of one lane on one itinerary."""

    lane: Lane
    cargo: Cargo
    ready: np.ndarray
    """When each consignment was ready at the origin (minutes)."""
    option: PlannedOption
    booked_at: int
    cost: float = 0.0
    co2e_kg: float = 0.0
    legs: list[tuple[int, int]] = field(default_factory=list)


class _Twin:
    """One replication: the SimPy environment and what it counts."""

    def __init__(self, world: World, calib: Calibration, seed: int, replication: int) -> None:
        self.world, self.calib = world, calib
        scenario = world.scenario
        streams = np.random.SeedSequence(seed, spawn_key=(replication,)).spawn(4)
        self.demand_rng, delay_rng, self.clear_rng, self.handle_rng = (
            np.random.default_rng(s) for s in streams
        )
        self.stochastic = scenario.stochastic
        self.env = simpy.Environment(initial_time=world.start)
        if not scenario.lanes and scenario.demand != "ilstc":
            raise InvalidInput(
                f"scenario {scenario.name!r}: demand {scenario.demand!r} needs its booked lanes "
                "filled in (landsea.services.booking_demand.with_booked_demand)"
            )
        self.lanes = scenario.lanes or calib.lanes
        self.delays = self._delays(delay_rng)
        self.waiting: list[Group] = []
        self.lots: list[Lot] = []
        self.arrived_teu = 0
        self.delivered_teu = 0
        self.backlog: list[float] = []
        self.leads: list[float] = []
        self.late_days = 0.0
        self.cost = 0.0
        self.co2e = 0.0
        self.missed = 0
        self.lost_teu = 0

    def _delays(self, rng: np.random.Generator) -> list[np.ndarray]:
        """Each run's delay (minutes), drawn up front in route order."""
        found = []
        for route in self.world.tt.routes:
            n = len(route.starts)
            delay = self.calib.delays.get(route.mode.value)
            late = rng.random(n)
            size = rng.exponential(1.0, n)
            if not self.stochastic or delay is None or n == 0:
                found.append(np.zeros(n, dtype=np.int64))
                continue
            minutes = np.where(late < delay.late_share, size * delay.mean_late_h * 60, 0.0)
            found.append(np.rint(minutes).astype(np.int64))
        return found

    # -- demand and booking ---------------------------------------------------------------------

    def _rate(self, lane: Lane, day: float) -> float:
        """Consignments of ``lane`` expected on ``day``."""
        rate = lane.teu_per_year / 365 / lane.shipment_teu * self.world.scenario.demand_scale
        for change in self.world.scenario.changes:
            if change.kind is ChangeKind.SURGE and change.target in ("*", lane.key):
                rate *= change.factor if change.active(day) else 1.0
        return rate

    def _demand(self, day: int) -> list[Group]:
        begin = self.world.start + day * 1440
        groups = []
        for lane in self.lanes:
            count = int(self.demand_rng.poisson(self._rate(lane, day)))
            ready = np.sort(self.demand_rng.uniform(0, 1440, count)).astype(np.int64) + begin
            if count:
                groups.append(Group(lane=lane, ready=ready))
                self.arrived_teu += count * lane.shipment_teu
        return groups

    def days(self) -> Generator[Any, Any, None]:
        scenario = self.world.scenario
        for day in range(scenario.days):
            fresh = self._demand(day)
            yield self.env.timeout(self.world.start + (day + 1) * 1440 - self.env.now)
            self.backlog.append(float(self.arrived_teu - self.delivered_teu))
            groups = _merge(self.waiting + fresh)
            booked, self.waiting = book_day(self.world, groups, int(self.env.now))
            for group, option in booked:
                self._start(group, option)
        for group in self.waiting:
            self.lost_teu += len(group.ready) * group.lane.shipment_teu

    def _start(self, group: Group, option: PlannedOption) -> None:
        cargo = group.cargo
        lot = Lot(lane=group.lane, cargo=cargo, ready=group.ready, option=option,
                  booked_at=int(self.env.now))  # fmt: skip
        self._charge(lot, option)
        self.lots.append(lot)
        self.env.process(self.travel(lot))

    def _charge(self, lot: Lot, option: PlannedOption) -> None:
        n = len(lot.ready)
        lot.cost += option.evaluation.cost * n
        lot.co2e_kg += option.evaluation.co2e_kg * n

    # -- journeys -------------------------------------------------------------------------------

    def _clearance(self, place: int, minutes: int) -> int:
        if minutes <= 0 or not self.stochastic:
            return minutes
        customs = self.world.tt.places[place].customs
        sigma = 0.5
        if customs is not None and customs.typical_hours > 0:
            sigma = max(
                0.05, math.log(max(customs.p90_hours / customs.typical_hours, 1.01)) / 1.2816
            )
        return round(minutes * float(self.clear_rng.lognormal(0.0, sigma)))

    def _typical_handling(self, place: int) -> int:
        handling = self.world.tt.places[place].handling
        return 0 if handling is None else round(handling.hours * 60)

    def _handling_extra(self, place: int) -> int:
        """Handling drawn at a transfer, less the typical handling the planner counts."""
        location = self.world.tt.places[place]
        if not self.stochastic or location.handling is None:
            return 0
        typical = location.handling.hours * 60
        drawn = typical * float(self.handle_rng.lognormal(0.0, self.calib.handling_sigma))
        return round(drawn - typical)

    def travel(self, lot: Lot) -> Generator[Any, Any, None]:
        world, env = self.world, self.env
        option, n, ready = lot.option, 0, int(env.now)
        while n < len(option.journey):
            leg, planned = option.journey[n], option.evaluation.legs[n]
            route = world.tt.routes[leg.route]
            place = route.stops[leg.board]
            extra = self._handling_extra(place) if n else 0
            export = self._clearance(place, planned.export_min)
            if leg.trip is not None:
                late = int(self.delays[leg.route][leg.trip])
                departure = planned.departure + late
                arrival = planned.arrival + late
                latest = to_minutes(latest_arrival(world.network, LegRun(
                    service=route.service, board=leg.board, alight=leg.alight),
                    from_minutes(departure)))  # fmt: skip
                missed = n > 0 and ready + extra + export > latest
                if (leg.route, leg.trip) in world.cancelled or missed:
                    replanned = yield from self._replan(lot, n, ready + max(extra, 0))
                    if replanned is None:
                        return
                    option, n, ready = replanned, 0, int(env.now)
                    continue
            else:  # a truck: just in time at the origin, else once handled and cleared
                departure = planned.departure
                if n > 0:
                    departure = (
                        ready + route.cutoff + export + self._typical_handling(place) + extra
                    )
                arrival = departure + route.arr[leg.alight] - route.dep[leg.board]
            yield env.timeout(max(0, departure - env.now))
            yield env.timeout(max(0, arrival - env.now))
            lot.legs.append((departure, arrival))
            ready = arrival + self._clearance(route.stops[leg.alight], planned.import_min)
            n += 1
        yield env.timeout(max(0, ready - env.now))
        self._deliver(lot, ready)

    def _replan(self, lot: Lot, n: int, ready: int) -> Generator[Any, Any, PlannedOption | None]:
        """Plan ``lot`` again from the boarding place of its leg ``n``; wait a day while no
        option has room (giving up after 30 days)."""
        self.missed += 1
        world, count = self.world, len(lot.ready)
        world.release(lot.option.journey[n:], lot.cargo, count)
        place = world.tt.places[world.tt.routes[lot.option.journey[n].route].stops[
            lot.option.journey[n].board]].code  # fmt: skip
        yield self.env.timeout(max(0, ready - self.env.now))
        for _ in range(_GIVE_UP_DAYS):
            if place == lot.lane.destination:
                return None
            for option in world.options(place, lot.lane.destination, lot.cargo,
                                        int(self.env.now), with_room=True):  # fmt: skip
                if world.room_for(option, lot.cargo.teu, lot.cargo.plugs) >= count:
                    world.book(option, lot.cargo.teu, lot.cargo.plugs, count)
                    lot.option = option
                    self._charge(lot, option)
                    return option
            yield self.env.timeout(1440)
        self.lost_teu += count * lot.lane.shipment_teu
        return None

    def _deliver(self, lot: Lot, at: int) -> None:
        teu = lot.lane.shipment_teu
        self.delivered_teu += len(lot.ready) * teu
        due = lot.ready + round(lot.lane.due_days * 1440)
        late = np.ceil(np.maximum(at - due, 0) / 1440)
        self.late_days += float(late.sum()) * teu
        self.leads.extend(((at - lot.ready) / 60).tolist())
        self.cost += lot.cost
        self.co2e += lot.co2e_kg

    def result(self, scenario: str, seed: int, replication: int, record: bool) -> ReplicationResult:
        leads = np.array(self.leads, dtype=float)  # no lot delivered: lead times are NaN
        hours = self.world.scenario.days * 24
        histogram = np.bincount(np.minimum(leads // 24, _BANDS - 1).astype(int),
                                minlength=_BANDS)  # fmt: skip
        delivered_teu = max(self.delivered_teu, 1)
        return ReplicationResult(
            scenario=scenario, replication=replication, seed=seed,
            teu_demanded=self.arrived_teu, teu_delivered=self.delivered_teu,
            teu_undelivered=self.arrived_teu - self.delivered_teu,
            lead_p50_h=float(np.percentile(leads, 50)) if self.leads else math.nan,
            lead_p90_h=float(np.percentile(leads, 90)) if self.leads else math.nan,
            lead_mean_h=float(np.mean(leads)) if self.leads else math.nan,
            days_late=self.late_days / delivered_teu,
            cost_cny=self.cost, co2e_t=self.co2e / 1000,
            backlog_teu=tuple(self.backlog), utilisation=self.world.utilisation(),
            lead_histogram=tuple(int(x) for x in histogram),
            arrival_rate_teu_h=self.arrived_teu / hours, missed=self.missed,
            journeys=tuple(tuple(lot.legs) for lot in self.lots) if record else (),
            planned=tuple(
                tuple((leg.departure, leg.arrival) for leg in lot.option.evaluation.legs)
                for lot in self.lots) if record else (),
        )  # fmt: skip


def _merge(groups: list[Group]) -> list[Group]:
    """One group per lane, consignments in ready order."""
    by: dict[Lane, list[np.ndarray]] = {}
    for group in groups:
        by.setdefault(group.lane, []).append(group.ready)
    return [Group(lane=lane, ready=np.sort(np.concatenate(parts))) for lane, parts in by.items()]


def replicate(
    network: Network,
    scenario: Scenario,
    cost_model_for: CostModelFactory,
    *,
    seed: int,
    replication: int,
    record: bool = False,
) -> ReplicationResult:
    """Simulate ``scenario`` once: replication ``replication`` of root ``seed`` (its random
    streams are the ``replication``-th children of ``SeedSequence(seed)``, so the same seed and
    replication give the same result wherever it runs, and scenarios share random numbers)."""
    world = World.build(network, scenario, cost_model_for)
    twin = _Twin(world, calibration(scenario.demand), seed, replication)
    twin.env.process(twin.days())
    twin.env.run(until=world.start + (scenario.days + _DRAIN_DAYS) * 1440)
    return twin.result(scenario.name, seed, replication, record)
