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
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from landsea.domain import access
from landsea.domain.booking import Booking, BookingLeg, BookingStatus, CargoDetails, Principal
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.money import Money
from landsea.domain.quote import Quote
from landsea.domain.rates import RateBook
from landsea.errors import (
    CapacityExceeded,
    DuplicateIdempotencyKey,
    IdempotencyMismatch,
    InvalidInput,
    LandseaError,
)
from landsea.persistence.booking_store import BookingConnections, store_booking
from landsea.services import pricing, rates
from landsea.services.booking_legs import ResolvedLeg, price_legs, resolve_legs
from landsea.services.cache import CacheSpec
from landsea.services.platform import Platform

__all__ = [
    "BookingRequest",
    "LegRequest",
    "book_common",
    "book_common_async",
    "book_many",
    "booking_connections",
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


def create_booking(
    platform: Platform,
    principal: Principal,
    request: BookingRequest,
    *,
    idempotency_key: str | None = None,
) -> tuple[Booking, bool]:
    """Reserve every leg and store the booking; returns it and whether it was made just now
    (``False`` when an ``Idempotency-Key`` replays an earlier identical request)."""
    request, cargo = _admitted(principal, request, idempotency_key)
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


def book_common(
    platform: Platform,
    principal: Principal,
    request: BookingRequest,
    *,
    idempotency_key: str | None = None,
) -> Booking | None:
    """The booking of a common request — scheduled and on-demand legs, no currency quote, no
    cargo details — by the same rules, price and stored rows as :func:`create_booking`, stored
    in one transaction without the unit of work's session
    (:func:`~landsea.persistence.booking_store.store_booking`).

    ``None`` when this path does not decide: any rule refuses the request, a departure is full
    or not stored, the organisation used ``idempotency_key`` before, or the request asks for a
    quote or carries cargo details. Nothing is stored then; :func:`create_booking` books it,
    replays it or says why."""
    made = _common(platform, principal, request, idempotency_key)
    if made is None:
        return None
    booking, fingerprint = made
    stored = store_booking(
        platform.database, booking, idempotency_key=idempotency_key, request_hash=fingerprint
    )
    return booking if stored else None


async def book_common_async(
    platform: Platform,
    connections: BookingConnections,
    principal: Principal,
    request: BookingRequest,
    *,
    idempotency_key: str | None = None,
) -> Booking | None:
    """:func:`book_common` on the server's event loop, stored through ``connections``
    (:func:`booking_connections`). Its checks and price are computed without a database read
    while :attr:`Platform.snapshot_at_hand`; the caller makes sure of that first."""
    made = _common(platform, principal, request, idempotency_key)
    if made is None:
        return None
    booking, fingerprint = made
    stored = await connections.store(
        booking, idempotency_key=idempotency_key, request_hash=fingerprint
    )
    return booking if stored else None


def booking_connections(platform: Platform) -> BookingConnections | None:
    """The fast path's own connections to the platform's database, for
    :func:`book_common_async` — on PostgreSQL, unless joined to a test's transaction; ``None``
    otherwise. Made on the event loop that uses them; its ``aclose`` closes them."""
    return BookingConnections.of(platform.database)


def _common(
    platform: Platform,
    principal: Principal,
    request: BookingRequest,
    idempotency_key: str | None,
) -> tuple[Booking, str] | None:
    """The booking of a common request, checked and priced but not stored, and the request's
    fingerprint; ``None`` when :func:`book_common` does not decide."""
    if request.currency is not None or request.details != _NO_DETAILS:
        return None
    try:
        request, cargo = _admitted(principal, request, idempotency_key)
        legs, price, co2 = _priced(platform, request, cargo)
    except (LandseaError, _NotHere):
        return None
    booking = _new_booking(principal.organisation_id, request, cargo, legs, price, co2, None)
    return booking, request.fingerprint()


_NO_DETAILS = CargoDetails()

PRICED = CacheSpec[Hashable, tuple[tuple[ResolvedLeg, ...], Money, float]](
    "priced legs", ttl=None, max_entries=4096
)
"""The legs of common requests, resolved, checked and priced, by network version, legs and
cargo: what :func:`resolve_legs` and :func:`price_legs` make of them (pure functions of these)."""


def _priced(
    platform: Platform, request: BookingRequest, cargo: Cargo
) -> tuple[tuple[ResolvedLeg, ...], Money, float]:
    """:func:`resolve_legs` and :func:`price_legs` of the request, remembered (:data:`PRICED`);
    a refusal is raised each time, never remembered."""
    snapshot = platform.snapshot
    key = (snapshot.version, snapshot.digest, request.legs, cargo.teu, cargo.cargo_type)
    cache = platform.caches(PRICED)
    found = cache.get(key)
    if found is not None:
        return found
    legs = tuple(resolve_legs(platform, request, cargo, _NoLookups()))
    price, co2 = price_legs(platform, list(legs), cargo)
    if platform.snapshot is not snapshot:  # the network changed meanwhile: not remembered
        return legs, price, co2
    return cache.put(key, (legs, price, co2))


class _NotHere(Exception):
    """The fast path leaves this request to :func:`create_booking`."""


class _NoLookups:
    """The unit of work :func:`book_common` gives :func:`resolve_legs`: it reads nothing, so a
    departure id of another shape than the stored ones' (which needs a read) is left to
    :func:`create_booking`."""

    @property
    def departures(self) -> Any:
        raise _NotHere


def _admitted(
    principal: Principal, request: BookingRequest, idempotency_key: str | None
) -> tuple[BookingRequest, Cargo]:
    """The caller may book, the request's TEU, cargo and key are valid: the request with its
    cargo details in their stored form, and its cargo; :class:`Forbidden` or
    :class:`InvalidInput` otherwise."""
    access.check(access.can_book(principal), principal, access.Action.BOOK)
    if (
        isinstance(request.teu, bool)
        or not isinstance(request.teu, int)
        or not 1 <= request.teu <= 1000
    ):
        raise InvalidInput(f"teu must be a whole number from 1 to 1000, got {request.teu!r}")
    checked, cargo = _checked(request)
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 200:
        raise InvalidInput("Idempotency-Key must be 1 to 200 characters")
    return checked, cargo


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
    legs = resolve_legs(platform, request, cargo, uow)
    price, co2 = price_legs(platform, legs, cargo)
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
    booking = _new_booking(organisation_id, request, cargo, legs, price, co2, quote)
    uow.bookings.add(
        booking, idempotency_key=idempotency_key, request_hash=fingerprint or request.fingerprint()
    )
    return booking


def _new_booking(
    organisation_id: str,
    request: BookingRequest,
    cargo: Cargo,
    legs: Sequence[ResolvedLeg],
    price: Money,
    co2: float,
    quote: Quote | None,
) -> Booking:
    """The confirmed booking of ``request``'s resolved and priced legs, made now."""
    now = dt.datetime.now(dt.UTC)
    return Booking(
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
                plugs=cargo.plugs,
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
