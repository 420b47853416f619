"""Services, their weekly schedules, and the dated departures expanded from them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum
from zoneinfo import ZoneInfo

from landsea.domain.money import Money
from landsea.domain.network import LocalizedName, Mode, Network
from landsea.domain.provenance import Provenance
from landsea.errors import InvalidInput
from landsea.units import DepartureId, LocationCode, ServiceId

__all__ = [
    "Call",
    "Departure",
    "LegRun",
    "LegTimes",
    "OnDemand",
    "Product",
    "Schedule",
    "Service",
    "Stop",
    "Tariff",
    "Weekday",
    "WeeklySchedule",
    "departure_id",
    "handling_time",
    "latest_arrival",
    "leg_times",
    "local_stamp",
    "parse_departure_id",
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
    until: dt.date | None = None
    """The last day with departures (a service its operator withdraws from the next day)."""

    @property
    def departures_per_week(self) -> float:
        return len(self.days) * len(self.times) / self.every_weeks

    def runs_in_week_of(self, day: dt.date) -> bool:
        """Whether the week (Monday to Sunday) containing ``day`` has departures."""
        if self.every_weeks == 1 or self.anchor is None:
            return True
        weeks = (_monday(day) - _monday(self.anchor)).days // 7
        return weeks % self.every_weeks == 0

    def runs_on(self, day: dt.date) -> bool:
        """Whether ``day`` (local at the first stop) has departures."""
        if self.until is not None and day > self.until:
            return False
        return Weekday(day.weekday()) in self.days and self.runs_in_week_of(day)

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
            if not self.schedule.runs_on(day):
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


def local_stamp(day: str, time: str) -> dt.datetime | None:
    """The naive time ``strptime(day + time, "%Y%m%d%H%M")`` reads, or ``None`` where it fails;
    twelve ASCII digits are read directly (the same answer: every field then has its two
    digits), without strptime's first use in a process (~10 ms, it compiles its patterns).

    >>> local_stamp("20261207", "1800"), local_stamp("20261131", "1200")
    (datetime.datetime(2026, 12, 7, 18, 0), None)
    """
    text = day + time
    if len(text) == 12 and text.isascii() and text.isdigit():
        try:
            return dt.datetime(
                int(text[:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]), int(text[10:])
            )
        except ValueError:
            return None
    try:
        return dt.datetime.strptime(text, "%Y%m%d%H%M")
    except ValueError:
        return None


_DEPARTURE_ID = re.compile(r"(?P<service>.+)-(?P<day>[0-9]{8})-(?P<time>[0-9]{4})")


def parse_departure_id(text: str) -> tuple[ServiceId, dt.datetime]:
    """The service id and the local (naive) date and time of departure of a departure id: the
    inverse of :func:`departure_id`, and the only place that takes one apart.

    Raises
    ------
    InvalidInput
        When ``text`` is not ``SERVICE-YYYYMMDD-HHMM`` with a date and time that exist.

    Examples
    --------
    >>> parse_departure_id("SR-CQ-QZH-20261207-1800")
    ('SR-CQ-QZH', datetime.datetime(2026, 12, 7, 18, 0))
    """
    match = _DEPARTURE_ID.fullmatch(text)
    if match is not None:
        local = local_stamp(match["day"], match["time"])
        if local is not None:
            return ServiceId(match["service"]), local
    raise InvalidInput(
        f"departure_id {text[:80]!r} is not SERVICE-YYYYMMDD-HHMM with a date and time that exist"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class LegRun:
    """A leg as booked: a ride on ``service`` from stop ``board`` to stop ``alight``, on the run
    that left the first stop at ``run_start`` (UTC; ``None`` on demand, or when the run is not
    known)."""

    service: Service
    board: int
    alight: int
    run_start: dt.datetime | None = None

    @property
    def ride(self) -> dt.timedelta:
        """From the departure at ``board`` to the arrival at ``alight``."""
        stops = self.service.stops
        return (stops[self.alight].arrival or dt.timedelta(0)) - (
            stops[self.board].departure or dt.timedelta(0)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LegTimes:
    """The planned departure and arrival of a leg (UTC), where they can be known."""

    departure: dt.datetime | None
    arrival: dt.datetime | None


def handling_time(network: Network, leg: LegRun) -> dt.timedelta:
    """The handling at the boarding place of ``leg`` before the cargo can leave on it."""
    location = network.locations.get(leg.service.stops[leg.board].location)
    return dt.timedelta(hours=location.handling.hours if location and location.handling else 0)


def latest_arrival(network: Network, leg: LegRun, departure: dt.datetime) -> dt.datetime:
    """The latest the cargo may reach the boarding place of ``leg`` to leave at ``departure``:
    the handling there and the leg's cut-off (none on demand) come first."""
    cutoff = 0.0 if leg.service.on_demand else network.cutoff_for(leg.service)
    return departure - dt.timedelta(hours=cutoff) - handling_time(network, leg)


def leg_times(
    network: Network, legs: Sequence[LegRun | None], *, start: dt.datetime | None = None
) -> list[LegTimes]:
    """The planned times of a booking's legs: the one rule used by timelines, statistics and
    bookings.

    - A scheduled leg departs when its run leaves its boarding stop and arrives when the run
      reaches its alighting stop.
    - An on-demand leg (a truck) after another leg leaves once the cargo is handled at its
      origin (the previous arrival plus the place's handling hours).
    - An on-demand leg before a scheduled one arrives just in time: the next leg's departure
      minus its cut-off and the handling at the place between them (as the planner times it).
    - When no leg is scheduled, the first leaves at ``start`` (if given).

    Customs clearance is not counted. A leg given as ``None`` (its service is unknown) or a
    scheduled leg whose run is unknown has no times, and neither has an on-demand leg whose
    neighbours' times are unknown.

    Parameters
    ----------
    network
        The network whose places give handling hours and whose services give cut-offs.
    legs
        The legs in order.
    start
        When the cargo is ready, for a journey of on-demand legs only.
    """
    departs: list[dt.datetime | None] = [None] * len(legs)
    arrives: list[dt.datetime | None] = [None] * len(legs)
    trucks: list[tuple[int, LegRun]] = []
    for n, leg in enumerate(legs):
        if leg is None:
            continue
        if leg.service.on_demand:
            trucks.append((n, leg))
        elif leg.run_start is not None:
            stops = leg.service.stops
            departs[n] = leg.run_start + (stops[leg.board].departure or dt.timedelta(0))
            arrives[n] = leg.run_start + (stops[leg.alight].arrival or dt.timedelta(0))
    if trucks and len(trucks) == sum(leg is not None for leg in legs):
        departs[trucks[0][0]] = start
    for n, leg in trucks:  # forward: a truck leaves once the cargo is handled where it starts
        before = arrives[n - 1] if n > 0 else None
        if departs[n] is None and before is not None:
            departs[n] = before + handling_time(network, leg)
        leaves = departs[n]
        if leaves is not None:
            arrives[n] = leaves + leg.ride
    for n, leg in reversed(trucks):  # backward: a leading truck arrives just in time
        after = legs[n + 1] if n + 1 < len(legs) else None
        following = departs[n + 1] if n + 1 < len(legs) else None
        if arrives[n] is None and after is not None and following is not None:
            arrival = latest_arrival(network, after, following)
            departs[n], arrives[n] = arrival - leg.ride, arrival
    return [LegTimes(departure=d, arrival=a) for d, a in zip(departs, arrives, strict=True)]


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
