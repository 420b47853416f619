"""Planning use case: a shipper's question in words → the planner → the documented plan JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.codes import within_platform_dates
from landsea.domain.disruption import Overlay
from landsea.domain.money import Money
from landsea.domain.network import Location, Mode, Network
from landsea.domain.timetable import Service
from landsea.emissions.calculator import EmissionsModel
from landsea.errors import InvalidInput, UnknownLocation
from landsea.planning.costs import Transfer
from landsea.planning.journey import JourneyLeg, LegTimes
from landsea.planning.overlay import overlaid
from landsea.planning.planner import PlannedOption, Planner, PlanResult
from landsea.planning.request import DEFAULT_WINDOW_DAYS, Epsilon, PlanRequest
from landsea.planning.timetable import from_minutes
from landsea.services.network import resolve_place
from landsea.services.plan_result import (
    Basis,
    Emissions,
    HandlingStop,
    Itinerary,
    ItineraryLeg,
    Plan,
    PlanQuery,
    PriceSplit,
    Tag,
)
from landsea.units import DepartureId, LocationCode

if TYPE_CHECKING:
    from landsea.services.platform import Platform

__all__ = [
    "Basis",
    "Emissions",
    "Epsilon",
    "HandlingStop",
    "Itinerary",
    "ItineraryLeg",
    "NetworkCostModel",
    "Plan",
    "PlanQuery",
    "PlanQuestion",
    "PriceSplit",
    "Tag",
    "adopt_planner",
    "cny",
    "plan",
    "plan_on_platform",
    "plan_with_overlay",
    "planner_for",
]

_planners: dict[int, Planner] = {}
_emissions: list[EmissionsModel] = []


def _emissions_model() -> EmissionsModel:
    if not _emissions:
        _emissions.append(EmissionsModel())
    return _emissions[0]


def planner_for(network: Network) -> Planner:
    """The planner of ``network`` (one per network object, keeping its compiled timetable)."""
    planner = _planners.get(id(network))
    if planner is None or planner.network is not network:
        _planners.clear()
        planner = _planners[id(network)] = Planner(network)
    return planner


def adopt_planner(planner: Planner) -> None:
    """Plan on ``planner.network`` with ``planner`` (one read from disk with its compiled
    timetable: :mod:`landsea.services.timetable_cache`)."""
    _planners.clear()
    _planners[id(planner.network)] = planner


class NetworkCostModel:
    """Tariffs, handling, customs and GLEC emissions of a network, for one consignment.

    - A leg costs its service's tariff (per FEU for each pair of TEU, per TEU for an odd one) in
      proportion to the distance ridden, converted to CNY with the dataset's exchange rates.
    - A transfer costs the place's handling time and charge per TEU, and emits as a GLEC hub.
    - Emissions are well-to-wheel, kg CO2e, per port-to-port or station-to-station segment.
    """

    def __init__(
        self,
        network: Network,
        cargo: Cargo,
        emissions: EmissionsModel | None = None,
        *,
        clearance: dict[str, float] | None = None,
    ):
        self.network = network
        self.cargo = cargo
        self.emissions = emissions or _emissions_model()
        self.measured_clearance = dict(clearance or {})
        """Measured clearance hours by location code, in place of the dataset's figures."""

    @property
    def key(self) -> Hashable:
        return (
            "network",
            id(self.network),
            self.cargo.teu,
            self.cargo.tonnes,
            self.cargo.cargo_type,
            tuple(sorted(self.measured_clearance.items())),
        )

    def _run_price(self, service: Service) -> float:
        """The whole run's tariff for the consignment, in CNY."""
        price = (
            service.tariff.per_feu * self.cargo.feu
            + service.tariff.per_teu * self.cargo.twenty_foot
        )
        return float(self.network.to_cny(price).amount)

    def boarding(self, service: Service) -> float:
        return self._run_price(service) * self.network.fixed_fare_share.get(service.mode, 0.0)

    def segment(self, service: Service, k: int) -> tuple[float, float]:
        total = service.distance_km
        share = service.stops[k].distance_km / total if total > 0 else 1 / (len(service.stops) - 1)
        variable = 1.0 - self.network.fixed_fare_share.get(service.mode, 0.0)
        cost = self._run_price(service) * variable * share
        return cost, self.segment_emissions(service, k).wtw_kg

    def segment_emissions(self, service: Service, k: int) -> Any:
        locations = self.network.locations
        a = locations[service.stops[k - 1].location]
        b = locations[service.stops[k].location]
        return self.emissions.leg(
            service.mode, a.country, b.country, service.stops[k].distance_km, self.cargo
        )

    def transfer(self, location: Location) -> Transfer | None:
        if location.handling is None:
            return None
        charge = self.network.to_cny(location.handling.cost).amount * self.cargo.teu
        hub = self.emissions.hub(location.kinds, self.cargo)
        return Transfer(hours=location.handling.hours, cost=float(charge), co2e_kg=hub.wtw_kg)

    def clearance(self, location: Location, direction: str) -> float:
        if location.customs is None:
            return 0.0
        measured = self.measured_clearance.get(str(location.code))
        return location.customs.typical_for(direction) if measured is None else measured


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanQuestion:
    """A planning question as people and scripts phrase it (places by code or name)."""

    origin: str
    destination: str
    depart: dt.date | dt.datetime | None = None
    window_days: float = DEFAULT_WINDOW_DAYS
    teu: int = 1
    cargo_type: str = "general"
    avoid: tuple[str, ...] = ()
    via: str | None = None
    max_days: float | None = None
    cargo_tonnes: float | None = None
    capacity: dict[str, tuple[int, int]] | None = None
    clearance: dict[str, float] | None = None
    """Measured clearance hours by location code (the platform's statistics), where known."""
    epsilon: Epsilon | None = None
    """Bounds for an ε-set (fewer options, faster); ``None``: the exact Pareto set."""
    as_of: dt.datetime | None = None
    """Plan on the network version in force at this instant (``None``: the current one)."""


def to_request(network: Network, question: PlanQuestion) -> PlanRequest:
    """Resolve names, modes and dates of ``question`` against ``network``."""
    origin = resolve_place(network, question.origin, "origin")
    destination = resolve_place(network, question.destination, "destination")
    try:
        cargo_type = CargoType(question.cargo_type)
    except ValueError:
        raise InvalidInput(
            f"cargo_type {question.cargo_type!r} is not one of general, reefer, dangerous"
        ) from None
    modes: set[Mode] = set()
    places: set[LocationCode] = set()
    items = [part for item in question.avoid for part in item.split(",") if part.strip()]
    for item in items:
        text = item.strip()
        if text.lower() in {m.value for m in Mode}:
            modes.add(Mode(text.lower()))
            continue
        try:
            places.add(network.location(text).code)
        except UnknownLocation:
            raise InvalidInput(
                f"avoid {text!r} is neither a mode ({', '.join(m.value for m in Mode)}) "
                "nor a place of the network"
            ) from None
    for code in (origin.code, destination.code):
        if code in places:
            raise InvalidInput(f"avoid {code!r}: the origin and the destination cannot be avoided")
    via = resolve_place(network, question.via, "via").code if question.via else None
    return PlanRequest(
        origin=origin.code,
        destination=destination.code,
        depart=_ready_time(question.depart, origin.timezone),
        cargo=Cargo(teu=question.teu, cargo_type=cargo_type, mass_tonnes=question.cargo_tonnes),
        window_days=question.window_days,
        avoid_modes=frozenset(modes),
        avoid_places=frozenset(places),
        via=via,
        max_days=question.max_days,
        capacity=dict(question.capacity or {}),
        epsilon=question.epsilon,
    )


def _ready_time(depart: dt.date | dt.datetime | None, timezone: str) -> dt.datetime:
    zone = ZoneInfo(timezone)
    if depart is None:
        now = dt.datetime.now(zone)
        return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    within_platform_dates(depart, field="depart")
    if isinstance(depart, dt.datetime):
        return depart if depart.tzinfo else depart.replace(tzinfo=zone)
    return dt.datetime.combine(depart, dt.time(0), tzinfo=zone)


def plan(
    network: Network,
    question: PlanQuestion,
    *,
    basis: Basis = Basis.NETWORK,
    network_version: int = 0,
    overlay: Overlay | None = None,
) -> Plan:
    """Plan ``question`` on ``network`` alone (see :func:`plan_on_platform` for the platform's
    capacity, measured clearance and disruptions)."""
    request = to_request(network, question)
    model = NetworkCostModel(network, request.cargo, clearance=question.clearance)
    planner = planner_for(network)
    if overlay:
        planner, request = overlaid(planner, request, overlay)
    result = planner.plan(request, model)
    return Plan(
        query=_query(network, request),
        issues=tuple(result.issues),
        options=_tagged([_itinerary(network, result, model, option) for option in result.options]),
        clearance_measured={
            code: hours
            for code, hours in sorted(model.measured_clearance.items())
            if code in network.locations
        },
        basis=basis,
        epsilon=result.epsilon,
        capped=result.capped,
        approximate=result.approximate,
        network_version=network_version,
    )


def plan_with_overlay(
    network: Network,
    question: PlanQuestion,
    capacity: dict[str, tuple[int, int]],
    overlay: Overlay,
) -> Plan:
    """Plan with this capacity left and these disruptions in force (no database read)."""
    asked = dataclasses.replace(question, capacity=capacity)
    return plan(network, asked, basis=Basis.DATABASE, overlay=overlay)


CAPACITY_SPAN = (dt.timedelta(days=30), dt.timedelta(days=400))
"""The stored departures whose capacity left a plan reads: from 30 days before now to 400 after."""


def plan_on_platform(platform: Platform, question: PlanQuestion) -> Plan:
    """Plan with the capacity left on the stored departures, the measured clearance times and
    the disruptions in force: the planning use case of the API, the web and the command line.
    The network version is taken once, first: a version published meanwhile is the next
    query's. With ``question.as_of``, the version in force then (the capacity left and the
    disruptions are today's: what a past timetable would offer now)."""
    from landsea.services.analytics.clearance import measured_clearance
    from landsea.services.departures import remaining_capacity
    from landsea.services.disruptions import overlay
    from landsea.services.network_publish import snapshot_at

    snapshot = snapshot_at(platform, question.as_of)
    now = dt.datetime.now(dt.UTC)
    before, after = CAPACITY_SPAN
    capacity = remaining_capacity(platform, now - before, now + after)
    measured = measured_clearance(platform)
    return plan_on_database(
        snapshot.network, snapshot.version, question, capacity, measured, overlay(platform)
    )


def plan_on_database(
    network: Network,
    version: int,
    question: PlanQuestion,
    capacity: dict[str, tuple[int, int]],
    measured: dict[str, float],
    overlay: Overlay,
) -> Plan:
    """:func:`plan_on_platform` once its reads are done (a one-shot ``landsea plan`` on SQLite
    reads them without the platform: :func:`landsea.services.timetable_cache.plan_once`)."""
    asked = dataclasses.replace(question, capacity=capacity, clearance=measured)
    return plan(network, asked, basis=Basis.DATABASE, network_version=version, overlay=overlay)


def _money(amount: float) -> Money:
    """The planner's comparison cost (a float in CNY) as exact money: converted once, here at
    the boundary, from the float's shortest decimal form and rounded by ``Money.rounded``."""
    return cny(amount)


def cny(amount: float) -> Money:
    """A planner cost in CNY as exact money (the one float-to-money boundary, see docs/money.md)."""
    return Money(Decimal(repr(amount)), "CNY").rounded()


def _tagged(options: list[Itinerary]) -> tuple[Itinerary, ...]:
    """The options, each tagged with what it is best at among them (ties share a tag)."""
    if not options:
        return ()
    best = {
        Tag.CHEAPEST: min(o.cost.amount for o in options),
        Tag.FASTEST: min(o.arrival for o in options),
        Tag.LOWEST_CO2E: min(o.co2e_kg for o in options),
    }

    def tags(o: Itinerary) -> tuple[Tag, ...]:
        mine = {Tag.CHEAPEST: o.cost.amount, Tag.FASTEST: o.arrival, Tag.LOWEST_CO2E: o.co2e_kg}
        return tuple(tag for tag in Tag if mine[tag] == best[tag])

    return tuple(dataclasses.replace(o, tags=tags(o)) for o in options)


def _just_in_time_shift(result: PlanResult, option: PlannedOption) -> tuple[int, int]:
    """How much the on-demand legs before the first scheduled one move to be just in time,
    and the index of that first scheduled leg."""
    tt = result.timetable
    assert tt is not None
    journey, evaluation = option.journey, option.evaluation
    scheduled = [n for n, leg in enumerate(journey) if not tt.routes[leg.route].on_demand]
    first = scheduled[0] if scheduled else len(journey)
    shift = evaluation.departure - evaluation.legs[0].departure if scheduled and first > 0 else 0
    return shift, first


def _itinerary(
    network: Network, result: PlanResult, model: NetworkCostModel, option: PlannedOption
) -> Itinerary:
    tt = result.timetable
    assert tt is not None
    locations = network.locations
    evaluation = option.evaluation
    shift, first_scheduled = _just_in_time_shift(result, option)
    legs: list[ItineraryLeg] = []
    handling: list[HandlingStop] = []
    wtw = ttw = hub = 0.0
    via: list[LocationCode] = []
    for n, (leg, times) in enumerate(zip(option.journey, evaluation.legs, strict=True)):
        service = tt.routes[leg.route].service
        board = locations[service.stops[leg.board].location]
        if n > 0:
            transfer = model.transfer(board)
            assert transfer is not None
            hub += transfer.co2e_kg
            handling.append(
                HandlingStop(
                    at=board.code,
                    hours=transfer.hours,
                    cost=_money(transfer.cost),
                    co2e_kg=round(transfer.co2e_kg, 3),
                )
            )
            via.append(board.code)
        for k in range(leg.board + 1, leg.alight):
            stop = locations[service.stops[k].location]
            if stop.is_border_crossing and stop.code not in via:
                via.append(stop.code)
        ride, ride_wtw, ride_ttw = _ride(
            network, result, model, leg, times, shift if n < first_scheduled else 0
        )
        legs.append(ride)
        wtw, ttw = wtw + ride_wtw, ttw + ride_ttw
    request = result.request
    return Itinerary(
        departure=locations[request.origin].local(from_minutes(evaluation.departure)),
        arrival=locations[request.destination].local(from_minutes(evaluation.arrival)),
        transit_hours=round((evaluation.arrival - evaluation.departure) / 60, 2),
        cost=_money(evaluation.cost),
        co2e_kg=round(evaluation.co2e_kg, 3),
        transfers=evaluation.transfers,
        modes=tuple(dict.fromkeys(leg.mode for leg in legs)),
        via=tuple(via),
        legs=tuple(legs),
        handling=tuple(handling),
        emissions=Emissions(wtw_kg=round(wtw + hub, 3), ttw_kg=round(ttw, 3), hub_kg=round(hub, 3)),
        price=PriceSplit(
            freight=_total(leg.cost for leg in legs), handling=_total(s.cost for s in handling)
        ),
    )


def _total(amounts: Iterable[Money]) -> Money:
    return Money(sum((m.amount for m in amounts), Decimal(0)), "CNY")


def _ride(
    network: Network,
    result: PlanResult,
    model: NetworkCostModel,
    leg: JourneyLeg,
    times: LegTimes,
    moved: int,
) -> tuple[ItineraryLeg, float, float]:
    """A leg of an itinerary, with its well-to-wheel and tank-to-wheel emissions unrounded."""
    tt, w = result.timetable, result.weights
    assert tt is not None and w is not None
    route = tt.routes[leg.route]
    service = route.service
    board = network.locations[service.stops[leg.board].location]
    alight = network.locations[service.stops[leg.alight].location]
    estimates = [model.segment_emissions(service, k) for k in range(leg.board + 1, leg.alight + 1)]
    wtw = sum(e.wtw_kg for e in estimates)
    departure = board.local(from_minutes(times.departure + moved))
    departure_id = None if leg.trip is None else DepartureId(route.departure_id(leg.trip))
    cutoff = 0.0 if route.on_demand else network.cutoff_for(service)
    left = None if departure_id is None else result.request.capacity.get(departure_id)
    ride = ItineraryLeg(
        mode=service.mode,
        service_id=service.id,
        service_name=service.name,
        operator=service.operator,
        departure_id=departure_id,
        on_demand=route.on_demand,
        from_=board.code,
        to=alight.code,
        departure=departure,
        arrival=alight.local(from_minutes(times.arrival + moved)),
        distance_km=round(service.distance_between(leg.board, leg.alight), 1),
        cost=_money(
            w.board_cost[leg.route]
            + w.cum_cost[leg.route][leg.alight]
            - w.cum_cost[leg.route][leg.board]
        ),
        co2e_kg=round(wtw, 3),
        export_clearance_hours=times.export_min / 60,
        import_clearance_hours=times.import_min / 60,
        cutoff=departure - dt.timedelta(hours=cutoff) if cutoff > 0 else None,
        capacity_left_teu=None
        if route.on_demand
        else (service.capacity_teu if left is None else left[0]),
    )
    return ride, wtw, sum(e.ttw_kg for e in estimates)


def _query(network: Network, request: PlanRequest) -> PlanQuery:
    return PlanQuery(
        origin=request.origin,
        destination=request.destination,
        origin_name=network.locations[request.origin].name,
        destination_name=network.locations[request.destination].name,
        depart=request.depart,
        window_days=request.window_days,
        teu=request.cargo.teu,
        cargo_type=request.cargo.cargo_type,
        cargo_tonnes=request.cargo.tonnes,
        avoid=tuple(sorted(m.value for m in request.avoid_modes) + sorted(request.avoid_places)),
        via=request.via,
        max_days=request.max_days,
    )
