"""A booking stored in one transaction without the ORM session: the fast path of
``POST /api/v1/bookings`` (issue 15, item 6; docs/architecture.md, "Where landsea departs").

The same statements as the unit of work's repositories — :data:`~landsea.persistence.
repositories.departures.RESERVE` (the conditional UPDATE: no overbooking) and the booking's
INSERT (:func:`~landsea.persistence.repositories.bookings.insert_booking`; booking and legs in
one statement on PostgreSQL) — without the session, its identity map and the fifteen
repositories of a unit of work (~9 % of a booking's CPU):

- on PostgreSQL, each statement compiled once by SQLAlchemy for the engine's dialect, its
  parameters passed through the column types' own bind processors, and run by psycopg on a
  connection of the engine's pool (:func:`_driver_sql`): SQLAlchemy's execution of a compiled
  statement (its context, result and pool events) was more than half of what was left of a
  booking's CPU; psycopg prepares the statements after a few runs on a connection;
- on SQLite, and with a database joined to a caller's transaction (tests), the statements are
  run through a Core connection (:meth:`Database.transaction`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.exc import DBAPIError

from landsea.domain.booking import Booking
from landsea.errors import DuplicateIdempotencyKey
from landsea.persistence.database import Database
from landsea.persistence.repositories.bookings import insert_booking, insert_together
from landsea.persistence.repositories.departures import RESERVE, reserve

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
    if database.engine.dialect.name == "postgresql" and not database.joined and booking.legs:
        return _store_by_driver(database, booking, idempotency_key, request_hash)
    try:
        with database.transaction() as connection:
            try:
                for leg in _in_order(booking):
                    if not reserve(connection, leg[0], leg[1], leg[2]):
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


def _in_order(booking: Booking) -> list[tuple[str, int, int]]:
    """(departure id, TEU, plugs) of each scheduled leg, by departure id."""
    return sorted(
        (leg.departure_id, leg.teu, leg.plugs)
        for leg in booking.legs
        if leg.departure_id is not None
    )


def _store_by_driver(
    database: Database, booking: Booking, idempotency_key: str | None, request_hash: str
) -> bool:
    connection = database.engine.raw_connection()  # the pool's; closing gives it back
    try:
        dialect = database.engine.dialect  # initialised by the pool's first connection
        reserving = _driver_sql(RESERVE, dialect)
        statement, parameters = insert_together(booking, idempotency_key, request_hash)
        inserting = _driver_sql(statement, dialect)
        cursor = connection.cursor()
        try:
            for departure_id, teu, plugs in _in_order(booking):
                values = {"reserved_id": departure_id, "reserved_teu": teu, "reserved_plugs": plugs}
                cursor.execute(reserving[0], _bound(reserving[1], values))
                if cursor.rowcount != 1:
                    raise _Undo
            cursor.execute(inserting[0], _bound(inserting[1], parameters))
        except (_Undo, dialect.loaded_dbapi.Error):
            connection.rollback()
            return False
        finally:
            cursor.close()
        connection.commit()
    finally:
        connection.close()
    return True


Processors = tuple[tuple[str, Callable[[Any], Any] | None], ...]


_COMPILED: dict[tuple[Any, str], tuple[str, Processors]] = {}


def _driver_sql(statement: Any, dialect: Dialect) -> tuple[str, Processors]:
    """``statement`` compiled once for ``dialect``'s kind (named parameters), and each
    parameter's bind processor — the column type's own (``UtcDateTime``, ``JsonText``, ...),
    as SQLAlchemy applies it when it executes the statement."""
    key = (statement, dialect.name)
    found = _COMPILED.get(key)
    if found is None:  # two threads may both compile it: the same text
        compiled = statement.compile(dialect=dialect)
        processors = tuple(
            (name, bind.type.bind_processor(dialect)) for name, bind in compiled.binds.items()
        )
        found = _COMPILED[key] = (compiled.string, processors)
    return found


def _bound(processors: Processors, values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: values[name] if process is None else process(values[name])
        for name, process in processors
    }
