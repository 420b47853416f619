"""My shipments: a shipper's bookings found by reference, container or place and filtered by
status, route and dates, each with its timeline, customs declarations and milestone bar
(booked → departed → transhipped → arrived → cleared), in the local time of each place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from landsea.domain.booking import Booking, BookingStatus, Principal
from landsea.domain.codes import parent_unlocode
from landsea.domain.customs import Declaration
from landsea.domain.network import Network
from landsea.services import customs
from landsea.services.booking import list_bookings
from landsea.services.platform import Platform
from landsea.services.timeline import Timeline, timeline

__all__ = [
    "Milestone",
    "MilestoneStep",
    "Shipment",
    "ShipmentFilter",
    "Shipments",
    "StepState",
    "find_shipments",
    "milestones",
]

LIMIT = 200
"""The most bookings the page reads (newest first)."""


class Milestone(StrEnum):
    BOOKED = "booked"
    DEPARTED = "departed"
    TRANSHIPPED = "transhipped"
    ARRIVED = "arrived"
    CLEARED = "cleared"


class StepState(StrEnum):
    ACTUAL = "actual"
    """It happened (a stored actual event, or the booking itself)."""
    EXPECTED = "expected"
    """Not yet: the time is the estimate (or the plan where nothing is estimated)."""
    PENDING = "pending"
    """Not yet, and no time is known (clearance, which the plan does not time)."""
    NOT_APPLICABLE = "not_applicable"
    """A direct journey has no transhipment."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MilestoneStep:
    """One step of a booking's milestone bar; ``at`` in the local time of ``place``."""

    milestone: Milestone
    state: StepState
    at: dt.datetime | None
    place: str | None
    late: bool = False
    """Expected (or done) later than planned, or a connection missed there."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentFilter:
    """What the shipper looks for; empty fields do not filter."""

    text: str = ""
    """A booking id or reference, a container number (given at booking, declared or tracked),
    the commodity or its HS code, or a place (code or name)."""
    status: BookingStatus | None = None
    route: str = ""
    """``ORIGIN~DESTINATION`` by codes (the booking's first and last places; codes such as
    ``CNCQI-TJC`` may hold a hyphen)."""
    start: dt.date | None = None
    end: dt.date | None = None
    """Shipments on the way some time from ``start`` to ``end`` (local dates, inclusive)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Shipment:
    booking: Booking
    timeline: Timeline
    declarations: tuple[Declaration, ...]
    containers: tuple[str, ...]
    milestones: tuple[MilestoneStep, ...]

    @property
    def route(self) -> str:
        return _route(self.booking)

    @property
    def delayed(self) -> bool:
        return bool(self.timeline.delay_hours and self.timeline.delay_hours > 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Shipments:
    found: tuple[Shipment, ...]
    routes: tuple[str, ...]
    """Every route of the organisation's bookings (for the route filter)."""
    total: int
    """How many bookings there are before filtering."""


def find_shipments(
    platform: Platform, principal: Principal, wanted: ShipmentFilter = ShipmentFilter()
) -> Shipments:
    """The caller's bookings, newest first, that match ``wanted``."""
    bookings = sorted(
        list_bookings(platform, principal, after=None, limit=LIMIT),
        key=lambda b: b.created_at,
        reverse=True,
    )
    declared: dict[str, list[Declaration]] = {}
    for declaration in customs.list_declarations(
        platform, principal, office=None, lane=None, status=None, after=None, limit=500
    ):
        if declaration.booking_id:
            declared.setdefault(declaration.booking_id, []).append(declaration)
    routes = sorted({_route(b) for b in bookings})
    found = []
    for booking in bookings:
        if wanted.status is not None and booking.status is not wanted.status:
            continue
        if wanted.route and _route(booking) != wanted.route:
            continue
        shipment = _shipment(platform, booking, declared.get(booking.id, []), principal)
        if _matches(platform.network, shipment, wanted):
            found.append(shipment)
    return Shipments(found=tuple(found), routes=tuple(routes), total=len(bookings))


def _route(booking: Booking) -> str:
    return f"{booking.legs[0].origin}~{booking.legs[-1].destination}"


def _shipment(
    platform: Platform, booking: Booking, declarations: list[Declaration], principal: Principal
) -> Shipment:
    line = timeline(platform, principal, booking.id)
    boxes = list(booking.containers)  # given at booking, then those declared or tracked
    boxes += [box for d in declarations for box in d.containers]
    boxes += [e.equipment_reference for e in line.customs if e.equipment_reference]
    boxes += [e.equipment_reference for leg in line.legs for e in leg.events
              if e.equipment_reference]  # fmt: skip
    return Shipment(
        booking=booking,
        timeline=line,
        declarations=tuple(declarations),
        containers=tuple(dict.fromkeys(boxes)),
        milestones=milestones(platform.network, booking, line),
    )


def _matches(network: Network, shipment: Shipment, wanted: ShipmentFilter) -> bool:
    text = wanted.text.strip().casefold()
    if text:
        booking = shipment.booking
        places = {leg.origin for leg in booking.legs} | {leg.destination for leg in booking.legs}
        words = [booking.id, booking.shipper_reference or "", *shipment.containers]
        words += [booking.commodity or "", booking.hs_code or ""]
        for code in places:
            location = network.locations.get(code)  # type: ignore[call-overload]
            words += [code] if location is None else [code, location.name.en, location.name.zh]
        if not any(text in word.casefold() for word in words):
            return False
    if wanted.start is None and wanted.end is None:
        return True
    line = shipment.timeline
    leaves = line.legs[0].planned.departure if line.legs else None
    arrives = line.eta or line.planned_arrival
    if wanted.end is not None and leaves is not None and leaves.date() > wanted.end:
        return False
    return not (wanted.start is not None and arrives is not None and arrives.date() < wanted.start)


def milestones(network: Network, booking: Booking, line: Timeline) -> tuple[MilestoneStep, ...]:
    """The milestone bar of a booking from its timeline: what happened (actual) and what is
    expected when (the estimate, else the plan)."""
    legs = line.legs
    first, last = legs[0], legs[-1]
    origin_zone = network.locations[first.from_].timezone  # type: ignore[index]
    steps = [
        MilestoneStep(
            milestone=Milestone.BOOKED,
            state=StepState.ACTUAL,
            at=booking.created_at.astimezone(ZoneInfo(origin_zone)),
            place=first.from_,
        ),
        _step(Milestone.DEPARTED, first.from_, first.actual.departure,
              first.estimated.departure or first.planned.departure, first.planned.departure),
    ]  # fmt: skip
    if len(legs) == 1:
        steps.append(
            MilestoneStep(
                milestone=Milestone.TRANSHIPPED,
                state=StepState.NOT_APPLICABLE,
                at=None,
                place=None,
            )
        )
    else:
        step = _step(
            Milestone.TRANSHIPPED,
            last.from_,
            last.actual.departure,
            last.estimated.departure or last.planned.departure,
            last.planned.departure,
        )
        missed = line.missed_connection is not None
        steps.append(step if not missed else _late(step))  # fmt: skip
    arrived = _step(Milestone.ARRIVED, last.to, last.actual.arrival, line.eta, line.planned_arrival)
    steps.append(arrived if not (line.delay_hours or 0) > 0 else _late(arrived))
    released = [e for e in line.customs if e.code == "CUSR"
                and e.location == parent_unlocode(last.to)]  # fmt: skip
    steps.append(
        MilestoneStep(
            milestone=Milestone.CLEARED,
            state=StepState.ACTUAL if released else StepState.PENDING,
            at=released[-1].event_time if released else None,
            place=last.to,
        )
    )
    return tuple(steps)


def _late(step: MilestoneStep) -> MilestoneStep:
    return MilestoneStep(
        milestone=step.milestone, state=step.state, at=step.at, place=step.place, late=True
    )


def _step(
    milestone: Milestone,
    place: str,
    actual: dt.datetime | None,
    expected: dt.datetime | None,
    planned: dt.datetime | None,
) -> MilestoneStep:
    if actual is not None:
        late = planned is not None and actual > planned
        return MilestoneStep(
            milestone=milestone, state=StepState.ACTUAL, at=actual, place=place, late=late
        )
    late = expected is not None and planned is not None and expected > planned
    return MilestoneStep(
        milestone=milestone,
        state=StepState.EXPECTED if expected is not None else StepState.PENDING,
        at=expected,
        place=place,
        late=late,
    )
