"""A booking stored in one transaction on a bare Core connection: the fast path of
``POST /api/v1/bookings`` (issue 15, item 6; docs/architecture.md, "Where landsea departs").

The same statements as the unit of work's repositories — :func:`~landsea.persistence.
repositories.departures.reserve` (the conditional UPDATE: no overbooking) and
:func:`~landsea.persistence.repositories.bookings.insert_booking` (booking and legs in one
statement on PostgreSQL), each compiled once — without the ORM session, its identity map and
the fifteen repositories of a unit of work, which were ~9 % of a booking's CPU.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from landsea.domain.booking import Booking
from landsea.errors import DuplicateIdempotencyKey
from landsea.persistence.database import Database
from landsea.persistence.repositories.bookings import insert_booking
from landsea.persistence.repositories.departures import reserve

__all__ = ["store_booking"]


class _Undo(Exception):
    """Roll the transaction back: the booking is not stored by this path."""


def store_booking(
    database: Database, booking: Booking, *, idempotency_key: str | None, request_hash: str
) -> bool:
    """Reserve every scheduled leg of ``booking`` (in departure-id order, as the unit of work
    does, so that two bookings never wait on each other) and insert it, in one transaction.

    ``False``, with nothing stored, when a departure has no room or is not stored, the
    organisation used ``idempotency_key`` already, or a statement fails: the caller then books
    the ordinary way, which says why. An error of the commit itself is raised."""
    try:
        with database.transaction() as connection:
            try:
                for leg in sorted(booking.legs, key=lambda leg: leg.departure_id or ""):
                    if leg.departure_id is not None and not reserve(
                        connection, leg.departure_id, leg.teu, leg.plugs
                    ):
                        raise _Undo
                insert_booking(
                    connection,
                    booking,
                    idempotency_key=idempotency_key,
                    request_hash=request_hash,
                )
            except (DBAPIError, DuplicateIdempotencyKey):
                raise _Undo from None
    except _Undo:
        return False
    return True
