"""Repositories: reads and writes through a Session the caller owns (they never commit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from landsea.domain.booking import (
    Booking,
    BookingLeg,
    BookingStatus,
    DepartureCapacity,
    Principal,
    Role,
)
from landsea.domain.money import Money
from landsea.errors import Conflict, DuplicateIdempotencyKey
from landsea.persistence.tables import (
    ApiKeyRow,
    BookingLegRow,
    BookingRow,
    DepartureAuditRow,
    DepartureRow,
    OrganisationRow,
)

__all__ = ["Accounts", "Bookings", "Departures"]


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; every time stored is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _principal(row: OrganisationRow) -> Principal:
    return Principal(
        organisation_id=row.id,
        name=row.name,
        role=Role(row.role),
        operator_match=row.operator_match,
    )


class Accounts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_organisation(
        self, *, id: str, name: str, role: Role, operator_match: str | None
    ) -> Principal:
        row = OrganisationRow(id=id, name=name, role=role.value, operator_match=operator_match)
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError:
            raise Conflict(f"an organisation named {name!r} already exists") from None
        return _principal(row)

    def organisation(self, id_or_name: str) -> Principal | None:
        row = self.session.scalars(
            select(OrganisationRow).where(
                or_(OrganisationRow.id == id_or_name, OrganisationRow.name == id_or_name)
            )
        ).first()
        return _principal(row) if row else None

    def organisations(self, *, after: str | None, limit: int) -> list[Principal]:
        query = select(OrganisationRow).order_by(OrganisationRow.id).limit(limit)
        if after:
            query = query.where(OrganisationRow.id > after)
        return [_principal(row) for row in self.session.scalars(query)]

    def add_key(self, *, id: str, organisation_id: str, prefix: str, key_hash: str) -> None:
        self.session.add(
            ApiKeyRow(id=id, organisation_id=organisation_id, prefix=prefix, key_hash=key_hash)
        )
        self.session.flush()

    def key(self, prefix: str) -> tuple[str, Principal] | None:
        """The stored hash of the live key with ``prefix`` and its organisation."""
        found = self.session.execute(
            select(ApiKeyRow.key_hash, OrganisationRow)
            .join(OrganisationRow, OrganisationRow.id == ApiKeyRow.organisation_id)
            .where(ApiKeyRow.prefix == prefix, ApiKeyRow.revoked_at.is_(None))
        ).first()
        if found is None:
            return None
        return found[0], _principal(found[1])


def _capacity(row: DepartureRow) -> DepartureCapacity:
    return DepartureCapacity(
        id=row.id,
        service_id=row.service_id,
        departure=_utc(row.departure_at),
        capacity_teu=row.capacity_teu,
        booked_teu=row.booked_teu,
        reefer_plugs=row.reefer_plugs,
        reefer_plugs_booked=row.reefer_plugs_booked,
    )


class Departures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def existing_ids(self, start: dt.datetime, end: dt.datetime) -> set[str]:
        return set(
            self.session.scalars(
                select(DepartureRow.id).where(
                    DepartureRow.departure_at >= start, DepartureRow.departure_at < end
                )
            )
        )

    def add_many(self, rows: Iterable[DepartureCapacity]) -> int:
        mappings = [
            {
                "id": d.id,
                "service_id": d.service_id,
                "departure_at": d.departure,
                "capacity_teu": d.capacity_teu,
                "booked_teu": 0,
                "reefer_plugs": d.reefer_plugs,
                "reefer_plugs_booked": 0,
            }
            for d in rows
        ]
        if not mappings:
            return 0
        # Two processes may store the same new days at once (server workers starting together):
        # a run already there is skipped, never duplicated nor an error.
        dialect = self.session.get_bind().dialect.name
        statement = (
            postgresql.insert(DepartureRow)
            if dialect == "postgresql"
            else sqlite.insert(DepartureRow)
        ).on_conflict_do_nothing(index_elements=["id"])
        self.session.execute(statement, mappings)
        return len(mappings)

    def get(self, departure_id: str, *, lock: bool = False) -> DepartureCapacity | None:
        query = select(DepartureRow).where(DepartureRow.id == departure_id)
        if lock:
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        return _capacity(row) if row else None

    def find(
        self,
        *,
        service_ids: Sequence[str] | None,
        start: dt.datetime,
        end: dt.datetime,
        after: tuple[dt.datetime, str] | None,
        limit: int,
    ) -> list[DepartureCapacity]:
        query = (
            select(DepartureRow)
            .where(DepartureRow.departure_at >= start, DepartureRow.departure_at < end)
            .order_by(DepartureRow.departure_at, DepartureRow.id)
            .limit(limit)
        )
        if service_ids is not None:
            query = query.where(DepartureRow.service_id.in_(list(service_ids)))
        if after is not None:
            moment, ident = after
            query = query.where(
                or_(
                    DepartureRow.departure_at > moment,
                    and_(DepartureRow.departure_at == moment, DepartureRow.id > ident),
                )
            )
        return [_capacity(row) for row in self.session.scalars(query)]

    def in_use(self, start: dt.datetime, end: dt.datetime) -> list[DepartureCapacity]:
        """Departures in ``[start, end)`` with bookings or a capacity an operator changed: the
        others still have their service's whole capacity."""
        changed = select(DepartureAuditRow.departure_id)
        query = select(DepartureRow).where(
            DepartureRow.departure_at >= start,
            DepartureRow.departure_at < end,
            or_(
                DepartureRow.booked_teu > 0,
                DepartureRow.reefer_plugs_booked > 0,
                DepartureRow.id.in_(changed),
            ),
        )
        return [_capacity(row) for row in self.session.scalars(query)]

    def reserve(self, departure_id: str, teu: int, plugs: int) -> bool:
        """Take ``teu`` and ``plugs`` on a departure if it has room: one atomic conditional update."""
        result = self.session.execute(
            update(DepartureRow)
            .where(
                DepartureRow.id == departure_id,
                DepartureRow.booked_teu + teu <= DepartureRow.capacity_teu,
                DepartureRow.reefer_plugs_booked + plugs <= DepartureRow.reefer_plugs,
            )
            .values(
                booked_teu=DepartureRow.booked_teu + teu,
                reefer_plugs_booked=DepartureRow.reefer_plugs_booked + plugs,
            )
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def release(self, departure_id: str, teu: int, plugs: int) -> None:
        self.session.execute(
            update(DepartureRow)
            .where(DepartureRow.id == departure_id)
            .values(
                booked_teu=DepartureRow.booked_teu - teu,
                reefer_plugs_booked=DepartureRow.reefer_plugs_booked - plugs,
            )
        )

    def set_capacity(self, departure_id: str, capacity_teu: int) -> bool:
        """Change the capacity unless it would fall below what is booked."""
        result = self.session.execute(
            update(DepartureRow)
            .where(DepartureRow.id == departure_id, DepartureRow.booked_teu <= capacity_teu)
            .values(capacity_teu=capacity_teu)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def audit(
        self, *, departure_id: str, organisation_id: str, field: str, old: str, new: str
    ) -> None:
        self.session.add(
            DepartureAuditRow(
                departure_id=departure_id,
                organisation_id=organisation_id,
                field=field,
                old_value=old,
                new_value=new,
            )
        )

    def audit_trail(self, departure_id: str) -> list[tuple[str, str, str, str, dt.datetime]]:
        rows = self.session.scalars(
            select(DepartureAuditRow)
            .where(DepartureAuditRow.departure_id == departure_id)
            .order_by(DepartureAuditRow.id)
        )
        return [(r.organisation_id, r.field, r.old_value, r.new_value, _utc(r.at)) for r in rows]


def _booking(row: BookingRow) -> Booking:
    return Booking(
        id=row.id,
        organisation_id=row.organisation_id,
        status=BookingStatus(row.status),
        teu=row.teu,
        cargo_type=row.cargo_type,
        shipper_reference=row.shipper_reference,
        price=Money(Decimal(row.price_amount), row.price_currency),
        co2e_kg=float(row.co2e_kg),
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
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
    )


class Bookings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, booking: Booking, *, idempotency_key: str | None, request_hash: str) -> None:
        try:
            self.session.execute(
                insert(BookingRow),
                [
                    {
                        "id": booking.id,
                        "organisation_id": booking.organisation_id,
                        "status": booking.status.value,
                        "teu": booking.teu,
                        "cargo_type": booking.cargo_type,
                        "shipper_reference": booking.shipper_reference,
                        "price_amount": booking.price.amount,
                        "price_currency": booking.price.currency,
                        "co2e_kg": Decimal(str(round(booking.co2e_kg, 3))),
                        "idempotency_key": idempotency_key,
                        "request_hash": request_hash,
                        "created_at": booking.created_at,
                        "updated_at": booking.updated_at,
                    }
                ],
            )
        except IntegrityError:
            raise DuplicateIdempotencyKey(
                f"Idempotency-Key {idempotency_key!r} is already taken by another booking"
            ) from None
        self.session.execute(
            insert(BookingLegRow),
            [
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
            ],
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

    def by_idempotency_key(self, organisation_id: str, key: str) -> tuple[Booking, str] | None:
        row = self.session.scalars(
            select(BookingRow)
            .options(selectinload(BookingRow.legs))
            .where(BookingRow.organisation_id == organisation_id, BookingRow.idempotency_key == key)
        ).first()
        return (_booking(row), row.request_hash) if row else None

    def find(
        self,
        *,
        organisation_id: str | None,
        service_ids: Sequence[str] | None,
        after: str | None,
        limit: int,
    ) -> list[Booking]:
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

    def set_status(self, booking_id: str, status: BookingStatus) -> None:
        self.session.execute(
            update(BookingRow)
            .where(BookingRow.id == booking_id)
            .values(status=status.value, updated_at=dt.datetime.now(dt.UTC))
        )
