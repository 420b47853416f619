"""An operator's week: the departures of its services from Monday to Sunday, one row a service
and one column a day (the day the run leaves, in the local time of its first stop), each run
with its utilisation and a flag, the services sorted by their week's utilisation.

A run is **under-filled** below :data:`UNDER_FILLED` of its capacity (it may be worth
consolidating cargo onto it, or cancelling it), **over-booked** from :data:`OVER_BOOKED` of its
capacity (the store never lets bookings pass a run's capacity, so this is the run with no room
left for late cargo, where demand outruns supply), and **without capacity** when it carries
nothing (a cancelled run).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.network import LocalizedName
from landsea.errors import InvalidInput
from landsea.services import departures
from landsea.services.platform import Platform

__all__ = [
    "OVER_BOOKED",
    "UNDER_FILLED",
    "Flag",
    "RunDay",
    "ServiceWeek",
    "Week",
    "monday_of",
    "operator_week",
]

UNDER_FILLED = 0.5
"""A run booked below this share of its capacity is flagged under-filled."""

OVER_BOOKED = 0.95
"""A run booked to this share of its capacity or more is flagged over-booked."""

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


class Flag(StrEnum):
    OK = "ok"
    UNDER_FILLED = "under_filled"
    OVER_BOOKED = "over_booked"
    NO_CAPACITY = "no_capacity"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunDay:
    """One run of the week: ``local`` is its departure in its first stop's time zone."""

    id: str
    local: dt.datetime
    booked_teu: int
    capacity_teu: int

    @property
    def utilisation(self) -> float | None:
        return self.booked_teu / self.capacity_teu if self.capacity_teu else None

    @property
    def flag(self) -> Flag:
        if self.capacity_teu == 0:
            return Flag.NO_CAPACITY
        if self.booked_teu >= OVER_BOOKED * self.capacity_teu:
            return Flag.OVER_BOOKED
        return Flag.UNDER_FILLED if self.booked_teu < UNDER_FILLED * self.capacity_teu else Flag.OK


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceWeek:
    """A service's runs of the week, by day (Monday first: seven lists)."""

    service_id: str
    name: LocalizedName
    mode: str
    days: tuple[tuple[RunDay, ...], ...]

    @property
    def runs(self) -> tuple[RunDay, ...]:
        return tuple(run for day in self.days for run in day)

    @property
    def booked_teu(self) -> int:
        return sum(run.booked_teu for run in self.runs)

    @property
    def capacity_teu(self) -> int:
        return sum(run.capacity_teu for run in self.runs)

    @property
    def utilisation(self) -> float:
        return self.booked_teu / self.capacity_teu if self.capacity_teu else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Week:
    """The week starting ``monday``: its services (most utilised first, or least with
    ``ascending``) and its totals."""

    monday: dt.date
    services: tuple[ServiceWeek, ...]

    @property
    def days(self) -> tuple[dt.date, ...]:
        return tuple(self.monday + dt.timedelta(days=n) for n in range(7))

    @property
    def iso(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def runs(self) -> tuple[RunDay, ...]:
        return tuple(run for service in self.services for run in service.runs)

    @property
    def booked_teu(self) -> int:
        return sum(service.booked_teu for service in self.services)

    @property
    def capacity_teu(self) -> int:
        return sum(service.capacity_teu for service in self.services)

    @property
    def utilisation(self) -> float:
        return self.booked_teu / self.capacity_teu if self.capacity_teu else 0.0

    def flagged(self, flag: Flag) -> int:
        return sum(1 for run in self.runs if run.flag is flag)


def monday_of(week: str | None, today: dt.date) -> dt.date:
    """The Monday of an ISO week (``2026-W49``), of the date given (``2026-12-02``), or of
    ``today`` when ``week`` is empty; :class:`InvalidInput` naming the value otherwise.

    >>> monday_of("2026-W49", dt.date(2026, 1, 1)), monday_of("", dt.date(2026, 12, 3))
    (datetime.date(2026, 11, 30), datetime.date(2026, 11, 30))
    """
    if not week:
        return today - dt.timedelta(days=today.weekday())
    found = _WEEK.fullmatch(week.strip())
    try:
        if found:
            return dt.date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
        day = dt.date.fromisoformat(week.strip())
    except ValueError:
        raise InvalidInput(f"week {week!r} is not a week such as 2026-W49") from None
    return day - dt.timedelta(days=day.weekday())


def operator_week(
    platform: Platform, principal: Principal, monday: dt.date, *, ascending: bool = False
) -> Week:
    """The runs of the week starting ``monday`` of the scheduled services ``principal`` manages."""
    network = platform.network
    services = [
        s for s in network.services.values()
        if not s.on_demand and access.may_manage_departure(principal, s)
    ]  # fmt: skip
    # A day's runs leave between UTC-12 and UTC+14 of its local midnight: ask for a wider span.
    start = dt.datetime.combine(monday, dt.time(), dt.UTC) - dt.timedelta(hours=14)
    end = start + dt.timedelta(days=7, hours=28)
    found = departures.departures_between(
        platform, [s.id for s in services], start, end, limit=20_000
    )
    by_service: dict[str, list[list[RunDay]]] = {s.id: [[] for _ in range(7)] for s in services}
    for run in found:
        service = network.services[run.service_id]  # type: ignore[index]
        local = run.departure.astimezone(ZoneInfo(network.locations[service.origin].timezone))
        day = (local.date() - monday).days
        if 0 <= day < 7:
            by_service[run.service_id][day].append(
                RunDay(
                    id=run.id, local=local, booked_teu=run.booked_teu, capacity_teu=run.capacity_teu
                )
            )
    weeks = [
        ServiceWeek(
            service_id=s.id,
            name=s.name,
            mode=s.mode.value,
            days=tuple(tuple(day) for day in by_service[s.id]),
        )
        for s in services
        if any(by_service[s.id])
    ]
    weeks.sort(key=lambda w: (w.utilisation if ascending else -w.utilisation, w.service_id))
    return Week(monday=monday, services=tuple(weeks))
