"""Organisations, bookings and departure capacity — the vocabulary of the platform service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from landsea.domain.codes import validate_container
from landsea.domain.customs import validate_hs_code
from landsea.domain.money import Money
from landsea.domain.quote import Quote
from landsea.errors import InvalidInput, InvalidStateTransition

__all__ = [
    "MAX_COMMODITY",
    "Booking",
    "BookingLeg",
    "BookingStatus",
    "CargoDetails",
    "DepartureCapacity",
    "Principal",
    "Role",
]


class Role(StrEnum):
    SHIPPER = "shipper"
    OPERATOR = "operator"
    CUSTOMS = "customs"
    ADMIN = "admin"
    BANK = "bank"
    """A bank lending against transport documents pledged to it (质押)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """Who is calling: an organisation and its role."""

    organisation_id: str
    name: str
    role: Role
    operator_match: str | None = None

    def operates(self, operator: str) -> bool:
        """Whether this operator organisation runs a service of ``operator``."""
        if self.role is not Role.OPERATOR:
            return False
        return self.operator_match is None or self.operator_match.casefold() in operator.casefold()


class BookingStatus(StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"

    def to(self, target: BookingStatus) -> BookingStatus:
        """The new status, or :class:`InvalidStateTransition` if the move is not allowed.

        >>> BookingStatus.CONFIRMED.to(BookingStatus.CANCELLED)
        <BookingStatus.CANCELLED: 'cancelled'>
        """
        allowed = _TRANSITIONS[self]
        if target not in allowed:
            raise InvalidStateTransition(f"a {self.value} booking cannot become {target.value}")
        return target


_TRANSITIONS: dict[BookingStatus, frozenset[BookingStatus]] = {
    BookingStatus.REQUESTED: frozenset({BookingStatus.CONFIRMED, BookingStatus.CANCELLED}),
    BookingStatus.CONFIRMED: frozenset({BookingStatus.CANCELLED, BookingStatus.COMPLETED}),
    BookingStatus.CANCELLED: frozenset(),
    BookingStatus.COMPLETED: frozenset(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class BookingLeg:
    departure_id: str | None
    """The dated run, or ``None`` for an on-demand truck."""
    service_id: str
    origin: str
    destination: str
    teu: int
    plugs: int


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Booking:
    id: str
    organisation_id: str
    status: BookingStatus
    teu: int
    cargo_type: str
    shipper_reference: str | None
    price: Money
    co2e_kg: float
    legs: tuple[BookingLeg, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    quote: Quote | None = None
    """The price in the customer's currency, frozen at booking with the rates it used."""
    commodity: str | None = None
    """What the boxes hold, in the shipper's words (given at the review step)."""
    hs_code: str | None = None
    """The commodity's HS code (6 digits) or China's 8- or 10-digit code, digits only."""
    containers: tuple[str, ...] = ()
    """ISO 6346 numbers of the booking's boxes (at most one a box), as far as known."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Booking) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("Booking", self.id))


MAX_COMMODITY = 200
"""The longest commodity description stored with a booking (characters)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CargoDetails:
    """What a booking's boxes hold and which boxes they are, as the shipper gives them."""

    commodity: str | None = None
    hs_code: str | None = None
    containers: tuple[str, ...] = ()

    def checked(self, *, boxes: int) -> CargoDetails:
        """The details with the HS code as digits, or :class:`InvalidInput` naming the field
        and the value: a commodity of 1 to 200 characters, an HS code of 6 digits (or China's
        8 or 10), ISO 6346 container numbers with their check digit, none twice and at most
        ``boxes`` of them (one a box).

        >>> CargoDetails(hs_code="0810.90", containers=("APZU4812090",)).checked(boxes=1).hs_code
        '081090'
        >>> CargoDetails(containers=("APZU4812090", "CSQU3054383")).checked(boxes=1)
        Traceback (most recent call last):
        ...
        landsea.errors.InvalidInput: containers lists 2 containers; the booking has 1 box (at most one number a box)
        """
        commodity = self.commodity
        if commodity is not None:
            commodity = commodity.strip()
            if not 1 <= len(commodity) <= MAX_COMMODITY:
                raise InvalidInput(
                    f"commodity {self.commodity!r} must be 1 to {MAX_COMMODITY} characters"
                )
        hs_code = None if self.hs_code is None else validate_hs_code(self.hs_code)
        for n, number in enumerate(self.containers):
            validate_container(number, field=f"containers[{n}]")
            if number in self.containers[:n]:
                raise InvalidInput(f"containers[{n}] {number!r} is listed twice")
        if len(self.containers) > boxes:
            raise InvalidInput(
                f"containers lists {len(self.containers)} containers; the booking has {boxes} "
                f"box{'es' if boxes != 1 else ''} (at most one number a box)"
            )
        return CargoDetails(commodity=commodity, hs_code=hs_code, containers=self.containers)


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartureCapacity:
    """A dated run with its capacity and what is booked on it."""

    id: str
    service_id: str
    departure: dt.datetime
    capacity_teu: int
    booked_teu: int
    reefer_plugs: int
    reefer_plugs_booked: int

    @property
    def remaining_teu(self) -> int:
        return self.capacity_teu - self.booked_teu

    @property
    def remaining_plugs(self) -> int:
        return self.reefer_plugs - self.reefer_plugs_booked
