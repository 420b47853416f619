"""Organisations, bookings and departure capacity — the vocabulary of the platform service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from landsea.domain.money import Money
from landsea.domain.quote import Quote
from landsea.errors import InvalidStateTransition

__all__ = [
    "Booking",
    "BookingLeg",
    "BookingStatus",
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

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Booking) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("Booking", self.id))


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
