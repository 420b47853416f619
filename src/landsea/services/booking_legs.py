"""A booking's legs: each resolved to its service, stops and run, checked (places, cargo,
connections the planner would offer) and priced — the rules every way of booking shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.money import Money
from landsea.domain.network import Network
from landsea.domain.timetable import LegRun, Service, latest_arrival, leg_times, parse_departure_id
from landsea.errors import InvalidInput
from landsea.services.network import resolve_place
from landsea.services.planning import NetworkCostModel, cny
from landsea.services.platform import Platform
from landsea.units import ServiceId

if TYPE_CHECKING:
    from landsea.services.booking import BookingRequest, LegRequest

__all__ = ["ResolvedLeg", "price_legs", "resolve_legs"]


@dataclass(frozen=True, slots=True)
class ResolvedLeg:
    service: Service
    departure_id: str | None
    board: int
    alight: int
    run_start: dt.datetime | None

    @property
    def run(self) -> LegRun:
        return LegRun(
            service=self.service, board=self.board, alight=self.alight, run_start=self.run_start
        )


def resolve_legs(
    platform: Platform, request: BookingRequest, cargo: Cargo, uow: Any
) -> list[ResolvedLeg]:
    if not request.legs:
        raise InvalidInput("legs must list at least one leg")
    if len(request.legs) > 12:
        raise InvalidInput(f"legs has {len(request.legs)} legs; at most 12 are allowed")
    legs: list[ResolvedLeg] = []
    for n, leg in enumerate(request.legs):
        resolved = _resolve_leg(platform, leg, f"legs[{n}]", cargo, uow)
        if legs:
            previous = legs[-1]
            end = previous.service.stops[previous.alight].location
            start = resolved.service.stops[resolved.board].location
            if end != start:
                raise InvalidInput(
                    f"legs[{n}].from {start!r} is not where legs[{n - 1}] ends ({end!r})"
                )
        legs.append(resolved)
    _check_connections(platform.network, legs)
    return legs


def _resolve_leg(
    platform: Platform, leg: LegRequest, where: str, cargo: Cargo, uow: Any
) -> ResolvedLeg:
    """The service, stops and run of one requested leg, or invalid input naming ``where``."""
    network = platform.network
    start: dt.datetime | None = None
    if leg.departure_id is not None:
        service, start = _run_of(network, uow, leg.departure_id, where)
    else:
        if not leg.service_id:
            raise InvalidInput(
                f"{where}: an on-demand leg needs service_id (it has no departure_id)"
            )
        found = network.services.get(ServiceId(leg.service_id))
        if found is None:
            raise InvalidInput(
                f"{where}.service_id {leg.service_id!r} is not a service of the network"
            )
        service = found
        if not service.on_demand:
            raise InvalidInput(
                f"{where}.service_id {leg.service_id!r} is scheduled: give its departure_id"
            )
    calls = [stop.location for stop in service.stops]
    a = resolve_place(network, leg.origin, f"{where}.from").code
    b = resolve_place(network, leg.destination, f"{where}.to").code
    if a not in calls:
        raise InvalidInput(f"{where}.from {leg.origin!r}: service {service.id} does not call there")
    board = calls.index(a)
    if b not in calls[board + 1 :]:
        raise InvalidInput(
            f"{where}.to {leg.destination!r}: service {service.id} does not call there after {a}"
        )
    if cargo.cargo_type is CargoType.DANGEROUS and not service.dangerous_goods:
        raise InvalidInput(f"{where}: service {service.id} does not accept dangerous goods")
    if cargo.plugs and service.reefer_plugs == 0:
        raise InvalidInput(f"{where}: service {service.id} has no reefer plugs")
    return ResolvedLeg(service, leg.departure_id, board, calls.index(b, board + 1), start)


def _run_of(
    network: Network, uow: Any, departure_id: str, where: str
) -> tuple[Service, dt.datetime]:
    """The service and start (UTC) of the run ``departure_id`` names.

    A stored departure's id is its service and local start (:func:`departure_id`), so the
    booking reads them from the id, sparing a round trip: the reservation (a conditional update
    of that row) then finds whether it is stored. An id of another shape, or of a service no
    longer in the network, is looked up, to say which it is."""
    try:
        service_id, local = parse_departure_id(departure_id)
    except InvalidInput:
        service_id, local = ServiceId(""), None
    service = network.services.get(service_id)
    if service is not None and local is not None:
        zone = ZoneInfo(network.locations[service.origin].timezone)
        return service, local.replace(tzinfo=zone).astimezone(dt.UTC)
    departure = uow.departures.get(departure_id)
    if departure is None:
        raise InvalidInput(f"{where}.departure_id {departure_id!r} is not a stored departure")
    service = network.services.get(ServiceId(departure.service_id))
    if service is None:
        raise InvalidInput(
            f"{where}.departure_id {departure_id!r}: its service is no longer in the network"
        )
    return service, departure.departure


def _check_connections(network: Network, legs: Sequence[ResolvedLeg]) -> None:
    """Refuse a connection the planner would not offer: the cargo must reach each leg's
    boarding place before its cut-off and the handling there
    (:func:`landsea.domain.timetable.latest_arrival`, with the legs timed by
    :func:`~landsea.domain.timetable.leg_times`)."""
    times = leg_times(network, [leg.run for leg in legs])
    for n in range(1, len(legs)):
        arrives, leaves = times[n - 1].arrival, times[n].departure
        if arrives is None or leaves is None:
            continue
        leg = legs[n]
        latest = latest_arrival(network, leg.run, leaves)
        if arrives <= latest:
            continue
        place = network.locations[leg.service.stops[leg.board].location]
        handling = place.handling.hours if place.handling else 0.0
        cutoff = 0.0 if leg.service.on_demand else network.cutoff_for(leg.service)
        what = (
            f"departure_id {leg.departure_id!r}"
            if leg.departure_id
            else f"service_id {leg.service.id!r}"
        )
        raise InvalidInput(
            f"legs[{n}].{what} leaves {place.code} at {place.local(leaves).isoformat()}, but "
            f"legs[{n - 1}] arrives there at {place.local(arrives).isoformat()}: the cargo must "
            f"arrive by {place.local(latest).isoformat()} ({handling:g} h handling and "
            f"{cutoff:g} h cut-off at {place.code})"
        )


def price_legs(platform: Platform, legs: list[ResolvedLeg], cargo: Cargo) -> tuple[Money, float]:
    model = NetworkCostModel(platform.network, cargo)
    cost = 0.0
    co2 = 0.0
    for n, leg in enumerate(legs):
        if n > 0:
            place = platform.network.locations[leg.service.stops[leg.board].location]
            transfer = model.transfer(place)
            if transfer is None:
                raise InvalidInput(
                    f"legs[{n}].from {place.code!r}: containers cannot change vehicle there"
                )
            cost += transfer.cost
            co2 += transfer.co2e_kg
        cost += model.boarding(leg.service)
        for k in range(leg.board + 1, leg.alight + 1):
            segment_cost, segment_co2 = model.segment(leg.service, k)
            cost += segment_cost
            co2 += segment_co2
    return cny(cost), round(co2, 3)
