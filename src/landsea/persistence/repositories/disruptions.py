"""Run exceptions and closures in force, the departures they took out, the bookings they hit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from landsea.domain.disruption import (
    BookingDisruption,
    Closure,
    ClosureSubject,
    ExceptionKind,
    Reason,
    RunException,
)
from landsea.persistence.disruption_rows import (
    BookingDisruptionRow,
    ClosureRow,
    RunExceptionRow,
    TakenDepartureRow,
)
from landsea.persistence.tables import BookingLegRow, BookingRow

__all__ = ["Disruptions"]


class Disruptions:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- exceptions and closures ------------------------------------------------------------------

    def add_exception(self, exception: RunException) -> None:
        self.session.add(
            RunExceptionRow(
                id=exception.id,
                service_id=exception.service_id,
                kind=exception.kind.value,
                departure_id=exception.departure_id,
                run_start=exception.run_start,
                delay_minutes=round(exception.delay.total_seconds() / 60),
                **_reason_columns(exception.reason),
                organisation_id=exception.organisation_id,
            )
        )
        self.session.flush()

    def add_closure(self, closure: Closure) -> None:
        self.session.add(
            ClosureRow(
                id=closure.id,
                subject=closure.subject.value,
                code=closure.code,
                starts_at=closure.starts,
                ends_at=closure.ends,
                **_reason_columns(closure.reason),
                organisation_id=closure.organisation_id,
            )
        )
        self.session.flush()

    def exceptions(self, service_id: str | None = None) -> list[RunException]:
        """The exceptions in force (not lifted), of one service or all, by run start."""
        query = select(RunExceptionRow).where(RunExceptionRow.lifted_at.is_(None))
        if service_id is not None:
            query = query.where(RunExceptionRow.service_id == service_id)
        rows = self.session.scalars(query.order_by(RunExceptionRow.run_start, RunExceptionRow.id))
        return [_exception(row) for row in rows]

    def closures(self) -> list[Closure]:
        """The closures in force (not lifted), by start."""
        query = select(ClosureRow).where(ClosureRow.lifted_at.is_(None))
        rows = self.session.scalars(query.order_by(ClosureRow.starts_at, ClosureRow.id))
        return [_closure(row) for row in rows]

    def get_exception(self, exception_id: str) -> RunException | None:
        row = self.session.get(RunExceptionRow, exception_id)
        return None if row is None or row.lifted_at is not None else _exception(row)

    def get_closure(self, closure_id: str) -> Closure | None:
        row = self.session.get(ClosureRow, closure_id)
        return None if row is None or row.lifted_at is not None else _closure(row)

    def lift(self, cause_id: str, at: dt.datetime) -> None:
        for table in (RunExceptionRow, ClosureRow):
            self.session.execute(update(table).where(table.id == cause_id).values(lifted_at=at))

    # -- departures taken out of service ----------------------------------------------------------

    def take(self, cause_id: str, departure_id: str, previous_capacity_teu: int) -> None:
        self.session.add(
            TakenDepartureRow(
                cause_id=cause_id,
                departure_id=departure_id,
                previous_capacity_teu=previous_capacity_teu,
            )
        )
        self.session.flush()

    def taken_by(self, cause_id: str) -> dict[str, int]:
        """The departures ``cause_id`` took out, with their capacity before."""
        rows = self.session.scalars(
            select(TakenDepartureRow).where(TakenDepartureRow.cause_id == cause_id)
        )
        return {row.departure_id: row.previous_capacity_teu for row in rows}

    def still_taken(self, departure_ids: Sequence[str], lifted: str) -> set[str]:
        """Which of these departures another cause in force (not ``lifted``) keeps out."""
        if not departure_ids:
            return set()
        rows = self.session.execute(
            select(TakenDepartureRow.departure_id, TakenDepartureRow.cause_id).where(
                TakenDepartureRow.departure_id.in_(departure_ids),
                TakenDepartureRow.cause_id != lifted,
            )
        )
        live = {e.id for e in self.exceptions()} | {c.id for c in self.closures()}
        return {departure for departure, cause in rows if cause in live}

    # -- bookings ---------------------------------------------------------------------------------

    def bookings_on(self, departure_id: str) -> list[str]:
        """The bookings in force (requested or confirmed) with a leg on ``departure_id``."""
        query = (
            select(BookingRow.id)
            .join(BookingLegRow, BookingLegRow.booking_id == BookingRow.id)
            .where(
                BookingLegRow.departure_id == departure_id,
                BookingRow.status.in_(("requested", "confirmed")),
            )
            .order_by(BookingRow.id)
        )
        return list(dict.fromkeys(self.session.scalars(query)))

    def mark(self, disruption: BookingDisruption) -> None:
        self.session.add(
            BookingDisruptionRow(
                booking_id=disruption.booking_id,
                cause_id=disruption.cause_id,
                departure_id=disruption.departure_id,
                kind=disruption.kind,
                reason_en=disruption.reason.en,
                reason_zh=disruption.reason.zh,
                released_teu=disruption.released_teu,
                released_plugs=disruption.released_plugs,
                reaccommodation=disruption.reaccommodation,
                created_at=disruption.created_at,
            )
        )
        self.session.flush()

    def of_booking(self, booking_id: str) -> list[BookingDisruption]:
        rows = self.session.scalars(
            select(BookingDisruptionRow)
            .where(BookingDisruptionRow.booking_id == booking_id)
            .order_by(BookingDisruptionRow.id)
        )
        return [_disruption(row) for row in rows]

    def released(self, booking_id: str) -> dict[str, tuple[int, int]]:
        """TEU and plugs a disruption already gave back, by departure (not to release twice)."""
        return {
            d.departure_id: (d.released_teu, d.released_plugs)
            for d in self.of_booking(booking_id)
            if d.released_teu or d.released_plugs
        }


# -- mapping --------------------------------------------------------------------------------------


def _reason_columns(reason: Reason) -> dict[str, Any]:
    return {"reason_en": reason.en, "reason_zh": reason.zh, "reason_code": reason.code}


def _exception(row: RunExceptionRow) -> RunException:
    return RunException(
        id=row.id,
        service_id=row.service_id,
        kind=ExceptionKind(row.kind),
        departure_id=row.departure_id,
        run_start=row.run_start,
        delay=dt.timedelta(minutes=row.delay_minutes),
        reason=Reason(en=row.reason_en, zh=row.reason_zh, code=row.reason_code),
        organisation_id=row.organisation_id,
    )


def _closure(row: ClosureRow) -> Closure:
    return Closure(
        id=row.id,
        subject=ClosureSubject(row.subject),
        code=row.code,
        starts=row.starts_at,
        ends=row.ends_at,
        reason=Reason(en=row.reason_en, zh=row.reason_zh, code=row.reason_code),
        organisation_id=row.organisation_id,
    )


def _disruption(row: BookingDisruptionRow) -> BookingDisruption:
    return BookingDisruption(
        booking_id=row.booking_id,
        cause_id=row.cause_id,
        departure_id=row.departure_id,
        kind=row.kind,
        reason=Reason(en=row.reason_en, zh=row.reason_zh),
        released_teu=row.released_teu,
        released_plugs=row.released_plugs,
        reaccommodation=row.reaccommodation,
        created_at=row.created_at,
    )
