"""DCSA tracking events: stored once by id, superseded by a newer 3.0 update, retracted on
request; events of types landsea does not model are kept aside as received."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from landsea.domain.tracking import Classifier, EventType, TrackingEvent, TransportMode
from landsea.persistence.event_copy import UNIQUE_VIOLATION, copy_lines, copy_rows
from landsea.persistence.records import ClearanceEvent
from landsea.persistence.repositories._sql import among, chunks, rowcount, table
from landsea.persistence.tables import TrackingEventRow, UnsupportedEventRow

__all__ = ["Events"]

_CLEARANCE_COLUMNS = (
    TrackingEventRow.location,
    TrackingEventRow.equipment_reference,
    TrackingEventRow.carrier_booking_reference,
    TrackingEventRow.event_at,
)


class Events:
    """DCSA events: stored once by id, superseded by a newer 3.0 update, retracted on request."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def versions(self, event_ids: Sequence[str]) -> dict[str, dt.datetime | None]:
        """The stored update time of each known id (``None``: stored, never updated)."""
        found: dict[str, dt.datetime | None] = {}
        for chunk in chunks(self.session, list(event_ids)):
            rows = self.session.execute(
                select(TrackingEventRow.event_id, TrackingEventRow.updated_at).where(
                    among(self.session, TrackingEventRow.event_id, chunk)
                )
            )
            for event_id, updated in rows:
                found[event_id] = updated
        return found

    def stored(self, event_ids: Sequence[str]) -> dict[str, TrackingEvent]:
        """The stored events of these ids, with their bodies (for who may change them)."""
        found: dict[str, TrackingEvent] = {}
        for chunk in chunks(self.session, list(event_ids)):
            rows = self.session.scalars(
                select(TrackingEventRow).where(
                    among(self.session, TrackingEventRow.event_id, chunk)
                )
            )
            found.update({row.event_id: _event(row) for row in rows})
        return found

    def get(self, event_id: str) -> TrackingEvent | None:
        """The event of this id, unless it was retracted."""
        row = self.session.scalar(
            select(TrackingEventRow).where(
                TrackingEventRow.event_id == event_id, TrackingEventRow.retracted_by.is_(None)
            )
        )
        return None if row is None else _event(row)

    def add_many(self, events: Sequence[TrackingEvent], lines: Sequence[str] | None = None) -> None:
        """Store new events (none of their ids stored); ``lines``, when given, are their rows
        as :func:`copy_lines` wrote them (on PostgreSQL; elsewhere unused)."""
        if not events:
            return
        now = dt.datetime.now(dt.UTC)
        connection = self.session.connection()
        if connection.dialect.name != "postgresql":
            # Core executemany on the table: one batched statement, not one ORM insert per row.
            rows = [{**_event_row(e), "received_at": now, "retracted_by": None} for e in events]
            connection.execute(insert(table(TrackingEventRow)), rows)
            return
        self._copy(copy_lines(events, now) if lines is None else lines)

    def add_new(self, events: Sequence[TrackingEvent], lines: Sequence[str] | None = None) -> bool:
        """:meth:`add_many` if none of these ids is stored, and ``True``; ``False`` (nothing
        stored) when one is. On PostgreSQL the rows are sent by COPY in a savepoint, no ids
        looked up first (a bulk import of new events spends no round trip on them); elsewhere
        this is always ``False`` and the caller looks the ids up."""
        if self.session.connection().dialect.name != "postgresql":
            return False
        savepoint = self.session.begin_nested()
        try:
            self.add_many(events, lines)
        except Exception as exc:
            if getattr(exc, "sqlstate", None) != UNIQUE_VIOLATION:
                raise
            savepoint.rollback()
            return False
        savepoint.commit()
        return True

    def _copy(self, lines: Sequence[str]) -> None:
        raw: Any = self.session.connection().connection.dbapi_connection
        copy_rows(raw, lines)

    def replace(self, event: TrackingEvent) -> None:
        values = _event_row(event)
        values.pop("event_id")
        self.session.execute(
            update(TrackingEventRow)
            .where(TrackingEventRow.event_id == event.event_id)
            .values(**values)
        )

    def retract(self, event_id: str, by: str) -> bool:
        result = self.session.execute(
            update(TrackingEventRow)
            .where(TrackingEventRow.event_id == event_id)
            .values(retracted_by=by)
        )
        return rowcount(result) > 0

    def customs_releases(
        self, start: dt.datetime, end: dt.datetime, location: str | None = None
    ) -> list[ClearanceEvent]:
        """Actual customs releases (CUSR) of a container in ``[start, end)``."""
        query = select(*_CLEARANCE_COLUMNS).where(
            TrackingEventRow.retracted_by.is_(None),
            TrackingEventRow.type_code == "CUSR",
            TrackingEventRow.classifier == "ACT",
            TrackingEventRow.event_at >= start,
            TrackingEventRow.event_at < end,
            TrackingEventRow.location.is_not(None),
            TrackingEventRow.equipment_reference.is_not(None),
        )
        if location is not None:
            query = query.where(TrackingEventRow.location == location)
        return [_clearance(row) for row in self.session.execute(query)]

    def arrivals_before_release(
        self, containers: Sequence[str], bookings: Sequence[str], since: dt.datetime
    ) -> list[ClearanceEvent]:
        """Actual events since ``since`` that start a clearance: a container discharged, in at
        the gate, selected for scan or inspection (by container), or a transport arrival (by
        booking; its container is then unknown)."""
        found: list[ClearanceEvent] = []
        base = select(*_CLEARANCE_COLUMNS).where(
            TrackingEventRow.retracted_by.is_(None),
            TrackingEventRow.classifier == "ACT",
            TrackingEventRow.event_at >= since,
            TrackingEventRow.location.is_not(None),
        )
        wanted = sorted(set(containers))
        for start in range(0, len(wanted), 500):
            query = base.where(
                TrackingEventRow.type_code.in_(("DISC", "GTIN", "CUSS", "CUSI")),
                TrackingEventRow.equipment_reference.in_(wanted[start : start + 500]),
            )
            found += [_clearance(row) for row in self.session.execute(query)]
        wanted = sorted(set(bookings))
        for start in range(0, len(wanted), 500):
            query = base.where(
                TrackingEventRow.type_code == "ARRI",
                TrackingEventRow.carrier_booking_reference.in_(wanted[start : start + 500]),
            )
            found += [
                dataclasses.replace(_clearance(row), container=None)
                for row in self.session.execute(query)
            ]
        return found

    def add_unsupported(self, rows: Sequence[tuple[str | None, str, dict[str, Any]]]) -> None:
        """Events of types landsea does not model: (event id, type, body as received)."""
        if rows:
            self.session.execute(
                insert(UnsupportedEventRow),
                [
                    {"event_id": event_id, "event_type": kind[:40], "body": raw}
                    for event_id, kind, raw in rows
                ],
            )

    def find(
        self,
        *,
        event_type: str | None = None,
        equipment_reference: str | None = None,
        carrier_booking_reference: str | None = None,
        transport_document_reference: str | None = None,
        location: str | None = None,
        created_from: dt.datetime | None = None,
        created_to: dt.datetime | None = None,
        booking_references: Sequence[str] | None = None,
        after: tuple[dt.datetime, str] | None = None,
        limit: int = 100,
        event_types: Sequence[str] | None = None,
        created: Sequence[tuple[str, dt.datetime]] = (),
    ) -> list[TrackingEvent]:
        """Events matching the filters, in (event time, id) order after the keyset ``after``,
        each with its body as received (``raw``).

        ``event_types`` is a list of any of; ``created`` compares the creation (3.0: update)
        time by DCSA's operators, ``gte``, ``gt``, ``lte``, ``lt`` or ``eq``, ANDed."""
        query = (
            select(TrackingEventRow)
            .where(TrackingEventRow.retracted_by.is_(None))
            .order_by(TrackingEventRow.event_at, TrackingEventRow.event_id)
            .limit(limit)
        )
        columns = {
            TrackingEventRow.event_type: event_type,
            TrackingEventRow.equipment_reference: equipment_reference,
            TrackingEventRow.carrier_booking_reference: carrier_booking_reference,
            TrackingEventRow.transport_document_reference: transport_document_reference,
        }
        for column, value in columns.items():
            if value is not None:
                query = query.where(column == value)
        if location is not None:
            query = query.where(_at(location))
        if event_types is not None:
            query = query.where(TrackingEventRow.event_type.in_(list(event_types)))
        for operator, moment in created:
            query = query.where(_compare(operator, moment))
        if created_from is not None:
            query = query.where(TrackingEventRow.created_at >= created_from)
        if created_to is not None:
            query = query.where(TrackingEventRow.created_at < created_to)
        if booking_references is not None:
            query = query.where(
                TrackingEventRow.carrier_booking_reference.in_(list(booking_references))
            )
        if after is not None:
            moment, ident = after
            query = query.where(
                or_(
                    TrackingEventRow.event_at > moment,
                    and_(TrackingEventRow.event_at == moment, TrackingEventRow.event_id > ident),
                )
            )
        return [_event(row) for row in self.session.scalars(query)]

    def count_unsupported(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(UnsupportedEventRow)) or 0)


# Mapping: domain records to rows and back.


def _event_row(event: TrackingEvent) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "version": event.version,
        "event_type": event.event_type.value,
        "classifier": event.classifier.value,
        "type_code": event.type_code,
        "event_at": event.event_time,
        "created_at": event.created,
        "updated_at": event.updated,
        "location": event.location,
        "equipment_reference": event.equipment_reference,
        "carrier_booking_reference": event.carrier_booking_reference,
        "transport_document_reference": event.transport_document_reference,
        "mode": None if event.mode is None else event.mode.value,
        "body": event.raw,
    }


def _event(row: TrackingEventRow) -> TrackingEvent:
    return TrackingEvent(
        event_id=row.event_id,
        version=row.version,
        event_type=EventType(row.event_type),
        classifier=Classifier(row.classifier),
        type_code=row.type_code,
        event_time=row.event_at,
        created=row.created_at,
        updated=row.updated_at,
        location=row.location,
        equipment_reference=row.equipment_reference,
        carrier_booking_reference=row.carrier_booking_reference,
        transport_document_reference=row.transport_document_reference,
        mode=None if row.mode is None else TransportMode(row.mode),
        raw=row.body,
    )


def _clearance(row: Row[str | None, str | None, str | None, dt.datetime]) -> ClearanceEvent:
    location, container, booking, at = row
    return ClearanceEvent(location=str(location), container=container, booking=booking, at=at)


def _compare(operator: str, moment: dt.datetime) -> ColumnElement[bool]:
    column = TrackingEventRow.created_at
    comparisons = {
        "gte": column >= moment, "gt": column > moment, "lte": column <= moment,
        "lt": column < moment, "eq": column == moment,
    }  # fmt: skip
    if operator not in comparisons:
        raise ValueError(f"operator {operator!r} is not one of {', '.join(comparisons)}")
    return comparisons[operator]


def _at(location: str) -> ColumnElement[bool]:
    """Events at ``location``: a UN/LOCODE takes in the terminals keyed under it
    (``CNCQI`` finds ``CNCQI-TJC``); a terminal key only itself."""
    if len(location) == 5:
        return or_(
            TrackingEventRow.location == location,
            TrackingEventRow.location.like(f"{location}-%"),
        )
    return TrackingEventRow.location == location
