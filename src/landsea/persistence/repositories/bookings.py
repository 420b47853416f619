"""Bookings and their legs, keyed by idempotency key per organisation."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from landsea.domain.booking import Booking, BookingLeg, BookingStatus
from landsea.domain.money import Money
from landsea.domain.quote import Quote
from landsea.errors import DuplicateIdempotencyKey
from landsea.persistence.records import IdempotentBooking
from landsea.persistence.repositories._sql import among, chunks, table
from landsea.persistence.tables import BookingLegRow, BookingRow

__all__ = ["Bookings", "insert_booking", "insert_together"]


class Bookings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, booking: Booking, *, idempotency_key: str | None, request_hash: str) -> None:
        insert_booking(
            self.session.connection(),
            booking,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
        )

    def get(self, booking_id: str, *, lock: bool = False) -> Booking | None:
        query = (
            select(BookingRow)
            .options(selectinload(BookingRow.legs))
            .where(BookingRow.id == booking_id)
        )
        if lock:
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        return _booking(row) if row else None

    def existing(self, booking_ids: Iterable[str]) -> set[str]:
        """Which of these ids are bookings."""
        found: set[str] = set()
        for chunk in chunks(self.session, sorted(set(booking_ids))):
            found.update(
                self.session.scalars(
                    select(BookingRow.id).where(among(self.session, BookingRow.id, chunk))
                )
            )
        return found

    def by_idempotency_key(self, organisation_id: str, key: str) -> IdempotentBooking | None:
        """The organisation's booking made under ``key``, with its request's fingerprint."""
        row = self.session.scalars(
            select(BookingRow)
            .options(selectinload(BookingRow.legs))
            .where(BookingRow.organisation_id == organisation_id, BookingRow.idempotency_key == key)
        ).first()
        if row is None:
            return None
        return IdempotentBooking(booking=_booking(row), request_hash=row.request_hash)

    def find(
        self,
        *,
        organisation_id: str | None,
        service_ids: Sequence[str] | None,
        after: str | None,
        limit: int,
    ) -> list[Booking]:
        """Bookings in id order after ``after``: the organisation's, or those with a leg on
        one of ``service_ids``."""
        query = (
            select(BookingRow)
            .options(selectinload(BookingRow.legs))
            .order_by(BookingRow.id)
            .limit(limit)
        )
        if organisation_id is not None:
            query = query.where(BookingRow.organisation_id == organisation_id)
        if service_ids is not None:
            legs = select(BookingLegRow.booking_id).where(
                BookingLegRow.service_id.in_(list(service_ids))
            )
            query = query.where(BookingRow.id.in_(legs))
        if after:
            query = query.where(BookingRow.id > after)
        return [_booking(row) for row in self.session.scalars(query)]

    def made_between(self, start: dt.datetime, end: dt.datetime) -> list[Booking]:
        """Bookings made in ``[start, end)`` that were not cancelled, oldest first."""
        query = (
            select(BookingRow)
            .options(selectinload(BookingRow.legs))
            .where(
                BookingRow.created_at >= start,
                BookingRow.created_at < end,
                BookingRow.status != BookingStatus.CANCELLED.value,
            )
            .order_by(BookingRow.created_at, BookingRow.id)
        )
        return [_booking(row) for row in self.session.scalars(query)]

    def set_status(self, booking_id: str, status: BookingStatus) -> None:
        self.session.execute(
            update(BookingRow)
            .where(BookingRow.id == booking_id)
            .values(status=status.value, updated_at=dt.datetime.now(dt.UTC))
        )


def insert_booking(
    connection: Connection, booking: Booking, *, idempotency_key: str | None, request_hash: str
) -> None:
    """Insert ``booking`` and its legs on ``connection``, in its transaction (statements
    compiled once); :class:`DuplicateIdempotencyKey` if the organisation used the key already."""
    row = _booking_row(booking, idempotency_key=idempotency_key, request_hash=request_hash)
    legs = _leg_rows(booking)
    together = connection.dialect.name == "postgresql" and legs
    try:
        if together:
            # One round trip: the booking in a data-modifying WITH, its legs in the main
            # statement (PostgreSQL; SQLite has no INSERT inside WITH).
            connection.execute(*insert_together(booking, idempotency_key, request_hash))
        else:
            connection.execute(table(BookingRow).insert(), [row])
    except IntegrityError as exc:
        if "idempotency" not in str(exc.orig):
            raise
        raise DuplicateIdempotencyKey(
            f"Idempotency-Key {idempotency_key!r} is already taken by another booking"
        ) from None
    if not together:
        connection.execute(table(BookingLegRow).insert(), legs)


def insert_together(
    booking: Booking, idempotency_key: str | None, request_hash: str
) -> tuple[Any, dict[str, Any]]:
    """The statement inserting ``booking`` (with at least one leg) and its legs at once
    (PostgreSQL), compiled once for each number of legs, and its parameters."""
    row = _booking_row(booking, idempotency_key=idempotency_key, request_hash=request_hash)
    legs = _leg_rows(booking)
    parameters = {f"b_{name}": value for name, value in row.items()}
    for n, leg in enumerate(legs):
        parameters.update({f"l{n}_{name}": value for name, value in leg.items()})
    return _together(tuple(row), tuple(legs[0]), len(legs)), parameters


# Mapping: domain records to rows and back.


@functools.cache
def _together(columns: tuple[str, ...], leg_columns: tuple[str, ...], legs: int) -> Any:
    """``INSERT`` of a booking (in a data-modifying WITH) and its ``legs`` legs, built once for
    each number of legs with named parameters (``b_<column>``, ``l<n>_<column>``), so that each
    booking reuses its compiled form (built anew with the values as before, it was compiled
    for every booking: ~1.5 ms of CPU)."""
    bookings, booking_legs = table(BookingRow), table(BookingLegRow)
    head = insert(bookings).values(
        {name: bindparam(f"b_{name}", type_=bookings.c[name].type) for name in columns}
    )
    # The legs as SELECTs of parameters (a multi-row VALUES is never cached by SQLAlchemy).
    rows = [
        select(
            *(bindparam(f"l{n}_{name}", type_=booking_legs.c[name].type) for name in leg_columns)
        )
        for n in range(legs)
    ]
    source = rows[0] if legs == 1 else union_all(*rows)
    return insert(booking_legs).from_select(list(leg_columns), source).add_cte(head.cte())


def _booking_row(
    booking: Booking, *, idempotency_key: str | None, request_hash: str
) -> dict[str, Any]:
    return {
        "id": booking.id,
        "organisation_id": booking.organisation_id,
        "status": booking.status.value,
        "teu": booking.teu,
        "cargo_type": booking.cargo_type,
        "shipper_reference": booking.shipper_reference,
        "price_amount": booking.price.amount,
        "price_currency": booking.price.currency,
        "price_minor": booking.price.rounded().minor_units(),
        "quote": None if booking.quote is None else booking.quote.as_document(),
        "co2e_kg": Decimal(str(round(booking.co2e_kg, 3))),
        "commodity": booking.commodity,
        "hs_code": booking.hs_code,
        "containers": list(booking.containers) or None,
        "idempotency_key": idempotency_key,
        "request_hash": request_hash,
        "created_at": booking.created_at,
        "updated_at": booking.updated_at,
    }


def _leg_rows(booking: Booking) -> list[dict[str, Any]]:
    return [
        {
            "booking_id": booking.id,
            "seq": n,
            "departure_id": leg.departure_id,
            "service_id": leg.service_id,
            "from_locode": leg.origin,
            "to_locode": leg.destination,
            "teu": leg.teu,
            "plugs": leg.plugs,
        }
        for n, leg in enumerate(booking.legs)
    ]


def _booking(row: BookingRow) -> Booking:
    return Booking(
        id=row.id,
        organisation_id=row.organisation_id,
        status=BookingStatus(row.status),
        teu=row.teu,
        cargo_type=row.cargo_type,
        shipper_reference=row.shipper_reference,
        price=Money.from_minor(row.price_minor, row.price_currency),
        quote=None if row.quote is None else Quote.from_document(row.quote),
        co2e_kg=float(row.co2e_kg),
        commodity=row.commodity,
        hs_code=row.hs_code,
        containers=tuple(row.containers or ()),
        legs=tuple(
            BookingLeg(
                departure_id=leg.departure_id,
                service_id=leg.service_id,
                origin=leg.from_locode,
                destination=leg.to_locode,
                teu=leg.teu,
                plugs=leg.plugs,
            )
            for leg in row.legs
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
