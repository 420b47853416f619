"""A service's week of runs as its operator sees it: each dated run's local start at the first
stop, the capacity left on it, and the exception or closure in force on it (the Services page's
weekly grid)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from landsea.domain import access
from landsea.domain.access import Action
from landsea.domain.booking import Principal
from landsea.domain.disruption import ExceptionKind, Overlay, Reason, RunException, run_calls
from landsea.domain.timetable import Service
from landsea.errors import NotFound
from landsea.services.departures import departures_between
from landsea.services.platform import Platform
from landsea.units import ServiceId

__all__ = ["RunState", "WeekDay", "WeekRun", "operated_services", "owned_service", "week_of_runs"]


class RunState(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    DELAYED = "delayed"
    EXTRA = "extra"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True, kw_only=True)
class WeekRun:
    """One dated run: its id, local start (with offset), capacity and what is left, and what
    the disruptions in force make of it (with the reason and, for a delay, its hours)."""

    id: str
    departure: dt.datetime
    capacity_teu: int
    left_teu: int
    state: RunState
    delay_hours: float = 0.0
    reason: Reason | None = None
    exception_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WeekDay:
    day: dt.date
    runs: tuple[WeekRun, ...]


def operated_services(platform: Platform, principal: Principal) -> list[Service]:
    """The services the principal may publish, change and withdraw (its own; all for an
    admin), by name."""
    return sorted(
        (
            s
            for s in platform.network.services.values()
            if access.may_manage_departure(principal, s, Action.MANAGE_SERVICE)
        ),
        key=lambda s: (s.name.en, s.id),
    )


def owned_service(platform: Platform, principal: Principal, service_id: str) -> Service:
    """A service the principal operates; another's answers as if it did not exist."""
    service = platform.network.services.get(ServiceId(service_id))
    allowed = service is not None and access.may_manage_departure(
        principal, service, Action.MANAGE_SERVICE
    )
    if service is None or not allowed:
        raise NotFound(f"service {service_id!r} is not in the network")
    return service


def week_of_runs(
    platform: Platform, service: Service, monday: dt.date, overlay: Overlay
) -> list[WeekDay]:
    """The seven days from ``monday`` (local dates at the service's first stop), each with the
    stored runs starting that day."""
    zone = ZoneInfo(platform.network.locations[service.origin].timezone)
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=zone)
    runs = departures_between(
        platform, [service.id], start, start + dt.timedelta(days=7), limit=500
    )
    exceptions: dict[str, RunException] = {
        e.departure_id: e for e in overlay.exceptions if e.service_id == service.id
    }
    days: dict[dt.date, list[WeekRun]] = {monday + dt.timedelta(days=n): [] for n in range(7)}
    for run in runs:
        local = run.departure.astimezone(zone)
        exception = exceptions.get(run.id)
        state, reason = RunState.SCHEDULED, None
        if exception is not None:
            state, reason = _STATES[exception.kind], exception.reason
        elif (
            closure := overlay.closing(service.id, run_calls(service, run.departure))
        ) is not None:
            state, reason = RunState.CLOSED, closure.reason
        days.setdefault(local.date(), []).append(
            WeekRun(
                id=run.id,
                departure=local,
                capacity_teu=run.capacity_teu,
                left_teu=max(run.remaining_teu, 0),
                state=state,
                delay_hours=0.0 if exception is None else exception.delay.total_seconds() / 3600,
                reason=reason,
                exception_id=None if exception is None else exception.id,
            )
        )
    return [WeekDay(day=day, runs=tuple(found)) for day, found in sorted(days.items())]


_STATES = {
    ExceptionKind.CANCEL: RunState.CANCELLED,
    ExceptionKind.DELAY: RunState.DELAYED,
    ExceptionKind.EXTRA: RunState.EXTRA,
}
