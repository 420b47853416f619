"""A booking's timeline: each planned leg with its estimated and actual events, and an ETA that
follows the actual events — a late leg shifts what follows, a missed connection is detected and
the planner proposes the next feasible continuation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from landsea.domain.booking import Booking, BookingStatus, Principal
from landsea.domain.codes import parent_unlocode
from landsea.domain.network import Mode, Network
from landsea.domain.tracking import Classifier, EventType, TrackingEvent
from landsea.services.analytics.clearance import measured_clearance
from landsea.services.booking import get_booking
from landsea.services.planning import PlanQuestion, plan
from landsea.services.platform import Platform
from landsea.units import LocationCode, ServiceId

__all__ = ["ETA_EVENT_PREFIX", "announce_eta_changes", "timeline"]

ETA_EVENT_PREFIX = "landsea-eta-"
"""The eventID prefix of the estimated arrivals the platform announces when an ETA moves."""

DCSA_MODES = {
    Mode.RAIL: "RAIL",
    Mode.SEA: "VESSEL",
    Mode.ROAD: "TRUCK",
    Mode.INLAND_WATERWAY: "BARGE",
}


@dataclass(slots=True)
class LegStatus:
    seq: int
    service_id: str
    departure_id: str | None
    origin: str
    destination: str
    planned_departure: dt.datetime | None
    planned_arrival: dt.datetime | None
    estimated_departure: dt.datetime | None = None
    estimated_arrival: dt.datetime | None = None
    actual_departure: dt.datetime | None = None
    actual_arrival: dt.datetime | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    missed: bool = False


def _ride(network: Network, leg: LegStatus) -> dt.timedelta:
    service = network.services[ServiceId(leg.service_id)]
    calls = [str(stop.location) for stop in service.stops]
    board = calls.index(leg.origin)
    alight = calls.index(leg.destination, board + 1)
    return (service.stops[alight].arrival or dt.timedelta(0)) - (
        service.stops[board].departure or dt.timedelta(0)
    )


def _handling(network: Network, place: str) -> dt.timedelta:
    location = network.locations.get(LocationCode(place))
    return dt.timedelta(hours=location.handling.hours if location and location.handling else 0)


def _plan_trucks(network: Network, legs: list[LegStatus]) -> None:
    """Planned times for on-demand legs, which have no run of their own: a truck after a
    scheduled leg leaves when the cargo is handled there; one before it arrives just in time
    for its cut-off (as the planner times them). Customs clearance is not counted here."""
    for n in range(1, len(legs)):
        leg, before = legs[n], legs[n - 1]
        if leg.planned_departure is None and before.planned_arrival is not None:
            leg.planned_departure = before.planned_arrival + _handling(network, leg.origin)
            leg.planned_arrival = leg.planned_departure + _ride(network, leg)
    for n in range(len(legs) - 2, -1, -1):
        leg, after = legs[n], legs[n + 1]
        if leg.planned_arrival is None and after.planned_departure is not None:
            service = network.services[ServiceId(after.service_id)]
            cutoff = (
                dt.timedelta(hours=network.cutoff_for(service))
                if not service.on_demand
                else dt.timedelta(0)
            )
            leg.planned_arrival = (
                after.planned_departure - cutoff - _handling(network, after.origin)
            )
            leg.planned_departure = leg.planned_arrival - _ride(network, leg)


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _event_summary(event: TrackingEvent) -> dict[str, Any]:
    return {
        "eventID": event.event_id,
        "eventType": event.event_type.value,
        "eventClassifierCode": event.classifier.value,
        "code": event.type_code,
        "eventDateTime": event.event_time.isoformat(),
        "UNLocationCode": event.location,
        "equipmentReference": event.equipment_reference,
    }


def timeline(platform: Platform, principal: Principal, booking_id: str) -> dict[str, Any]:
    """Planned legs with their events, the ETA at the destination and any missed connection."""
    return _timeline(platform, get_booking(platform, principal, booking_id))


def _timeline(platform: Platform, booking: Booking) -> dict[str, Any]:
    network = platform.network
    with platform.uow(read_only=True) as uow:
        found = uow.events.find(carrier_booking_reference=booking.id, limit=10_000)
        departures = {
            booked.departure_id: uow.departures.get(booked.departure_id)
            for booked in booking.legs
            if booked.departure_id
        }
    # The platform's own ETA announcements are outputs, not evidence: leave them out.
    events = [e for e in found if not e.event_id.startswith(ETA_EVENT_PREFIX)]
    announced = sorted(
        (e for e in found if e.event_id.startswith(ETA_EVENT_PREFIX)), key=lambda e: e.created
    )
    legs: list[LegStatus] = []
    for n, booked in enumerate(booking.legs):
        service = network.services[ServiceId(booked.service_id)]
        calls = [str(stop.location) for stop in service.stops]
        board, alight = (
            calls.index(booked.origin),
            calls.index(booked.destination, calls.index(booked.origin) + 1),
        )
        run = departures.get(booked.departure_id) if booked.departure_id else None
        planned_dep = planned_arr = None
        if run is not None:
            planned_dep = run.departure + (service.stops[board].departure or dt.timedelta(0))
            planned_arr = run.departure + (service.stops[alight].arrival or dt.timedelta(0))
        legs.append(
            LegStatus(
                n,
                booked.service_id,
                booked.departure_id,
                booked.origin,
                booked.destination,
                planned_dep,
                planned_arr,
            )
        )
    _plan_trucks(network, legs)
    customs: list[dict[str, Any]] = []
    # Transport events give the legs their times: a departure from a leg's origin, an arrival at
    # its destination, in event-time order (so events that arrived out of order are placed right).
    for event in sorted(events, key=lambda e: e.event_time):
        if event.event_type is EventType.EQUIPMENT and event.type_code in {"CUSS", "CUSI", "CUSR"}:
            customs.append(_event_summary(event))
            continue
        for leg in legs:
            at_origin = event.location == parent_unlocode(leg.origin)
            at_destination = event.location == parent_unlocode(leg.destination)
            code = event.type_code
            if not ((code == "DEPA" and at_origin) or (code == "ARRI" and at_destination) or
                    (code in {"LOAD", "GTOT"} and at_origin) or (code in {"DISC", "GTIN"} and at_destination)):  # fmt: skip
                continue
            leg.events.append(_event_summary(event))
            if code == "DEPA":
                if event.classifier is Classifier.ACTUAL:
                    leg.actual_departure = event.event_time
                elif event.classifier is Classifier.ESTIMATED:
                    leg.estimated_departure = event.event_time
            elif code == "ARRI":
                if event.classifier is Classifier.ACTUAL:
                    leg.actual_arrival = event.event_time
                elif event.classifier is Classifier.ESTIMATED:
                    leg.estimated_arrival = event.event_time
            break
    # Propagate: a leg's best known arrival is actual, else estimated, else planned shifted by the
    # delay of its departure; the next leg holds if the cargo still makes its departure.
    missed_at: LegStatus | None = None
    previous_arrival: dt.datetime | None = None
    for leg in legs:
        on_demand = network.services[ServiceId(leg.service_id)].on_demand
        departure = leg.actual_departure or leg.estimated_departure
        if departure is None and on_demand and previous_arrival is not None:
            departure = previous_arrival  # an on-demand truck leaves when the cargo is there
        departure = departure or leg.planned_departure
        if (
            previous_arrival is not None
            and not on_demand
            and leg.planned_departure is not None
            and leg.actual_departure is None
        ):
            location = network.locations.get(LocationCode(leg.origin))
            handling = dt.timedelta(
                hours=location.handling.hours if location and location.handling else 0
            )
            service = network.services[ServiceId(leg.service_id)]
            cutoff = dt.timedelta(hours=network.cutoff_for(service))
            if previous_arrival + handling > leg.planned_departure - cutoff:
                leg.missed = True
                missed_at = missed_at or leg
        if leg.estimated_departure is None and leg.actual_departure is None:
            leg.estimated_departure = departure
        arrival = leg.actual_arrival or leg.estimated_arrival
        if (
            arrival is None
            and not on_demand
            and leg.planned_arrival is not None
            and departure is not None
            and leg.planned_departure is not None
        ):
            arrival = leg.planned_arrival + max(dt.timedelta(0), departure - leg.planned_departure)
        if arrival is None and departure is not None:
            service = network.services[ServiceId(leg.service_id)]
            calls = [str(stop.location) for stop in service.stops]
            board = calls.index(leg.origin)
            alight = calls.index(leg.destination, board + 1)
            ride = (service.stops[alight].arrival or dt.timedelta(0)) - (
                service.stops[board].departure or dt.timedelta(0)
            )
            arrival = departure + ride
        if leg.actual_arrival is None and leg.estimated_arrival is None:
            leg.estimated_arrival = arrival
        previous_arrival = arrival
    planned_eta = legs[-1].planned_arrival
    eta = legs[-1].actual_arrival or legs[-1].estimated_arrival
    continuation = None
    if missed_at is not None:
        index = legs.index(missed_at)
        ready = legs[index - 1].actual_arrival or legs[index - 1].estimated_arrival
        _, document = plan(
            network,
            PlanQuestion(origin=missed_at.origin, destination=legs[-1].destination, depart=ready, teu=booking.teu,
                         cargo_type=booking.cargo_type, window_days=7,
                                  clearance=measured_clearance(platform)),
        )  # fmt: skip
        if document["options"]:
            best = min(document["options"], key=lambda o: o["arrival"])
            continuation = {"from": missed_at.origin, "ready": _iso(ready), "option": best}
            eta = dt.datetime.fromisoformat(best["arrival"])
        else:
            continuation = {
                "from": missed_at.origin,
                "ready": _iso(ready),
                "issues": document["issues"],
            }
    return {
        "booking_id": booking.id,
        "status": booking.status.value,
        "planned_arrival": _iso(planned_eta),
        "eta": _iso(eta),
        "delay_hours": None
        if eta is None or planned_eta is None
        else round((eta - planned_eta).total_seconds() / 3600, 2),
        "missed_connection": None
        if missed_at is None
        else {"leg": missed_at.seq, "at": missed_at.origin},
        "continuation": continuation,
        "customs": customs,
        "announced_eta": _iso(announced[-1].event_time) if announced else None,
        "legs": [
            {
                "seq": leg.seq,
                "service_id": leg.service_id,
                "departure_id": leg.departure_id,
                "from": leg.origin,
                "to": leg.destination,
                "planned": {
                    "departure": _iso(leg.planned_departure),
                    "arrival": _iso(leg.planned_arrival),
                },
                "estimated": {
                    "departure": _iso(leg.estimated_departure),
                    "arrival": _iso(leg.estimated_arrival),
                },
                "actual": {
                    "departure": _iso(leg.actual_departure),
                    "arrival": _iso(leg.actual_arrival),
                },
                "missed": leg.missed,
                "events": leg.events,
            }
            for leg in legs
        ],
    }


def announce_eta_changes(
    platform: Platform, events: Iterable[TrackingEvent]
) -> list[dict[str, Any]]:
    """Recompute the ETA of every booking these events are about; where it moved by at least
    ``platform.eta_change_hours`` since it was last announced (or from the plan), announce it:
    a DCSA estimated-arrival (``ARRI``/``EST``) event at the destination, which reaches the
    booking's subscribers like any other event. Returns the announcements."""
    references = {
        e.carrier_booking_reference
        for e in events
        if e.carrier_booking_reference and not e.event_id.startswith(ETA_EVENT_PREFIX)
    }
    if not references:
        return []
    with platform.uow(read_only=True) as uow:
        bookings = [
            booking
            for reference in sorted(uow.bookings.existing(references))
            if (booking := uow.bookings.get(reference)) is not None
            and booking.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
        ]
    threshold = dt.timedelta(hours=platform.eta_change_hours)
    announcements = []
    for booking in bookings:
        document = _timeline(platform, booking)
        if document["eta"] is None:
            continue
        eta = dt.datetime.fromisoformat(document["eta"])
        last = document["announced_eta"] or document["planned_arrival"]
        if last is not None and abs(eta - dt.datetime.fromisoformat(last)) < threshold:
            continue
        final = booking.legs[-1]
        service = platform.network.services[ServiceId(final.service_id)]
        now = dt.datetime.now(dt.UTC)
        announcements.append(
            {
                "eventID": f"{ETA_EVENT_PREFIX}{booking.id}-{now.strftime('%Y%m%dT%H%M%S%f')}",
                "eventType": "TRANSPORT",
                "eventClassifierCode": "EST",
                "eventDateTime": eta.isoformat(),
                "eventCreatedDateTime": now.isoformat(),
                "transportEventTypeCode": "ARRI",
                "transportCall": {
                    "UNLocationCode": parent_unlocode(final.destination),
                    "modeOfTransport": DCSA_MODES[service.mode],
                },
                "documentReferences": [
                    {"documentReferenceType": "BKG", "documentReferenceValue": booking.id}
                ],
                "changeRemark": (
                    f"ETA moved from {last} to {eta.isoformat()}"
                    + (
                        f"; missed connection at {document['missed_connection']['at']}"
                        if document["missed_connection"]
                        else ""
                    )
                ),
            }
        )
    return announcements
