"""Counted bookings placed in time: the legs of the confirmed (and completed) bookings on
their services, each with its planned departure and arrival, for every statistic of the package.

When a leg happens
------------------
As a booking's timeline plans it: :func:`landsea.domain.timetable.leg_times`, with the stored
departures' run starts (a scheduled leg at its run's times; a truck after a leg once the cargo
is handled, a leading truck just in time for the next leg's cut-off and handling), and the legs
of a booking with no scheduled leg at all starting at the booking's creation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from landsea.domain.booking import Booking, BookingLeg, BookingStatus
from landsea.domain.network import Mode, Network
from landsea.domain.timetable import LegRun, Service, leg_times, parse_departure_id
from landsea.errors import InvalidInput
from landsea.services.platform import Platform, UnitOfWork
from landsea.units import ServiceId

__all__ = ["COUNTED", "MODES", "Booked", "PlacedLeg", "load", "period", "within"]

COUNTED = frozenset({BookingStatus.CONFIRMED, BookingStatus.COMPLETED})
"""The booking statuses the statistics count."""

MODES = tuple(Mode)

_PAGE = 1000
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class PlacedLeg:
    """A booked leg placed on its service and in time (times ``None`` where unknown)."""

    booking: Booking
    leg: BookingLeg
    service: Service
    board: int
    alight: int
    departs: dt.datetime | None
    arrives: dt.datetime | None

    @property
    def scheduled(self) -> bool:
        return self.leg.departure_id is not None

    @property
    def distance_km(self) -> float:
        return self.service.distance_between(self.board, self.alight)


@dataclass(frozen=True, slots=True)
class Booked:
    """A counted booking with its legs (``None`` for a leg whose service the network lost)."""

    booking: Booking
    legs: tuple[PlacedLeg | None, ...]

    @property
    def placed(self) -> list[PlacedLeg]:
        return [leg for leg in self.legs if leg is not None]

    @property
    def first_departure(self) -> dt.datetime | None:
        first = self.legs[0] if self.legs else None
        return None if first is None else first.departs


def period(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    for name, moment in (("start", start), ("end", end)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidInput(f"{name} {moment.isoformat()} has no time zone")
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    if end <= start:
        raise InvalidInput(f"end {end.isoformat()} is not after start {start.isoformat()}")
    return start, end


def within(moment: dt.datetime | None, start: dt.datetime, end: dt.datetime) -> bool:
    return moment is not None and start <= moment < end


def _span(network: Network) -> dt.timedelta:
    """The longest time after a run's start at which any service calls somewhere."""
    return max(
        (
            offset
            for service in network.services.values()
            for stop in service.stops
            for offset in (stop.arrival, stop.departure)
            if offset is not None
        ),
        default=dt.timedelta(0),
    )


def _counted_bookings(uow: UnitOfWork, service_ids: list[str] | None) -> list[Booking]:
    """Every confirmed or completed booking (with a leg on ``service_ids`` when given)."""
    found: list[Booking] = []
    after: str | None = None
    while True:
        page = uow.bookings.find(
            organisation_id=None, service_ids=service_ids, after=after, limit=_PAGE
        )
        found += [b for b in page if b.status in COUNTED]
        if len(page) < _PAGE:
            return found
        after = page[-1].id


def _plausible(departure_id: str, lo: dt.datetime, hi: dt.datetime) -> bool:
    """Whether a run may start in ``[lo, hi)`` judging by the local date its id carries
    (``SR-CQ-QZH-20261207-0900``); an id without one may."""
    try:
        day = parse_departure_id(departure_id)[1].date()
    except InvalidInput:
        return True
    return lo.date() - dt.timedelta(days=1) <= day <= hi.date() + dt.timedelta(days=1)


def _run_starts(
    uow: UnitOfWork, bookings: list[Booking], lo: dt.datetime, hi: dt.datetime, also: set[str]
) -> dict[str, dt.datetime]:
    """Stored run starts of the departures the bookings' legs use that may start in
    ``[lo, hi)``, and of those in ``also``: the booked runs of the window in one query, any
    other one by id."""
    wanted = {
        leg.departure_id
        for booking in bookings
        for leg in booking.legs
        if leg.departure_id is not None and _plausible(leg.departure_id, lo, hi)
    } | also
    starts = {d.id: d.departure for d in uow.departures.in_use(lo, hi) if d.id in wanted}
    for departure_id in sorted(wanted - starts.keys()):
        stored = uow.departures.get(departure_id)
        if stored is not None:
            starts[departure_id] = stored.departure
    return starts


def _resolve(network: Network, leg: BookingLeg) -> tuple[Service, int, int] | None:
    """The leg's service and its boarding and alighting stop indexes, if the network has them."""
    service = network.services.get(ServiceId(leg.service_id))
    if service is None:
        return None
    calls = [str(stop.location) for stop in service.stops]
    if leg.origin not in calls[:-1]:
        return None
    board = calls.index(leg.origin)
    if leg.destination not in calls[board + 1 :]:
        return None
    return service, board, calls.index(leg.destination, board + 1)


def _place(network: Network, booking: Booking, starts: dict[str, dt.datetime]) -> Booked:
    """The booking's legs on their services, with planned times (see the module docstring)."""
    resolved = [_resolve(network, leg) for leg in booking.legs]
    runs = [
        None
        if found is None
        else LegRun(
            service=found[0],
            board=found[1],
            alight=found[2],
            run_start=None if leg.departure_id is None else starts.get(leg.departure_id),
        )
        for leg, found in zip(booking.legs, resolved, strict=True)
    ]
    times = leg_times(network, runs, start=booking.created_at)
    legs: list[PlacedLeg | None] = []
    for leg, found, planned in zip(booking.legs, resolved, times, strict=True):
        if found is None:
            legs.append(None)
        else:
            service, board, alight = found
            legs.append(
                PlacedLeg(booking, leg, service, board, alight, planned.departure, planned.arrival)
            )
    return Booked(booking, tuple(legs))


def load(
    platform: Platform,
    start: dt.datetime,
    end: dt.datetime,
    *,
    service_ids: list[str] | None = None,
    created_in_period: bool = False,
) -> list[Booked]:
    """Counted bookings, their legs placed in time; the runs looked up are those that can put a
    leg in ``[start, end)`` (and, with ``created_in_period``, the first run of each booking
    created in the period)."""
    network = platform.network
    span = _span(network)
    lo, hi = start - span, end + span
    with platform.uow(read_only=True) as uow:
        bookings = _counted_bookings(uow, service_ids)
        # A booking made in the period may leave long after it: its first run places it.
        also = {
            next((leg.departure_id for leg in booking.legs if leg.departure_id), "")
            for booking in bookings
            if created_in_period and within(booking.created_at, start, end)
        } - {""}
        starts = _run_starts(uow, bookings, lo, hi, also)
    return [_place(network, booking, starts) for booking in bookings]
