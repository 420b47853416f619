"""The reads of a one-shot plan on a SQLite database, with the standard library's driver.

``landsea plan`` plans once and exits; importing SQLAlchemy and mapping landsea's tables costs it
more than the plan (docs/performance.md, start-up). These are the same reads as the
repositories' — :meth:`Departures.in_use <landsea.persistence.repositories.Departures.in_use>`,
``Events.customs_releases`` and ``arrivals_before_release``, ``Disruptions.exceptions`` and
``closures``, ``NetworkStore.head`` — written once more in SQL for :mod:`sqlite3`, read-only, with
the same answers (tests/persistence/test_sqlite_reads.py holds them equal on one database).
Times are stored as SQLAlchemy stores them on SQLite: UTC wall-clock text,
``YYYY-MM-DD HH:MM:SS.ffffff``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from landsea.domain.booking import DepartureCapacity
from landsea.domain.disruption import Closure, ClosureSubject, ExceptionKind, Reason, RunException
from landsea.persistence.records import ClearanceEvent

__all__ = ["SqlitePlanReads", "sqlite_path"]

_CHUNK = 500
_CLEARANCE = (
    "SELECT location, equipment_reference, carrier_booking_reference, event_at "
    "FROM tracking_events WHERE retracted_by IS NULL AND classifier = 'ACT' "
    "AND location IS NOT NULL"
)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite ``url`` (``sqlite:///path``), or ``None`` for any other database
    (or SQLite in memory)."""
    if not url.startswith("sqlite:///") or url.startswith("sqlite:///:memory:"):
        return None
    if "?" in url or url.startswith("sqlite+"):
        return None
    return Path(url.split(":///", 1)[1])


def _text(moment: dt.datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()!r}: give an offset")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


class SqlitePlanReads:
    """A read-only connection to the SQLite file at ``path`` and the plan's reads over it."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)

    def __enter__(self) -> SqlitePlanReads:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        with contextlib.closing(self._db.execute(sql, tuple(parameters))) as cursor:
            yield from cursor

    def head(self) -> tuple[int, str] | None:
        """The newest network version's id and digest (``NetworkStore.head``)."""
        rows = self._rows("SELECT id, digest FROM network_versions ORDER BY id DESC LIMIT 1")
        found = next(rows, None)
        return None if found is None else (int(found[0]), str(found[1]))

    def in_use(self, start: dt.datetime, end: dt.datetime) -> list[DepartureCapacity]:
        """Departures in ``[start, end)`` with bookings or a capacity an operator changed
        (``Departures.in_use``)."""
        sql = (
            "SELECT id, service_id, departure_at, capacity_teu, booked_teu, reefer_plugs, "
            "reefer_plugs_booked FROM departures WHERE departure_at >= ? AND departure_at < ? "
            "AND (booked_teu > 0 OR reefer_plugs_booked > 0 "
            "OR id IN (SELECT departure_id FROM departure_audit))"
        )
        return [
            DepartureCapacity(
                id=row[0],
                service_id=row[1],
                departure=_moment(row[2]),
                capacity_teu=row[3],
                booked_teu=row[4],
                reefer_plugs=row[5],
                reefer_plugs_booked=row[6],
            )
            for row in self._rows(sql, (_text(start), _text(end)))
        ]

    def customs_releases(
        self, start: dt.datetime, end: dt.datetime, location: str | None = None
    ) -> list[ClearanceEvent]:
        """Actual customs releases (CUSR) of a container in ``[start, end)``."""
        sql = (
            f"{_CLEARANCE} AND type_code = 'CUSR' AND event_at >= ? AND event_at < ? "
            "AND equipment_reference IS NOT NULL"
        )
        parameters: list[Any] = [_text(start), _text(end)]
        if location is not None:
            sql += " AND location = ?"
            parameters.append(location)
        return [_clearance(row) for row in self._rows(sql, parameters)]

    def arrivals_before_release(
        self, containers: Sequence[str], bookings: Sequence[str], since: dt.datetime
    ) -> list[ClearanceEvent]:
        """Actual events since ``since`` that start a clearance (``Events.arrivals_before_release``)."""
        found: list[ClearanceEvent] = []
        for column, kinds, wanted in (
            ("equipment_reference", "'DISC', 'GTIN', 'CUSS', 'CUSI'", sorted(set(containers))),
            ("carrier_booking_reference", "'ARRI'", sorted(set(bookings))),
        ):
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                sql = (
                    f"{_CLEARANCE} AND event_at >= ? AND type_code IN ({kinds}) "
                    f"AND {column} IN ({', '.join('?' * len(chunk))})"
                )
                events = [_clearance(row) for row in self._rows(sql, [_text(since), *chunk])]
                if column == "carrier_booking_reference":  # its container is then unknown
                    events = [_without_container(event) for event in events]
                found += events
        return found

    def exceptions(self) -> list[RunException]:
        """The run exceptions in force (not lifted), by run start (``Disruptions.exceptions``)."""
        sql = (
            "SELECT id, service_id, kind, departure_id, run_start, delay_minutes, reason_en, "
            "reason_zh, reason_code, organisation_id FROM run_exceptions "
            "WHERE lifted_at IS NULL ORDER BY run_start, id"
        )
        return [
            RunException(
                id=row[0],
                service_id=row[1],
                kind=ExceptionKind(row[2]),
                departure_id=row[3],
                run_start=_moment(row[4]),
                delay=dt.timedelta(minutes=row[5]),
                reason=Reason(en=row[6], zh=row[7], code=row[8]),
                organisation_id=row[9],
            )
            for row in self._rows(sql)
        ]

    def closures(self) -> list[Closure]:
        """The closures in force (not lifted), by start (``Disruptions.closures``)."""
        sql = (
            "SELECT id, subject, code, starts_at, ends_at, reason_en, reason_zh, reason_code, "
            "organisation_id FROM closures WHERE lifted_at IS NULL ORDER BY starts_at, id"
        )
        return [
            Closure(
                id=row[0],
                subject=ClosureSubject(row[1]),
                code=row[2],
                starts=_moment(row[3]),
                ends=_moment(row[4]),
                reason=Reason(en=row[5], zh=row[6], code=row[7]),
                organisation_id=row[8],
            )
            for row in self._rows(sql)
        ]


def _clearance(row: tuple[Any, ...]) -> ClearanceEvent:
    return ClearanceEvent(location=row[0], container=row[1], booking=row[2], at=_moment(row[3]))


def _without_container(event: ClearanceEvent) -> ClearanceEvent:
    return ClearanceEvent(
        location=event.location, container=None, booking=event.booking, at=event.at
    )
