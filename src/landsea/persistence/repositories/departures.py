"""Dated departures: their capacity, what is booked on them, and who changed them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from landsea.domain.booking import DepartureCapacity
from landsea.persistence.records import DepartureChange
from landsea.persistence.repositories._sql import insert_or_skip, rowcount, table
from landsea.persistence.tables import DepartureAuditRow, DepartureRow

__all__ = ["RESERVE", "Departures", "reserve"]

_departures = table(DepartureRow).c
RESERVE = (
    update(table(DepartureRow))
    .where(
        _departures.id == bindparam("reserved_id"),
        _departures.booked_teu + bindparam("reserved_teu") <= _departures.capacity_teu,
        _departures.reefer_plugs_booked + bindparam("reserved_plugs") <= _departures.reefer_plugs,
    )
    .values(
        booked_teu=_departures.booked_teu + bindparam("reserved_teu"),
        reefer_plugs_booked=_departures.reefer_plugs_booked + bindparam("reserved_plugs"),
    )
)
"""The reservation: one Core statement built once, so that each booking reuses its compiled
form (an ORM update built per call with the values cost a cache key of its own and the
session's synchronisation on every booking)."""


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
        mappings = [_departure_row(d) for d in rows]
        if not mappings:
            return 0
        # Two processes may store the same new days at once (server workers starting together):
        # a run already there is skipped, never duplicated nor an error.
        self.session.execute(insert_or_skip(self.session, DepartureRow, "id"), mappings)
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
        """Departures in ``[start, end)`` in (time, id) order, after the keyset ``after``."""
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
        return reserve(self.session.connection(), departure_id, teu, plugs)

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
        return rowcount(result) == 1

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

    def audit_trail(self, departure_id: str) -> list[DepartureChange]:
        """Every change of the departure, oldest first."""
        rows = self.session.scalars(
            select(DepartureAuditRow)
            .where(DepartureAuditRow.departure_id == departure_id)
            .order_by(DepartureAuditRow.id)
        )
        return [_change(row) for row in rows]


def reserve(connection: Connection, departure_id: str, teu: int, plugs: int) -> bool:
    """Take ``teu`` and ``plugs`` on a departure if it has room, on ``connection`` in its
    transaction: one atomic conditional update (``False``: no room, or no such departure)."""
    result = connection.execute(
        RESERVE, {"reserved_id": departure_id, "reserved_teu": teu, "reserved_plugs": plugs}
    )
    return rowcount(result) == 1


# Mapping: domain records to rows and back.


def _departure_row(departure: DepartureCapacity) -> dict[str, object]:
    """A new departure: nothing booked on it yet."""
    return {
        "id": departure.id,
        "service_id": departure.service_id,
        "departure_at": departure.departure,
        "capacity_teu": departure.capacity_teu,
        "booked_teu": 0,
        "reefer_plugs": departure.reefer_plugs,
        "reefer_plugs_booked": 0,
    }


def _capacity(row: DepartureRow) -> DepartureCapacity:
    return DepartureCapacity(
        id=row.id,
        service_id=row.service_id,
        departure=row.departure_at,
        capacity_teu=row.capacity_teu,
        booked_teu=row.booked_teu,
        reefer_plugs=row.reefer_plugs,
        reefer_plugs_booked=row.reefer_plugs_booked,
    )


def _change(row: DepartureAuditRow) -> DepartureChange:
    return DepartureChange(
        organisation_id=row.organisation_id,
        field=row.field,
        old=row.old_value,
        new=row.new_value,
        at=row.at,
    )
