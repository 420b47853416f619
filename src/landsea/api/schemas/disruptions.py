"""Run exceptions, closures and how they hit a booking."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from landsea.api.schemas.common import Moment, StrictModel
from landsea.domain.disruption import BookingDisruption, Closure, Reason, RunException

__all__ = [
    "BookingDisruptionPublic",
    "ClosureCreate",
    "ClosurePublic",
    "ExceptionCreate",
    "ExceptionPublic",
    "ReasonPublic",
]


class _Because(StrictModel):
    reason_en: str = Field(min_length=1, max_length=500)
    reason_zh: str = Field(min_length=1, max_length=500)
    reason_code: str | None = Field(
        default=None, pattern=r"^[A-Z]{3}$", description="SMDG delay reason code, e.g. WEA"
    )

    def reason(self) -> Reason:
        return Reason(en=self.reason_en, zh=self.reason_zh, code=self.reason_code)


class ExceptionCreate(_Because):
    kind: Literal["cancel", "extra", "delay"]
    departure_id: str | None = Field(default=None, max_length=80)
    date: Moment | None = Field(default=None, description="The run's local date at its first stop")
    delay_hours: float | None = Field(default=None, gt=0, le=336)
    departure: Moment | None = Field(default=None, description="The extra run's departure")


class ClosureCreate(_Because):
    subject: Literal["place", "service"]
    code: str = Field(min_length=1, max_length=100, description="UN/LOCODE, name or service id")
    from_: Moment = Field(alias="from")
    to: Moment


class ReasonPublic(BaseModel):
    en: str
    zh: str
    code: str | None

    @classmethod
    def of(cls, reason: Reason) -> ReasonPublic:
        return cls(en=reason.en, zh=reason.zh, code=reason.code)


class ExceptionPublic(BaseModel):
    id: str
    service_id: str
    kind: str
    departure_id: str
    run_start: dt.datetime
    delay_hours: float
    reason: ReasonPublic

    @classmethod
    def of(cls, exception: RunException) -> ExceptionPublic:
        return cls(
            id=exception.id,
            service_id=exception.service_id,
            kind=exception.kind.value,
            departure_id=exception.departure_id,
            run_start=exception.run_start,
            delay_hours=exception.delay.total_seconds() / 3600,
            reason=ReasonPublic.of(exception.reason),
        )


class ClosurePublic(BaseModel):
    id: str
    subject: str
    code: str
    from_: dt.datetime = Field(serialization_alias="from")
    to: dt.datetime
    reason: ReasonPublic

    @classmethod
    def of(cls, closure: Closure) -> ClosurePublic:
        return cls(
            id=closure.id,
            subject=closure.subject.value,
            code=closure.code,
            from_=closure.starts,
            to=closure.ends,
            reason=ReasonPublic.of(closure.reason),
        )


class BookingDisruptionPublic(BaseModel):
    cause_id: str
    kind: str
    departure_id: str
    reason: ReasonPublic
    released_teu: int
    reaccommodation: dict[str, Any] | None
    at: dt.datetime

    @classmethod
    def of(cls, d: BookingDisruption) -> BookingDisruptionPublic:
        return cls(
            cause_id=d.cause_id,
            kind=d.kind,
            departure_id=d.departure_id,
            reason=ReasonPublic.of(d.reason),
            released_teu=d.released_teu,
            reaccommodation=d.reaccommodation,
            at=d.created_at,
        )
