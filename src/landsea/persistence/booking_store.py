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

:class:`BookingConnections` runs them on the server's event loop, through async psycopg
connections of the fast path's own — the common booking (one scheduled leg) as one statement.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import cache, partial
from select import select as wait_for_io
from typing import Any

from sqlalchemy import Dialect, bindparam, insert, select, union_all
from sqlalchemy.exc import DBAPIError

from landsea.domain.booking import Booking
from landsea.errors import DuplicateIdempotencyKey
from landsea.persistence.database import Database
from landsea.persistence.repositories._sql import table
from landsea.persistence.repositories.bookings import insert_booking, insert_together
from landsea.persistence.repositories.departures import RESERVE, reserve
from landsea.persistence.tables import BookingLegRow, BookingRow

__all__ = ["APPLICATION_NAME", "CONNECTIONS", "BookingConnections", "store_booking"]


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


CONNECTIONS = 8
"""The fast path's own connections a server process opens at most (:class:`BookingConnections`),
beside the engine's pool of 10 + 20: with two workers, 2 × (30 + 8) against PostgreSQL's
``max_connections`` (100 by default)."""

APPLICATION_NAME = "landsea bookings"
"""The ``application_name`` of those connections (``pg_stat_activity``)."""


class BookingConnections:
    """The booking's fast path's own connections to PostgreSQL: async psycopg on the server's
    event loop, so that a booking waits for its round trips without a thread (issue 15,
    item 6). At most ``size``, each opened when first needed and kept, closed by
    :meth:`aclose` (the app's shutdown); made, used and closed on one event loop.

    :meth:`store`, each statement prepared on each connection: a booking with one scheduled
    leg (the common one) in one statement, its own transaction (:func:`_reserve_and_insert`:
    the conditional UPDATE, and the booking and its legs inserted from what it returns); else
    :func:`store_booking`'s transaction — ``BEGIN``, each scheduled leg's conditional UPDATE
    (each must take its row, else ``ROLLBACK``), the INSERT, ``COMMIT``. (psycopg's pipeline
    mode, ``BEGIN`` and the UPDATEs in one flush and the INSERT and ``COMMIT`` in another, was
    measured no cheaper: it sends each statement as it comes; docs/performance.md.)"""

    def __init__(self, database: Database, *, size: int = CONNECTIONS) -> None:
        with database.engine.connect():  # the dialect initialised by a first connection
            pass
        self._dialect = database.engine.dialect
        url = database.engine.url.set(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self._idle: list[Any] = []
        self._at_once: dict[int, tuple[str, Processors]] = {}
        """The one statement of a booking with one scheduled leg, by its number of legs."""
        self._free = asyncio.Semaphore(size)
        self.opened = 0
        """The connections open now."""
        self._closed = False

    @classmethod
    def of(cls, database: Database) -> BookingConnections | None:
        """The connections of ``database`` if it is PostgreSQL and not joined to a caller's
        transaction; ``None`` otherwise (then :func:`store_booking`, in a thread)."""
        if database.engine.dialect.name != "postgresql" or database.joined:
            return None
        return cls(database)

    async def store(
        self, booking: Booking, *, idempotency_key: str | None, request_hash: str
    ) -> bool:
        """:func:`store_booking`, on one of these connections, of a booking with at least one
        leg: ``False``, with nothing stored, when a departure has no room or is not stored,
        the organisation used ``idempotency_key`` already, or a statement is refused. An error
        of the connection is raised (the connection is then closed)."""
        work = self._work(booking, idempotency_key, request_hash)
        async with self._free:
            connection = await self._take()
            kept = False
            try:
                stored = await work(connection)
                kept = True
            finally:
                await self._give_back(connection, kept=kept)
        return stored

    def _work(
        self, booking: Booking, idempotency_key: str | None, request_hash: str
    ) -> Callable[[Any], Awaitable[bool]]:
        """What stores ``booking`` on a connection: one statement for one scheduled leg (the
        common booking), else a transaction."""
        scheduled = _in_order(booking)
        statement, parameters = insert_together(booking, idempotency_key, request_hash)
        if len(scheduled) != 1:
            reserving = _driver_sql(RESERVE, self._dialect)
            reservations = [
                _bound(reserving[1], {"reserved_id": id_, "reserved_teu": n, "reserved_plugs": p})
                for id_, n, p in scheduled
            ]
            inserting = _driver_sql(statement, self._dialect)
            insert = (inserting[0], _bound(inserting[1], parameters))
            return partial(_transaction, reserve=(reserving[0], reservations), insert=insert)
        ((departure_id, teu, plugs),) = scheduled
        parameters |= {"reserved_id": departure_id, "reserved_teu": teu, "reserved_plugs": plugs}
        legs = len(booking.legs)
        together = self._at_once.get(legs)
        if together is None:  # the columns, as insert_together names its parameters
            columns = (
                tuple(name[2:] for name in parameters if name.startswith("b_")),
                tuple(name[3:] for name in parameters if name.startswith("l0_")),
            )
            together = _driver_sql(_reserve_and_insert(*columns, legs), self._dialect)
            self._at_once[legs] = together
        return partial(_at_once, statement=(together[0], _bound(together[1], parameters)))

    async def _take(self) -> Any:
        """An idle connection, or a new one. One the server has ended meanwhile (it has said
        so: the socket is readable while no statement is out) is closed, not used."""
        while self._idle:
            connection = self._idle.pop()
            if not wait_for_io([connection.fileno()], [], [], 0)[0]:
                return connection
            self.opened -= 1
            await connection.close()
        return await self._connect()

    async def _connect(self) -> Any:
        import psycopg  # the server's driver; imported when the first booking comes

        self.opened += 1
        try:
            return await psycopg.AsyncConnection.connect(
                self._conninfo, autocommit=True, application_name=APPLICATION_NAME
            )
        except BaseException:
            self.opened -= 1
            raise

    async def _give_back(self, connection: Any, *, kept: bool) -> None:
        """Keep ``connection`` for the next booking if it is idle and these connections are
        not closed; close it otherwise (a booking interrupted, a connection lost)."""
        if kept and not self._closed and connection.info.transaction_status == _IDLE:
            self._idle.append(connection)
            return
        self.opened -= 1
        await connection.close()

    async def aclose(self) -> None:
        """Close every connection: the idle ones now, those in use when they are given back."""
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            self.opened -= 1
            await connection.close()


_IDLE = 0
"""libpq's ``PQTRANS_IDLE``: no transaction open (``psycopg.pq.TransactionStatus.IDLE``)."""


async def _at_once(connection: Any, *, statement: tuple[str, Any]) -> bool:
    """The booking of one scheduled leg in one statement (:func:`_reserve_and_insert`), its
    own transaction on ``connection`` (autocommit): ``False`` when it took no room, or was
    refused (the key used) and so did nothing."""
    import psycopg

    cursor = connection.cursor()
    try:
        await cursor.execute(statement[0], statement[1], prepare=True)
    except (psycopg.OperationalError, psycopg.InterfaceError):
        raise  # the connection's: it may have committed
    except psycopg.Error:
        return False
    return bool(cursor.rowcount > 0)


async def _transaction(
    connection: Any, *, reserve: tuple[str, list[dict[str, Any]]], insert: tuple[str, Any]
) -> bool:
    """The booking of several scheduled legs, or none, in one transaction on ``connection``
    (autocommit, so ``BEGIN`` and ``COMMIT`` are statements of their own, as pgbench runs
    them): each leg's conditional UPDATE must take its row; ``False`` when it rolled back."""
    import psycopg

    cursor = connection.cursor()
    await cursor.execute("BEGIN")
    try:
        for parameters in reserve[1]:
            await cursor.execute(reserve[0], parameters, prepare=True)
            if cursor.rowcount != 1:  # no room, or no such departure
                raise _Undo
        await cursor.execute(insert[0], insert[1], prepare=True)
    except (psycopg.OperationalError, psycopg.InterfaceError):
        raise
    except (_Undo, psycopg.Error):  # the key used (unique), or a statement refused
        await cursor.execute("ROLLBACK")
        return False
    await cursor.execute("COMMIT")
    return True


@cache
def _reserve_and_insert(columns: tuple[str, ...], leg_columns: tuple[str, ...], legs: int) -> Any:
    """One statement for a booking with one scheduled leg: its conditional UPDATE
    (:data:`RESERVE`) in a data-modifying WITH, and the booking and its ``legs`` legs inserted
    from what it returns — nothing when it took no row. Its parameters are
    :func:`insert_together`'s and the reservation's; built once for each number of legs."""
    departures = RESERVE.table
    reserved = RESERVE.returning(departures.c.id).cte("reserved")
    bookings, booking_legs = table(BookingRow), table(BookingLegRow)
    head = insert(bookings).from_select(
        list(columns),
        select(
            *(bindparam(f"b_{name}", type_=bookings.c[name].type) for name in columns)
        ).select_from(reserved),
    )
    rows = [
        select(
            *(bindparam(f"l{n}_{name}", type_=booking_legs.c[name].type) for name in leg_columns)
        ).select_from(reserved)
        for n in range(legs)
    ]
    source = rows[0] if legs == 1 else union_all(*rows)
    return (
        insert(booking_legs)
        .from_select(list(leg_columns), source)
        .add_cte(reserved)
        .add_cte(head.cte("head"))
    )
