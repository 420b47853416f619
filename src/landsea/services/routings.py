"""Commercial Schedules point-to-point routings (DCSA CS 1.0.3) from the planner.

The question is put to :func:`landsea.services.planning.plan_on_platform` (capacity left and
measured clearance included); each Pareto-optimal itinerary becomes one ``PointToPoint``, each
ride one ``Leg`` (docs/dcsa_cs.md gives every field). CS counts a transhipment only from vessel
to vessel, so ``maxTranshipment`` counts changes between two sea legs, never a change from rail
or truck to a ship.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from landsea.domain.network import Mode, Network
from landsea.errors import InvalidInput, UnknownLocation
from landsea.feeds.dcsa_cs import (
    cs_location,
    facility_type,
    mode_of_transport,
    service_partner,
)
from landsea.planning.request import DEFAULT_WINDOW_DAYS
from landsea.services.planning import Itinerary, ItineraryLeg, PlanQuestion, plan_on_platform
from landsea.services.platform import Platform

__all__ = ["RoutingQuery", "point_to_point_routes", "transhipments"]

_CARGO = {"DRY": "general", "REEFER": "reefer"}


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingQuery:
    """The filters of ``GET /v1/point-to-point-routes`` (CS 1.0.3 names)."""

    placeOfReceipt: str
    placeOfDelivery: str
    departureStartDate: dt.date | None = None
    departureEndDate: dt.date | None = None
    arrivalStartDate: dt.date | None = None
    arrivalEndDate: dt.date | None = None
    maxTranshipment: int | None = None
    receiptTypeAtOrigin: str | None = None
    deliveryTypeAtDestination: str | None = None
    cargoType: str = "DRY"


def point_to_point_routes(platform: Platform, query: RoutingQuery) -> list[dict[str, Any]]:
    """The planner's options from ``placeOfReceipt`` to ``placeOfDelivery`` as CS routings,
    earliest departure first."""
    network = platform.network
    for name in ("placeOfReceipt", "placeOfDelivery"):
        code = getattr(query, name)
        try:
            network.location(code)
        except UnknownLocation:
            raise InvalidInput(f"{name} {code!r} is not a place of the network") from None
    cargo = _CARGO.get(query.cargoType)
    if cargo is None:
        raise InvalidInput(f"cargoType {query.cargoType[:40]!r} is not DRY or REEFER")
    if query.maxTranshipment is not None and query.maxTranshipment < 0:
        raise InvalidInput(f"maxTranshipment {query.maxTranshipment} must be 0 or more")
    # landsea carries container yard to container yard (terminals, rail ramps): no door or CFS.
    if {query.receiptTypeAtOrigin, query.deliveryTypeAtDestination} - {None, "CY"}:
        return []
    plan = plan_on_platform(platform, _question(query, cargo))
    options = [o for o in plan.options if _wanted(network, o, query)]
    options.sort(key=lambda o: (o.departure.astimezone(dt.UTC), o.arrival.astimezone(dt.UTC)))
    return [_routing(network, n, option) for n, option in enumerate(options, start=1)]


def _question(query: RoutingQuery, cargo: str) -> PlanQuestion:
    start, end = query.departureStartDate, query.departureEndDate
    if start is None and end is not None:
        start = end - dt.timedelta(days=DEFAULT_WINDOW_DAYS - 1)
    if start is None and query.arrivalStartDate is not None:
        start = query.arrivalStartDate - dt.timedelta(days=30)
    if start is not None and end is not None and end < start:
        raise InvalidInput(
            f"departureEndDate {end.isoformat()!r} is before departureStartDate {start.isoformat()!r}"
        )
    window = float((end - start).days + 1) if start and end else float(DEFAULT_WINDOW_DAYS)
    return PlanQuestion(
        origin=query.placeOfReceipt,
        destination=query.placeOfDelivery,
        depart=start,
        window_days=min(window, 31.0),
        cargo_type=cargo,
    )


def transhipments(itinerary: Itinerary) -> int:
    """Vessel-to-vessel changes of an itinerary (CS's transhipments).

    Rail or truck to ship and ship to rail or truck do not count.
    """
    legs = itinerary.legs
    return sum(1 for a, b in itertools.pairwise(legs) if a.mode is Mode.SEA and b.mode is Mode.SEA)


def _wanted(network: Network, option: Itinerary, query: RoutingQuery) -> bool:
    if query.maxTranshipment is not None and transhipments(option) > query.maxTranshipment:
        return False
    leaves, arrives = option.departure.date(), option.arrival.date()
    ranges = (
        (leaves, query.departureStartDate, query.departureEndDate),
        (arrives, query.arrivalStartDate, query.arrivalEndDate),
    )
    for day, lo, hi in ranges:
        if (lo is not None and day < lo) or (hi is not None and day > hi):
            return False
    return True


def _routing(network: Network, number: int, option: Itinerary) -> dict[str, Any]:
    first, last = option.legs[0], option.legs[-1]
    routing: dict[str, Any] = {
        "placeOfReceipt": _place(network, first.from_, option.departure),
        "placeOfDelivery": _place(network, last.to, option.arrival),
        "receiptTypeAtOrigin": "CY",
        "deliveryTypeAtDestination": "CY",
        "solutionNumber": number,
        "routingReference": ";".join(
            f"{leg.departure_id or leg.service_id}:{leg.from_}:{leg.to}" for leg in option.legs
        ),
        "transitTime": math.ceil(option.transit_hours / 24),
        "solutionFootprint": {"co2e": round(option.co2e_kg / 1000, 6)},
        "legs": [_leg(network, n, leg) for n, leg in enumerate(option.legs, start=1)],
    }
    cutoff = _cutoff(network, first)
    if cutoff is not None:
        routing["cutOffTimes"] = [cutoff]
    return routing


def _place(network: Network, key: str, moment: dt.datetime) -> dict[str, Any]:
    return {
        "facilityTypeCode": facility_type(network, key),
        "location": cs_location(network, key),
        "dateTime": moment.isoformat(),
    }


def _transport(leg: ItineraryLeg, voyage: str) -> dict[str, Any]:
    mode = mode_of_transport(leg.mode)
    if mode in ("VESSEL", "BARGE"):
        partner = service_partner(leg.service_id, leg.service_name.en, voyage)
        return {"modeOfTransport": mode, "servicePartners": [partner]}
    return {"modeOfTransport": mode}  # CS's OtherTransport carries the mode alone


def _leg(network: Network, number: int, leg: ItineraryLeg) -> dict[str, Any]:
    voyage = leg.departure_id or leg.service_id
    document: dict[str, Any] = {
        "sequenceNumber": number,
        "transport": _transport(leg, voyage),
        "departure": _place(network, leg.from_, leg.departure),
        "arrival": _place(network, leg.to, leg.arrival),
        "footprint": {"co2e": round(leg.co2e_kg / 1000, 6)},
    }
    places = [stop.location for stop in network.services[leg.service_id].stops]
    board = places.index(leg.from_)
    alight = places.index(leg.to, board + 1)
    calls = _intermediate_calls(network, leg, board, alight)
    if calls:
        document["intermediateCalls"] = calls
    if leg.departure_id:  # the call references of the vessel schedules: <run>/<call number>
        document["departure"]["transportCallReference"] = f"{leg.departure_id}/{board + 1}"
        document["arrival"]["transportCallReference"] = f"{leg.departure_id}/{alight + 1}"
    return document


def _intermediate_calls(
    network: Network, leg: ItineraryLeg, board: int, alight: int
) -> list[dict[str, Any]]:
    """The stops the ride passes between boarding and alighting, timed from its departure."""
    service = network.services[leg.service_id]
    start = leg.departure - (service.stops[board].departure or dt.timedelta(0))
    calls = []
    for stop in service.stops[board + 1 : alight]:
        zone = ZoneInfo(network.locations[stop.location].timezone)
        call: dict[str, Any] = {
            "facilityTypeCode": facility_type(network, stop.location),
            "location": cs_location(network, stop.location),
        }
        if stop.arrival is not None:
            call["arrivalDateTime"] = (start + stop.arrival).astimezone(zone).isoformat()
        if stop.departure is not None:
            call["departureDateTime"] = (start + stop.departure).astimezone(zone).isoformat()
        calls.append(call)
    return calls


def _cutoff(network: Network, leg: ItineraryLeg) -> dict[str, str] | None:
    """The FCL delivery cut-off (``FCO``) of a first leg that runs to a timetable."""
    if leg.on_demand:
        return None
    hours = network.cutoff_for(network.services[leg.service_id])
    if hours <= 0:
        return None
    moment = leg.departure - dt.timedelta(hours=hours)
    return {"cutOffDateTimeCode": "FCO", "cutOffDateTime": moment.isoformat()}
