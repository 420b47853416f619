"""Shippers' pending cargo requests, booked by consolidation or cancelled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from landsea.domain.consolidation import CargoRequest, RequestStatus
from landsea.persistence.repositories._sql import rowcount
from landsea.persistence.tables import CargoRequestRow

__all__ = ["CargoRequests"]


class CargoRequests:
    """Pending cargo requests, booked by consolidation or cancelled."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: CargoRequest) -> None:
        self.session.add(_cargo_request_row(request))
        self.session.flush()

    def find(
        self,
        *,
        organisation_id: str | None = None,
        status: RequestStatus | None = None,
        ready_from: dt.datetime | None = None,
        ready_to: dt.datetime | None = None,
        after: tuple[dt.datetime, str] | None = None,
        limit: int = 100_000,
        lock: bool = False,
    ) -> list[CargoRequest]:
        """Requests in (ready time, id) order, after the keyset ``after``."""
        query = select(CargoRequestRow).order_by(CargoRequestRow.ready_at, CargoRequestRow.id)
        if organisation_id is not None:
            query = query.where(CargoRequestRow.organisation_id == organisation_id)
        if status is not None:
            query = query.where(CargoRequestRow.status == status.value)
        if ready_from is not None:
            query = query.where(CargoRequestRow.ready_at >= ready_from)
        if ready_to is not None:
            query = query.where(CargoRequestRow.ready_at < ready_to)
        if after is not None:
            moment, ident = after
            query = query.where(
                or_(
                    CargoRequestRow.ready_at > moment,
                    and_(CargoRequestRow.ready_at == moment, CargoRequestRow.id > ident),
                )
            )
        if lock:
            query = query.with_for_update()
        return [_cargo_request(r) for r in self.session.scalars(query.limit(limit))]

    def get(self, request_id: str) -> CargoRequest | None:
        row = self.session.get(CargoRequestRow, request_id)
        return None if row is None else _cargo_request(row)

    def mark(self, request_id: str, status: RequestStatus, booking_id: str | None) -> bool:
        """Move a pending request to ``status``; ``False`` if it was no longer pending."""
        result = self.session.execute(
            update(CargoRequestRow)
            .where(CargoRequestRow.id == request_id, CargoRequestRow.status == "pending")
            .values(status=status.value, booking_id=booking_id)
        )
        return rowcount(result) > 0


# Mapping: domain records to rows and back.


def _cargo_request_row(request: CargoRequest) -> CargoRequestRow:
    return CargoRequestRow(
        id=request.id,
        organisation_id=request.organisation_id,
        reference=request.reference,
        origin=request.origin,
        destination=request.destination,
        teu=request.teu,
        cargo_type=request.cargo_type,
        ready_at=request.ready,
        due_at=request.due,
        penalty_per_day=request.penalty_per_day,
        status=request.status.value,
        created_at=request.created_at or dt.datetime.now(dt.UTC),
    )


def _cargo_request(row: CargoRequestRow) -> CargoRequest:
    return CargoRequest(
        id=row.id,
        organisation_id=row.organisation_id,
        reference=row.reference,
        origin=row.origin,
        destination=row.destination,
        teu=row.teu,
        cargo_type=row.cargo_type,
        ready=row.ready_at,
        due=row.due_at,
        penalty_per_day=Decimal(row.penalty_per_day),
        status=RequestStatus(row.status),
        booking_id=row.booking_id,
        created_at=row.created_at,
    )
