"""A booking's timeline: each planned leg with its estimated and actual events, and an ETA that
follows the actual events — a late leg shifts what follows, a missed connection is detected and
the planner proposes the next feasible continuation.

The timeline is made in named steps: load what is stored (:func:`_load`), plan the legs
(:func:`_plan_legs`, with :func:`landsea.domain.timetable.leg_times`), match the events to them
(:func:`_match`), propagate delays (:func:`_propagate`), replan from a missed connection
(:func:`_replan`) and give every time in the local time of its place (:func:`_render`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from landsea.domain.booking import Booking, BookingStatus, DepartureCapacity, Principal
from landsea.domain.codes import parent_unlocode
from landsea.domain.network import Mode, Network
from landsea.domain.timetable import LegRun, handling_time, latest_arrival, leg_times
from landsea.domain.tracking import (
    ETA_EVENT_PREFIX,
    Classifier,
    EventType,
    TrackingEvent,
    dcsa_timestamp,
)
from landsea.planning.planner import PlanIssue
from landsea.services.analytics.clearance import measured_clearance
from landsea.services.booking import get_booking
from landsea.services.planning import Itinerary, PlanQuestion, plan
from landsea.services.platform import Platform
from landsea.units import ServiceId

__all__ = [
    "ETA_EVENT_PREFIX",
    "Continuation",
    "EtaAnnouncement",
    "EventSummary",
    "MissedConnection",
    "Timeline",
    "TimelineLeg",
    "Times",
    "announce_eta_changes",
    "eta_changes",
    "timeline",
]

DCSA_MODES = {
    Mode.RAIL: "RAIL",
    Mode.SEA: "VESSEL",
    Mode.ROAD: "TRUCK",
    Mode.INLAND_WATERWAY: "BARGE",
}

_CUSTOMS_CODES = frozenset({"CUSS", "CUSI", "CUSR"})


@dataclass(frozen=True, slots=True, kw_only=True)
class EventSummary:
    """An event as a timeline shows it; its time in the local time of its place."""

    event_id: str
    event_type: str
    classifier: str
    code: str
    event_time: dt.datetime
    location: str | None
    equipment_reference: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Times:
    departure: dt.datetime | None
    arrival: dt.datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineLeg:
    """A booked leg: departures in the local time of ``from_``, arrivals in that of ``to``."""

    seq: int
    service_id: str
    departure_id: str | None
    from_: str
    to: str
    planned: Times
    estimated: Times
    actual: Times
    missed: bool
    events: tuple[EventSummary, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MissedConnection:
    leg: int
    at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Continuation:
    """Where the cargo is stranded, when it is ready there, and the best way on (or why none)."""

    from_: str
    ready: dt.datetime | None
    option: Itinerary | None = None
    issues: tuple[PlanIssue, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    """A booking's legs and ETA; times at the final destination in its local time."""

    booking_id: str
    status: BookingStatus
    planned_arrival: dt.datetime | None
    eta: dt.datetime | None
    delay_hours: float | None
    missed_connection: MissedConnection | None
    continuation: Continuation | None
    customs: tuple[EventSummary, ...]
    announced_eta: dt.datetime | None
    legs: tuple[TimelineLeg, ...]
    documents: tuple[EventSummary, ...] = ()
    """The transport document's DCSA shipment events (``TRD``: issued ``ISSU``, surrendered for
    delivery ``SURR``)."""


@dataclass(slots=True)
class _Leg:
    """A leg while the timeline is worked out (UTC times)."""

    seq: int
    run: LegRun
    departure_id: str | None
    origin: str
    destination: str
    planned_departure: dt.datetime | None
    planned_arrival: dt.datetime | None
    estimated_departure: dt.datetime | None = None
    estimated_arrival: dt.datetime | None = None
    actual_departure: dt.datetime | None = None
    actual_arrival: dt.datetime | None = None
    events: list[TrackingEvent] = field(default_factory=list)
    missed: bool = False

    @property
    def on_demand(self) -> bool:
        return self.run.service.on_demand


@dataclass(frozen=True, slots=True)
class _Stored:
    """What the database knows of a booking: its events, the platform's ETA announcements and
    the runs of its legs."""

    events: list[TrackingEvent]
    announced: list[TrackingEvent]
    runs: dict[str, DepartureCapacity | None]


def timeline(platform: Platform, principal: Principal, booking_id: str) -> Timeline:
    """Planned legs with their events, the ETA at the destination and any missed connection."""
    return _timeline(platform, get_booking(platform, principal, booking_id))


def _timeline(platform: Platform, booking: Booking) -> Timeline:
    stored = _load(platform, booking)
    legs = _plan_legs(platform.network, booking, stored)
    customs = _match(legs, stored.events)
    missed_at = _propagate(platform.network, legs)
    eta = legs[-1].actual_arrival or legs[-1].estimated_arrival
    continuation = None
    if missed_at is not None:
        continuation = _replan(platform, booking, legs, missed_at)
        if continuation.option is not None:
            eta = continuation.option.arrival
    rendered = _render(
        platform.network, booking, stored, legs, customs, missed_at, continuation, eta
    )
    documents = [e for e in stored.events if e.event_type is EventType.SHIPMENT
                 and e.raw.get("documentTypeCode") == "TRD"]  # fmt: skip
    return dataclasses.replace(
        rendered, documents=tuple(_event(platform.network, e) for e in documents)
    )


def _load(platform: Platform, booking: Booking) -> _Stored:
    with platform.uow(read_only=True) as uow:
        found = uow.events.find(carrier_booking_reference=booking.id, limit=10_000)
        runs = {
            booked.departure_id: uow.departures.get(booked.departure_id)
            for booked in booking.legs
            if booked.departure_id
        }
    # The platform's own ETA announcements are outputs, not evidence: leave them out.
    return _Stored(
        events=[e for e in found if not e.event_id.startswith(ETA_EVENT_PREFIX)],
        announced=sorted(
            (e for e in found if e.event_id.startswith(ETA_EVENT_PREFIX)), key=lambda e: e.created
        ),
        runs=runs,
    )


def _plan_legs(network: Network, booking: Booking, stored: _Stored) -> list[_Leg]:
    """The booked legs with their planned times (the one rule of ``leg_times``)."""
    runs = []
    for booked in booking.legs:
        service = network.services[ServiceId(booked.service_id)]
        calls = [str(stop.location) for stop in service.stops]
        board = calls.index(booked.origin)
        run = stored.runs.get(booked.departure_id) if booked.departure_id else None
        runs.append(
            LegRun(
                service=service,
                board=board,
                alight=calls.index(booked.destination, board + 1),
                run_start=None if run is None else run.departure,
            )
        )
    times = leg_times(network, runs, start=booking.created_at)
    return [
        _Leg(n, run, booked.departure_id, booked.origin, booked.destination,
             planned.departure, planned.arrival)
        for n, (booked, run, planned) in enumerate(zip(booking.legs, runs, times, strict=True))
    ]  # fmt: skip


def _match(legs: list[_Leg], events: list[TrackingEvent]) -> list[TrackingEvent]:
    """Give the legs their events — a departure from a leg's origin, an arrival at its
    destination — in event-time order (so events that arrived out of order are placed right);
    returns the customs events."""
    customs: list[TrackingEvent] = []
    for event in sorted(events, key=lambda e: e.event_time):
        if event.event_type is EventType.EQUIPMENT and event.type_code in _CUSTOMS_CODES:
            customs.append(event)
            continue
        code = event.type_code
        for leg in legs:
            at_origin = event.location == parent_unlocode(leg.origin)
            at_destination = event.location == parent_unlocode(leg.destination)
            if not ((code in {"DEPA", "LOAD", "GTOT"} and at_origin) or
                    (code in {"ARRI", "DISC", "GTIN"} and at_destination)):  # fmt: skip
                continue
            leg.events.append(event)
            if code in {"DEPA", "ARRI"} and event.classifier in (
                Classifier.ACTUAL,
                Classifier.ESTIMATED,
            ):
                actual = event.classifier is Classifier.ACTUAL
                name = ("actual_" if actual else "estimated_") + (
                    "departure" if code == "DEPA" else "arrival"
                )
                setattr(leg, name, event.event_time)
            break
    return customs


def _propagate(network: Network, legs: list[_Leg]) -> _Leg | None:
    """A leg's best known arrival is actual, else estimated, else planned shifted by the delay of
    its departure; the next leg holds if the cargo still makes its departure (handling and
    cut-off). Returns the first leg whose connection is missed."""
    missed_at: _Leg | None = None
    previous_arrival: dt.datetime | None = None
    for leg in legs:
        departure = leg.actual_departure or leg.estimated_departure
        if departure is None and leg.on_demand and previous_arrival is not None:
            # an on-demand truck leaves once the cargo is there and handled (as planned)
            departure = previous_arrival + handling_time(network, leg.run)
        departure = departure or leg.planned_departure
        if (
            previous_arrival is not None
            and not leg.on_demand
            and leg.planned_departure is not None
            and leg.actual_departure is None
        ):
            if previous_arrival > latest_arrival(network, leg.run, leg.planned_departure):
                leg.missed = True
                missed_at = missed_at or leg
        if leg.estimated_departure is None and leg.actual_departure is None:
            leg.estimated_departure = departure
        arrival = leg.actual_arrival or leg.estimated_arrival
        if arrival is None and departure is not None:
            if not leg.on_demand and leg.planned_arrival and leg.planned_departure:
                late = max(dt.timedelta(0), departure - leg.planned_departure)
                arrival = leg.planned_arrival + late
            else:
                arrival = departure + leg.run.ride
        if leg.actual_arrival is None and leg.estimated_arrival is None:
            leg.estimated_arrival = arrival
        previous_arrival = arrival
    return missed_at


def _replan(
    platform: Platform, booking: Booking, legs: list[_Leg], missed_at: _Leg
) -> Continuation:
    """The best continuation from where the connection was missed, once the cargo is there."""
    index = legs.index(missed_at)
    ready = legs[index - 1].actual_arrival or legs[index - 1].estimated_arrival
    result = plan(
        platform.network,
        PlanQuestion(origin=missed_at.origin, destination=legs[-1].destination, depart=ready,
                     teu=booking.teu, cargo_type=booking.cargo_type, window_days=7,
                     clearance=measured_clearance(platform)),
    )  # fmt: skip
    if not result.options:
        return Continuation(from_=missed_at.origin, ready=ready, issues=result.issues)
    best = min(result.options, key=lambda option: option.arrival)
    return Continuation(from_=missed_at.origin, ready=ready, option=best)


def _event(network: Network, event: TrackingEvent) -> EventSummary:
    return EventSummary(
        event_id=event.event_id,
        event_type=event.event_type.value,
        classifier=event.classifier.value,
        code=event.type_code,
        event_time=network.local(event.location, event.event_time),
        location=event.location,
        equipment_reference=event.equipment_reference,
    )


def _render_leg(network: Network, leg: _Leg) -> TimelineLeg:
    def times(departure: dt.datetime | None, arrival: dt.datetime | None) -> Times:
        return Times(
            departure=network.local(leg.origin, departure),
            arrival=network.local(leg.destination, arrival),
        )

    return TimelineLeg(
        seq=leg.seq,
        service_id=leg.run.service.id,
        departure_id=leg.departure_id,
        from_=leg.origin,
        to=leg.destination,
        planned=times(leg.planned_departure, leg.planned_arrival),
        estimated=times(leg.estimated_departure, leg.estimated_arrival),
        actual=times(leg.actual_departure, leg.actual_arrival),
        missed=leg.missed,
        events=tuple(_event(network, event) for event in leg.events),
    )


def _render(
    network: Network,
    booking: Booking,
    stored: _Stored,
    legs: list[_Leg],
    customs: list[TrackingEvent],
    missed_at: _Leg | None,
    continuation: Continuation | None,
    eta: dt.datetime | None,
) -> Timeline:
    """The timeline with every time in the local time of its place."""
    end = legs[-1].destination
    planned = legs[-1].planned_arrival
    if continuation is not None:
        ready = network.local(continuation.from_, continuation.ready)
        continuation = dataclasses.replace(continuation, ready=ready)
    return Timeline(
        booking_id=booking.id,
        status=booking.status,
        planned_arrival=network.local(end, planned),
        eta=network.local(end, eta),
        delay_hours=None
        if eta is None or planned is None
        else round((eta - planned).total_seconds() / 3600, 2),
        missed_connection=None
        if missed_at is None
        else MissedConnection(leg=missed_at.seq, at=missed_at.origin),
        continuation=continuation,
        customs=tuple(_event(network, event) for event in customs),
        announced_eta=network.local(end, stored.announced[-1].event_time)
        if stored.announced
        else None,
        legs=tuple(_render_leg(network, leg) for leg in legs),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class EtaAnnouncement:
    """A booking's ETA moved by at least the platform's threshold: what is announced."""

    booking_id: str
    destination: str
    mode: Mode
    eta: dt.datetime
    previous: dt.datetime | None
    """The ETA last announced, else the planned arrival (``None`` when neither is known)."""
    missed_at: str | None
    made_at: dt.datetime
    call: str
    """The transport call of the booking's last leg at its destination (departure@place)."""

    def dcsa(self) -> dict[str, Any]:
        """The announcement as a DCSA estimated-arrival (``ARRI``/``EST``) event, which the
        event store reads like any other (a wire document, not a face)."""
        previous = None if self.previous is None else self.previous.isoformat()
        return {
            "eventID": f"{ETA_EVENT_PREFIX}{self.booking_id}-"
            f"{self.made_at.strftime('%Y%m%dT%H%M%S%f')}",
            "eventType": "TRANSPORT",
            "eventClassifierCode": "EST",
            "eventDateTime": dcsa_timestamp(self.eta),
            "eventCreatedDateTime": dcsa_timestamp(self.made_at),
            "transportEventTypeCode": "ARRI",
            "transportCall": {
                "transportCallID": self.call[:100],
                "UNLocationCode": parent_unlocode(self.destination),
                "modeOfTransport": DCSA_MODES[self.mode],
            },
            "documentReferences": [
                {"documentReferenceType": "BKG", "documentReferenceValue": self.booking_id}
            ],
            "changeRemark": f"ETA moved from {previous} to {self.eta.isoformat()}"
            + (f"; missed connection at {self.missed_at}" if self.missed_at else ""),
        }


def eta_changes(platform: Platform, events: Iterable[TrackingEvent]) -> list[EtaAnnouncement]:
    """The bookings these events are about whose ETA moved by at least
    ``platform.eta_change_hours`` since it was last announced (or from the plan)."""
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
    changes = []
    for booking in bookings:
        found = _timeline(platform, booking)
        last = found.announced_eta or found.planned_arrival
        if found.eta is None or (last is not None and abs(found.eta - last) < threshold):
            continue
        final = booking.legs[-1]
        changes.append(
            EtaAnnouncement(
                booking_id=booking.id,
                destination=final.destination,
                mode=platform.network.services[ServiceId(final.service_id)].mode,
                eta=found.eta,
                previous=last,
                missed_at=None if found.missed_connection is None else found.missed_connection.at,
                made_at=dt.datetime.now(dt.UTC),
                call=f"{final.departure_id or final.service_id}@{final.destination}",
            )
        )
    return changes


def announce_eta_changes(
    platform: Platform, events: Iterable[TrackingEvent]
) -> list[dict[str, Any]]:
    """The ETA changes these events cause (:func:`eta_changes`) as DCSA estimated-arrival
    events, for the event store to take in: they reach the booking's subscribers like any
    other event."""
    return [change.dcsa() for change in eta_changes(platform, events)]
