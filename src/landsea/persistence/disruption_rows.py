"""Tables of the disruption overlay: run exceptions, closures, the departures they take out of
service (with the capacity to give back when lifted) and the bookings they disrupt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from landsea.persistence.columns import JsonText, UtcDateTime
from landsea.persistence.tables import Base

__all__ = ["BookingDisruptionRow", "ClosureRow", "RunExceptionRow", "TakenDepartureRow"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class RunExceptionRow(Base):
    __tablename__ = "run_exceptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_id: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    departure_id: Mapped[str] = mapped_column(String(80), index=True)
    run_start: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    delay_minutes: Mapped[int] = mapped_column(Integer, default=0)
    reason_en: Mapped[str] = mapped_column(String(500))
    reason_zh: Mapped[str] = mapped_column(String(500))
    reason_code: Mapped[str | None] = mapped_column(String(3), default=None)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    lifted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)

    __table_args__ = (
        CheckConstraint("kind IN ('cancel', 'extra', 'delay')", name="ck_run_exception_kind"),
    )


class ClosureRow(Base):
    __tablename__ = "closures"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    subject: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(40), index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    reason_en: Mapped[str] = mapped_column(String(500))
    reason_zh: Mapped[str] = mapped_column(String(500))
    reason_code: Mapped[str | None] = mapped_column(String(3), default=None)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    lifted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)

    __table_args__ = (
        CheckConstraint("subject IN ('place', 'service')", name="ck_closure_subject"),
        CheckConstraint("ends_at > starts_at", name="ck_closure_period"),
    )


class TakenDepartureRow(Base):
    """A departure a cancellation or closure took out of service, and its capacity before."""

    __tablename__ = "taken_departures"

    cause_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    departure_id: Mapped[str] = mapped_column(ForeignKey("departures.id"), primary_key=True)
    previous_capacity_teu: Mapped[int] = mapped_column(Integer)


class BookingDisruptionRow(Base):
    __tablename__ = "booking_disruptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    cause_id: Mapped[str] = mapped_column(String(36), index=True)
    departure_id: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(8))
    reason_en: Mapped[str] = mapped_column(String(500))
    reason_zh: Mapped[str] = mapped_column(String(500))
    released_teu: Mapped[int] = mapped_column(Integer, default=0)
    released_plugs: Mapped[int] = mapped_column(Integer, default=0)
    reaccommodation: Mapped[dict[str, Any] | None] = mapped_column(JsonText, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
