"""Bookings: every leg reserved in one transaction or none, priced and with emissions stored.

No overbooking, ever: each scheduled leg takes its TEU with one conditional update
(``booked + teu <= capacity``) inside the booking's transaction, legs in a fixed order so that
concurrent bookings cannot deadlock, and a database check constraint refuses any row that would
exceed capacity. On SQLite the transaction takes the write lock when it begins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from landsea.domain import access
from landsea.domain.booking import Booking, BookingLeg, BookingStatus, CargoDetails, Principal
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.money import Money
from landsea.domain.network import Network
from landsea.domain.rates import RateBook
from landsea.domain.timetable import (
    LegRun,
    Service,
    latest_arrival,
    leg_times,
    parse_departure_id,
)
from landsea.errors import (
    CapacityExceeded,
    DuplicateIdempotencyKey,
    IdempotencyMismatch,
    InvalidInput,
)
from landsea.services import pricing, rates
from landsea.services.network import resolve_place
from landsea.services.planning import NetworkCostModel, cny
from landsea.services.platform import Platform
from landsea.units import ServiceId

__all__ = [
    "BookingRequest",
    "LegRequest",
    "book_many",
    "cancel_booking",
    "create_booking",
    "get_booking",
    "list_bookings",
    "readable_bookings",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class LegRequest:
    departure_id: str | None
    origin: str
    destination: str
    service_id: str | None = None
    """Needed only for on-demand legs, which have no departure."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BookingRequest:
    legs: tuple[LegRequest, ...]
    teu: int
    cargo_type: str = "general"
    shipper_reference: str | None = None
    currency: str | None = None
    """Quote the booking in this currency with the day's reference rates, frozen with it."""
    commodity: str | None = None
    hs_code: str | None = None
    containers: tuple[str, ...] = ()
    """ISO 6346 numbers of the boxes, at most one a box (:meth:`CargoDetails.checked`)."""

    @property
    def details(self) -> CargoDetails:
        return CargoDetails(
            commodity=self.commodity, hs_code=self.hs_code, containers=self.containers
        )

    def fingerprint(self) -> str:
        """SHA-256 of the request in a canonical form: equal requests, equal fingerprints."""
        body: dict[str, Any] = {
            "legs": [
                {
                    "departure_id": leg.departure_id,
                    "from": leg.origin,
                    "to": leg.destination,
                    "service_id": leg.service_id,
                }
                for leg in self.legs
            ],
            "teu": self.teu,
            "cargo_type": self.cargo_type,
            "shipper_reference": self.shipper_reference,
        }
        # Each added field only when given: earlier fingerprints stay valid.
        if self.currency is not None:
            body["currency"] = self.currency
        if self.commodity is not None:
            body["commodity"] = self.commodity
        if self.hs_code is not None:
            body["hs_code"] = self.hs_code
        if self.containers:
            body["containers"] = list(self.containers)
        return hashlib.sha256(
            json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()


@dataclass(frozen=True, slots=True)
class _Leg:
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


def _resolve(platform: Platform, request: BookingRequest, cargo: Cargo, uow: Any) -> list[_Leg]:
    if not request.legs:
        raise InvalidInput("legs must list at least one leg")
    if len(request.legs) > 12:
        raise InvalidInput(f"legs has {len(request.legs)} legs; at most 12 are allowed")
    legs: list[_Leg] = []
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


def _resolve_leg(platform: Platform, leg: LegRequest, where: str, cargo: Cargo, uow: Any) -> _Leg:
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
    return _Leg(service, leg.departure_id, board, calls.index(b, board + 1), start)


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


def _check_connections(network: Network, legs: Sequence[_Leg]) -> None:
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


def _price(platform: Platform, legs: list[_Leg], cargo: Cargo) -> tuple[Money, float]:
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


def create_booking(
    platform: Platform,
    principal: Principal,
    request: BookingRequest,
    *,
    idempotency_key: str | None = None,
) -> tuple[Booking, bool]:
    """Reserve every leg and store the booking; returns it and whether it was made just now
    (``False`` when an ``Idempotency-Key`` replays an earlier identical request)."""
    access.check(access.can_book(principal), principal, access.Action.BOOK)
    if (
        isinstance(request.teu, bool)
        or not isinstance(request.teu, int)
        or not 1 <= request.teu <= 1000
    ):
        raise InvalidInput(f"teu must be a whole number from 1 to 1000, got {request.teu!r}")
    request, cargo = _checked(request)
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 200:
        raise InvalidInput("Idempotency-Key must be 1 to 200 characters")
    fingerprint = request.fingerprint()
    if idempotency_key is not None:
        replay = _replay(platform, principal, idempotency_key, fingerprint)
        if replay is not None:
            return replay, False
    try:
        with platform.uow() as uow:
            booking = _book(
                platform,
                uow,
                principal.organisation_id,
                request,
                cargo,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
            )
        return booking, True
    except DuplicateIdempotencyKey:
        # Two requests with one Idempotency-Key raced; the other one stored its booking first.
        if idempotency_key is not None:
            replay = _replay(platform, principal, idempotency_key, fingerprint)
            if replay is not None:
                return replay, False
        raise


def _book(
    platform: Platform,
    uow: Any,
    organisation_id: str,
    request: BookingRequest,
    cargo: Cargo,
    *,
    idempotency_key: str | None = None,
    fingerprint: str | None = None,
) -> Booking:
    """Reserve every leg of ``request`` and store the booking, in the caller's unit of work."""
    legs = _resolve(platform, request, cargo, uow)
    price, co2 = _price(platform, legs, cargo)
    quote = None
    if request.currency is not None:
        day = rates.today()
        book = RateBook(uow.rates.newest(day), on=day)
        rides = [(leg.service, leg.board, leg.alight) for leg in legs]
        quote = pricing.quote_rides(platform.network, rides, cargo, request.currency, book)
    plugs = cargo.plugs
    # A fixed order (by departure id) so that two bookings never wait on each other.
    for n, leg in sorted(enumerate(legs), key=lambda item: item[1].departure_id or ""):
        if leg.departure_id is None:
            continue
        if not uow.departures.reserve(leg.departure_id, cargo.teu, plugs):
            left = uow.departures.get(leg.departure_id)
            if left is None:
                raise InvalidInput(
                    f"legs[{n}].departure_id {leg.departure_id!r} is not a stored departure"
                )
            raise CapacityExceeded(
                f"legs[{n}].departure_id {leg.departure_id!r} has {left.remaining_teu} TEU "
                f"and {left.remaining_plugs} reefer plugs left; the booking needs {cargo.teu} TEU"
                + (f" and {plugs} plugs" if plugs else "")
            )
    now = dt.datetime.now(dt.UTC)
    booking = Booking(
        id=str(uuid.uuid4()),
        organisation_id=organisation_id,
        status=BookingStatus.REQUESTED.to(BookingStatus.CONFIRMED),
        teu=cargo.teu,
        cargo_type=cargo.cargo_type.value,
        shipper_reference=request.shipper_reference,
        price=price,
        co2e_kg=co2,
        legs=tuple(
            BookingLeg(
                departure_id=leg.departure_id,
                service_id=leg.service.id,
                origin=leg.service.stops[leg.board].location,
                destination=leg.service.stops[leg.alight].location,
                teu=cargo.teu,
                plugs=plugs,
            )
            for leg in legs
        ),
        created_at=now,
        updated_at=now,
        quote=quote,
        commodity=request.commodity,
        hs_code=request.hs_code,
        containers=request.containers,
    )
    uow.bookings.add(
        booking, idempotency_key=idempotency_key, request_hash=fingerprint or request.fingerprint()
    )
    return booking


def book_many(
    platform: Platform, uow: Any, items: Sequence[tuple[str, BookingRequest]]
) -> list[Booking]:
    """Book each (organisation id, request) in the caller's unit of work: all are stored or,
    when one does not fit, none (the caller's transaction rolls back on the error raised)."""
    booked = []
    for organisation_id, request in items:
        checked, cargo = _checked(request)
        booked.append(_book(platform, uow, organisation_id, checked, cargo))
    return booked


def _checked(request: BookingRequest) -> tuple[BookingRequest, Cargo]:
    """The request with its cargo details in their stored form (HS code as digits, commodity
    trimmed), and its cargo; :class:`InvalidInput` naming the field and value otherwise."""
    try:
        cargo = Cargo(teu=request.teu, cargo_type=CargoType(request.cargo_type))
    except ValueError:
        raise InvalidInput(
            f"cargo_type {request.cargo_type!r} is not one of general, reefer, dangerous"
        ) from None
    details = request.details.checked(boxes=cargo.boxes)
    checked = replace(
        request,
        commodity=details.commodity,
        hs_code=details.hs_code,
        containers=details.containers,
    )
    return checked, cargo


def _replay(platform: Platform, principal: Principal, key: str, fingerprint: str) -> Booking | None:
    with platform.uow(read_only=True) as uow:
        found = uow.bookings.by_idempotency_key(principal.organisation_id, key)
    if found is None:
        return None
    booking = found.booking
    if found.request_hash != fingerprint:
        raise IdempotencyMismatch(
            f"Idempotency-Key {key!r} was used for a different request (booking {booking.id})"
        )
    return booking


def get_booking(platform: Platform, principal: Principal, booking_id: str) -> Booking:
    """A booking the caller may see; any other answers :class:`NotFound` (not 403: its existence is private)."""
    with platform.uow(read_only=True) as uow:
        booking = uow.bookings.get(booking_id)
    access.check(
        booking is not None
        and access.may_read_booking(principal, booking, platform.network.services),
        principal,
        access.Action.READ_BOOKING,
        f"booking {booking_id!r}",
        hide=True,
    )
    assert booking is not None
    return booking


def list_bookings(
    platform: Platform, principal: Principal, *, after: str | None, limit: int
) -> list[Booking]:
    """The bookings the caller may read (see :func:`landsea.domain.access.may_read_booking`)."""
    organisation, services = readable_bookings(platform, principal)
    with platform.uow(read_only=True) as uow:
        return uow.bookings.find(
            organisation_id=organisation, service_ids=services, after=after, limit=limit
        )


def readable_bookings(
    platform: Platform, principal: Principal, action: access.Action = access.Action.READ_BOOKING
) -> tuple[str | None, list[str] | None]:
    """The filter (organisation, services) of the bookings whose ``action`` ``principal`` may
    take (:func:`landsea.domain.access.booking_scope`); :class:`Forbidden` if none."""
    scope = access.booking_scope(principal, action, platform.network.services)
    access.check(scope is not None, principal, action)
    assert scope is not None
    organisation, services = scope
    return organisation, None if services is None else sorted(services)


def cancel_booking(platform: Platform, principal: Principal, booking_id: str) -> Booking:
    """Cancel a booking and release its capacity (shippers their own; admins any)."""
    with platform.uow() as uow:
        booking = uow.bookings.get(booking_id, lock=True)
        subject = f"booking {booking_id!r}"
        access.check(
            booking is not None
            and access.may_read_booking(principal, booking, platform.network.services),
            principal,
            access.Action.READ_BOOKING,
            subject,
            hide=True,
        )
        assert booking is not None
        access.check(
            access.may_cancel_booking(principal, booking),
            principal,
            access.Action.CANCEL_BOOKING,
            subject,
        )
        status = booking.status.to(BookingStatus.CANCELLED)
        released = uow.disruptions.released(booking_id)  # a cancelled run gave it back already
        for leg in sorted(booking.legs, key=lambda leg: leg.departure_id or ""):
            if leg.departure_id is not None and leg.departure_id not in released:
                uow.departures.release(leg.departure_id, leg.teu, leg.plugs)
        uow.bookings.set_status(booking_id, status)
        updated = uow.bookings.get(booking_id)
    assert updated is not None
    return updated
