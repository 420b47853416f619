"""Services, their weekly schedules, and the dated departures expanded from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum
from zoneinfo import ZoneInfo

from landsea.domain.money import Money
from landsea.domain.network import LocalizedName, Mode
from landsea.domain.provenance import Provenance
from landsea.units import DepartureId, LocationCode, ServiceId

__all__ = [
    "Call",
    "Departure",
    "OnDemand",
    "Product",
    "Schedule",
    "Service",
    "Stop",
    "Tariff",
    "Weekday",
    "WeeklySchedule",
    "departure_id",
]


class Product(StrEnum):
    """The corridor's transport products."""

    SEA_RAIL = "sea_rail"
    CHINA_LAOS_RAILWAY = "china_laos_railway"
    CHINA_VIETNAM_RAIL = "china_vietnam_rail"
    CROSS_BORDER_ROAD = "cross_border_road"
    CHINA_EUROPE_RAILWAY = "china_europe_railway"
    YANGTZE = "yangtze"
    OCEAN = "ocean"
    DRAYAGE = "drayage"
    DOMESTIC_RAIL = "domestic_rail"


class Weekday(IntEnum):
    """ISO weekday numbering minus one, as ``datetime.date.weekday()`` returns."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class WeeklySchedule:
    """Departures on fixed weekdays at fixed local times at the first stop."""

    days: frozenset[Weekday]
    times: tuple[dt.time, ...]
    every_weeks: int = 1
    anchor: dt.date | None = None
    """With ``every_weeks`` > 1: a date in a week that has departures (fortnightly, 4-weekly)."""

    @property
    def departures_per_week(self) -> float:
        return len(self.days) * len(self.times) / self.every_weeks

    def runs_in_week_of(self, day: dt.date) -> bool:
        """Whether the week (Monday to Sunday) containing ``day`` has departures."""
        if self.every_weeks == 1 or self.anchor is None:
            return True
        weeks = (_monday(day) - _monday(self.anchor)).days // 7
        return weeks % self.every_weeks == 0

    def describe(self) -> str:
        """``daily 18:00``, ``mon,wed,fri 09:00,21:00`` or ``every 2 weeks sat 10:00``.

        >>> WeeklySchedule(days=frozenset({Weekday.SAT}), times=(dt.time(10),), every_weeks=2,
        ...                anchor=dt.date(2026, 1, 3)).describe()
        'every 2 weeks sat 10:00'
        """
        days = (
            "daily"
            if len(self.days) == 7
            else ",".join(day.name.lower() for day in sorted(self.days))
        )
        every = f"every {self.every_weeks} weeks " if self.every_weeks > 1 else ""
        return f"{every}{days} {','.join(t.strftime('%H:%M') for t in self.times)}"


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True, kw_only=True)
class OnDemand:
    """Departs at any time it is asked to (road trucking)."""

    departures_per_week: float = 0.0

    def describe(self) -> str:
        return "on demand"


Schedule = WeeklySchedule | OnDemand


@dataclass(frozen=True, slots=True, kw_only=True)
class Stop:
    """A call of a service: where, and when relative to the departure from the first stop.

    ``arrival`` is ``None`` at the first stop and ``departure`` is ``None`` at the last;
    ``distance_km`` is the distance from the previous stop (``0`` at the first).
    """

    location: LocationCode
    arrival: dt.timedelta | None
    departure: dt.timedelta | None
    distance_km: float = 0.0

    @property
    def dwell(self) -> dt.timedelta:
        if self.arrival is None or self.departure is None:
            return dt.timedelta(0)
        return self.departure - self.arrival


@dataclass(frozen=True, slots=True, kw_only=True)
class Tariff:
    """The price of carrying one container over the whole run of a service."""

    per_teu: Money
    per_feu: Money


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Service:
    """A scheduled or on-demand transport product with ordered stops.

    ``provenance`` maps each figure's field (``capacity_teu``, ``stops[2].arrival_h`` …) to where it
    comes from.
    """

    id: ServiceId
    name: LocalizedName
    operator: str
    mode: Mode
    product: Product
    stops: tuple[Stop, ...]
    schedule: Schedule
    capacity_teu: int
    reefer_plugs: int
    dangerous_goods: bool
    tariff: Tariff
    cutoff_h: float | None = None
    """Hours before departure a container must be at the terminal; ``None``: the mode's default."""
    note: str = ""
    provenance: Mapping[str, Provenance] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Service) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("Service", self.id))

    def __repr__(self) -> str:
        return f"Service(id={self.id!r})"

    @property
    def origin(self) -> LocationCode:
        return self.stops[0].location

    @property
    def destination(self) -> LocationCode:
        return self.stops[-1].location

    @property
    def on_demand(self) -> bool:
        return isinstance(self.schedule, OnDemand)

    @property
    def transit_time(self) -> dt.timedelta:
        """From departure at the first stop to arrival at the last."""
        last = self.stops[-1].arrival
        return last if last is not None else dt.timedelta(0)

    @property
    def distance_km(self) -> float:
        return sum(stop.distance_km for stop in self.stops)

    def distance_between(self, board: int, alight: int) -> float:
        """Distance travelled from stop index ``board`` to stop index ``alight``."""
        return sum(stop.distance_km for stop in self.stops[board + 1 : alight + 1])

    def fare(
        self, board: int, alight: int, *, feu: bool = False, fixed_share: float = 0.0
    ) -> Money:
        """The tariff for one container from ``board`` to ``alight``.

        Tariffs are a charge per box plus a rate per box-km (the structure of the sources the
        tariffs come from): ``fixed_share`` of the run's tariff is charged for any ride, the
        rest in proportion to the distance ridden. The whole run costs the full tariff.
        """
        whole = self.tariff.per_feu if feu else self.tariff.per_teu
        total = self.distance_km
        if total <= 0 or (board == 0 and alight == len(self.stops) - 1):
            return whole
        share = Decimal(str(self.distance_between(board, alight))) / Decimal(str(total))
        fixed = Decimal(str(fixed_share))
        return (whole * (fixed + (1 - fixed) * share)).rounded()

    def departures(self, *, start: dt.date, days: int, timezone: str) -> list[Departure]:
        """Dated runs whose local departure date at the first stop is in ``[start, start+days)``.

        On-demand services have no dated runs and return an empty list.
        """
        if not isinstance(self.schedule, WeeklySchedule) or days <= 0:
            return []
        zone = ZoneInfo(timezone)
        runs: list[Departure] = []
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            if Weekday(day.weekday()) not in self.schedule.days:
                continue
            if not self.schedule.runs_in_week_of(day):
                continue
            for local_time in self.schedule.times:
                local = dt.datetime.combine(day, local_time, tzinfo=zone)
                runs.append(self._run(local))
        return runs

    def _run(self, local_departure: dt.datetime) -> Departure:
        start = local_departure.astimezone(dt.UTC)
        calls = tuple(
            Call(
                location=stop.location,
                arrival=None if stop.arrival is None else start + stop.arrival,
                departure=None if stop.departure is None else start + stop.departure,
            )
            for stop in self.stops
        )
        return Departure(
            id=departure_id(self.id, local_departure),
            service_id=self.id,
            departure=start,
            calls=calls,
            capacity_teu=self.capacity_teu,
            reefer_plugs=self.reefer_plugs,
        )


def departure_id(service_id: str, local_departure: dt.datetime) -> DepartureId:
    """``SR-CQ-QZH-20261207-1800``: the service id and the local date and time of departure.

    >>> departure_id("SR-CQ-QZH", dt.datetime(2026, 12, 7, 18, 0))
    'SR-CQ-QZH-20261207-1800'
    """
    return DepartureId(f"{service_id}-{local_departure:%Y%m%d-%H%M}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    """A departure's stop with absolute (UTC) times."""

    location: LocationCode
    arrival: dt.datetime | None
    departure: dt.datetime | None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Departure:
    """One dated run of a scheduled service: the unit whose capacity bookings consume."""

    id: DepartureId
    service_id: ServiceId
    departure: dt.datetime
    calls: tuple[Call, ...]
    capacity_teu: int
    reefer_plugs: int

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Departure) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("Departure", self.id))

    def __repr__(self) -> str:
        return f"Departure(id={self.id!r})"

    @property
    def arrival(self) -> dt.datetime:
        last = self.calls[-1].arrival
        assert last is not None  # the last call always has an arrival
        return last
