"""Disruptions: exceptions to one run of a service, and closures of a place or a service.

An exception changes one dated run (``cancel`` it, ``delay`` it by some hours, or run an
``extra`` one); a closure takes a place or a service out of use over a period (a typhoon at
Qinzhou, the Spring Festival, a border closure at Youyiguan). They are an overlay on the
departures: the timetable stays as published, and the planner and the bookings read the overlay.

>>> import datetime as dt
>>> typhoon = Closure(id="c1", subject=ClosureSubject.PLACE, code="CNQZH",
...     starts=dt.datetime(2026, 7, 1, tzinfo=dt.UTC), ends=dt.datetime(2026, 7, 3, tzinfo=dt.UTC),
...     reason=Reason(en="Typhoon", zh="台风"), organisation_id="o1")
>>> typhoon.blocks_call("CNQZH", dt.datetime(2026, 7, 2, tzinfo=dt.UTC))
True
>>> typhoon.blocks_call("CNQZH", dt.datetime(2026, 7, 3, tzinfo=dt.UTC))
False
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from landsea.domain.timetable import Service
from landsea.errors import InvalidInput

__all__ = [
    "BookingDisruption",
    "Closure",
    "ClosureSubject",
    "ExceptionKind",
    "Overlay",
    "Reason",
    "RunException",
    "check_reason_code",
    "run_calls",
]

MAX_DELAY_HOURS = 24 * 14
"""The longest delay an exception may announce (two weeks); longer is a cancellation."""


class ExceptionKind(StrEnum):
    CANCEL = "cancel"
    EXTRA = "extra"
    DELAY = "delay"


class ClosureSubject(StrEnum):
    PLACE = "place"
    SERVICE = "service"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reason:
    """Why, in English and Chinese, and the SMDG delay reason code DCSA events carry (if given)."""

    en: str
    zh: str
    code: str | None = None


def check_reason_code(code: str | None) -> str | None:
    """An SMDG delay reason code is three capital letters (DCSA ``delayReasonCode``, e.g. ``WEA``)."""
    if code is not None and (len(code) != 3 or not code.isascii() or not code.isupper()):
        raise InvalidInput(f"reason_code must be three capital letters (SMDG), got {code!r}")
    return code


def run_calls(service: Service, start: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """The (place, time) of each call of the run of ``service`` starting at ``start``: its
    arrival there (its departure at the first stop)."""
    zero = dt.timedelta(0)
    return [
        (str(stop.location), start + (stop.arrival or stop.departure or zero))
        for stop in service.stops
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunException:
    """One run cancelled, delayed or added. ``run_start`` is the scheduled start (UTC) of the run
    cancelled or delayed, or the start of the extra run; ``departure_id`` is that run's id."""

    id: str
    service_id: str
    kind: ExceptionKind
    departure_id: str
    run_start: dt.datetime
    delay: dt.timedelta = dt.timedelta(0)
    reason: Reason
    organisation_id: str

    def __repr__(self) -> str:
        return f"RunException(id={self.id!r})"

    def __post_init__(self) -> None:
        hours = self.delay.total_seconds() / 3600
        if self.kind is ExceptionKind.DELAY and not 0 < hours <= MAX_DELAY_HOURS:
            raise InvalidInput(
                f"delay_hours must be above 0 and at most {MAX_DELAY_HOURS}, got {hours:g}"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Closure:
    """A place (UN/LOCODE) or a service out of use over ``[starts, ends)`` (UTC)."""

    id: str
    subject: ClosureSubject
    code: str
    starts: dt.datetime
    ends: dt.datetime
    reason: Reason
    organisation_id: str

    def __repr__(self) -> str:
        return f"Closure(id={self.id!r})"

    def __post_init__(self) -> None:
        if self.ends <= self.starts:
            raise InvalidInput(
                f"to {self.ends.isoformat()} must be after from {self.starts.isoformat()}"
            )

    def blocks_call(self, place: str, at: dt.datetime) -> bool:
        """Whether a call at ``place`` at ``at`` falls in this closure of that place."""
        return self.subject is ClosureSubject.PLACE and place == self.code and self.covers(at)

    def covers(self, at: dt.datetime) -> bool:
        return self.starts <= at < self.ends

    def overlaps(self, starts: dt.datetime, ends: dt.datetime) -> bool:
        """Whether this closure and the period ``[starts, ends)`` share a moment."""
        return self.starts < ends and starts < self.ends

    def blocks_run(self, service_id: str, calls: Sequence[tuple[str, dt.datetime]]) -> bool:
        """Whether a run of ``service_id`` calling at these (place, time) pairs is closed: its
        service is closed while it runs, or one of its calls is at a closed place."""
        if self.subject is ClosureSubject.SERVICE:
            return (
                service_id == self.code
                and bool(calls)
                and calls[0][1] < self.ends
                and calls[-1][1] >= self.starts
            )
        return any(self.blocks_call(place, at) for place, at in calls)


@dataclass(frozen=True, slots=True, kw_only=True)
class Overlay:
    """The exceptions and closures in force: what the planner and the bookings must respect."""

    exceptions: tuple[RunException, ...] = ()
    closures: tuple[Closure, ...] = ()

    @classmethod
    def of(cls, exceptions: Iterable[RunException], closures: Iterable[Closure]) -> Overlay:
        return cls(exceptions=tuple(exceptions), closures=tuple(closures))

    def _of_kind(self, kind: ExceptionKind) -> tuple[RunException, ...]:
        return tuple(e for e in self.exceptions if e.kind is kind)

    @property
    def cancelled(self) -> frozenset[str]:
        return frozenset(e.departure_id for e in self._of_kind(ExceptionKind.CANCEL))

    @property
    def delays(self) -> tuple[RunException, ...]:
        return self._of_kind(ExceptionKind.DELAY)

    @property
    def extras(self) -> tuple[RunException, ...]:
        return self._of_kind(ExceptionKind.EXTRA)

    def closing(self, service_id: str, calls: Sequence[tuple[str, dt.datetime]]) -> Closure | None:
        """The first closure that stops a run of ``service_id`` with these calls, if any."""
        return next((c for c in self.closures if c.blocks_run(service_id, calls)), None)

    def closed_places(self, starts: dt.datetime, ends: dt.datetime) -> frozenset[str]:
        """The places closed at some moment of ``[starts, ends)``."""
        return frozenset(
            c.code
            for c in self.closures
            if c.subject is ClosureSubject.PLACE and c.overlaps(starts, ends)
        )

    def __bool__(self) -> bool:
        return bool(self.exceptions or self.closures)


@dataclass(frozen=True, slots=True, kw_only=True)
class BookingDisruption:
    """A booking hit by a cancellation or closure: why, what capacity was given back, and the
    planner's best re-accommodation from where the cargo is (the plan JSON of its first option,
    ``None`` when the planner found none)."""

    booking_id: str
    cause_id: str
    departure_id: str
    kind: str
    reason: Reason
    released_teu: int
    released_plugs: int
    reaccommodation: dict[str, Any] | None
    created_at: dt.datetime
