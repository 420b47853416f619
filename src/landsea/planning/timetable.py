"""The network compiled for searching: integer indices, minute offsets and sorted trip starts.

This is the planner's whole view of the data (OpenTripPlanner's Raptor "transit data provider"):
places and routes by index, each route's stops with minute offsets from its start, and the start
times of its dated runs within a horizon, sorted so that the next feasible run is one bisection
away. Times are whole minutes since the Unix epoch (UTC).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from landsea.domain.network import Location, Mode, Network
from landsea.domain.timetable import Service, WeeklySchedule, departure_id, local_stamp

__all__ = ["Route", "Timetable", "compile_timetable", "from_minutes", "to_minutes"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def to_minutes(moment: dt.datetime) -> int:
    """Whole minutes since the Unix epoch (UTC) of an aware datetime (seconds are dropped)."""
    return int((moment - _EPOCH).total_seconds() // 60)


def from_minutes(minutes: int) -> dt.datetime:
    """The aware UTC datetime of ``minutes`` since the Unix epoch."""
    return _EPOCH + dt.timedelta(minutes=minutes)


@dataclass(slots=True, eq=False)
class Route:
    """One service, compiled: its stops, minute offsets and the starts of its runs."""

    index: int
    service: Service
    mode: Mode
    stops: list[int]
    arr: list[int]
    """Minutes from the run's start to the arrival at each stop (0 at the first)."""
    dep: list[int]
    """Minutes from the run's start to the departure from each stop (= arrival at the last)."""
    on_demand: bool
    starts: list[int]
    """Start (departure from the first stop) of every run in the horizon, sorted; empty if on demand."""
    cutoff: int
    next_border: list[int]
    """For each stop, the index of the next border-crossing stop after it (``len(stops)`` if none)."""
    leaves: list[bool]
    """For each stop, whether riding on from it can reach another country before a border stop."""
    timezone: str
    moved: dict[int, str] = field(default_factory=dict)
    """The ids of runs whose start a delay moved, by their start (minutes) after the move."""

    def departure_id(self, trip: int) -> str:
        """The id of run ``trip`` (local date and time of departure at the first stop)."""
        local = from_minutes(self.starts[trip]).astimezone(ZoneInfo(self.timezone))
        return self.moved.get(self.starts[trip]) or departure_id(self.service.id, local)


@dataclass(slots=True, eq=False)
class Timetable:
    """Places and routes of a network over the horizon ``[start, end)`` (minutes)."""

    network: Network
    start: int
    end: int
    places: list[Location]
    place_index: dict[str, int]
    country: list[str]
    border: list[bool]
    routes: list[Route]
    routes_at: list[list[tuple[int, int]]]
    """For each place, the (route, stop position) pairs where a route can be boarded."""
    route_index: dict[str, int] = field(default_factory=dict)
    weights_cache: dict[object, object] = field(default_factory=dict)

    def covers(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end

    def trip_of(self, departure: str) -> tuple[int, int] | None:
        """(route, trip) of a departure id such as ``SR-CQ-QZH-20261207-0900``, if in the horizon."""
        service_id, _, stamp = departure.rpartition("-")
        service_id, _, day = service_id.rpartition("-")
        r = self.route_index.get(service_id)
        if r is None or len(day) != 8 or len(stamp) != 4:
            return None
        route = self.routes[r]
        naive = local_stamp(day, stamp)
        if naive is None:
            return None
        local = naive.replace(tzinfo=ZoneInfo(route.timezone))
        minute = to_minutes(local.astimezone(dt.UTC))
        k = bisect_left(route.starts, minute)
        if k < len(route.starts) and route.starts[k] == minute:
            return r, k
        return None


def compile_timetable(network: Network, start: dt.datetime, end: dt.datetime) -> Timetable:
    """Compile ``network`` for searches whose runs start in ``[start, end)``."""
    places = [network.locations[code] for code in sorted(network.locations)]
    place_index = {str(loc.code): i for i, loc in enumerate(places)}
    border = [loc.is_border_crossing for loc in places]
    lo, hi = to_minutes(start), to_minutes(end)
    offsets: dict[tuple[str, dt.date], int] = {}
    routes: list[Route] = []
    routes_at: list[list[tuple[int, int]]] = [[] for _ in places]
    for service in sorted(network.services.values(), key=lambda s: s.id):
        r = len(routes)
        stops = [place_index[stop.location] for stop in service.stops]
        arr = [_minutes(stop.arrival) for stop in service.stops]
        dep = [_minutes(stop.departure) for stop in service.stops]
        arr[0] = 0
        dep[-1] = arr[-1]
        next_border = [len(stops)] * len(stops)
        upcoming = len(stops)
        for i in range(len(stops) - 1, -1, -1):
            next_border[i] = upcoming
            if border[stops[i]]:
                upcoming = i
        country = [places[p].country for p in stops]
        leaves = [
            any(country[k] != country[i] for k in range(i + 1, min(next_border[i] + 1, len(stops))))
            for i in range(len(stops))
        ]
        timezone = network.locations[service.origin].timezone
        route = Route(
            index=r,
            service=service,
            mode=service.mode,
            stops=stops,
            arr=arr,
            dep=dep,
            on_demand=service.on_demand,
            starts=_starts(service, timezone, lo, hi, offsets),
            cutoff=round(network.cutoff_for(service) * 60),
            next_border=next_border,
            leaves=leaves,
            timezone=timezone,
        )
        routes.append(route)
        for i, p in enumerate(stops[:-1]):
            routes_at[p].append((r, i))
    return Timetable(
        network=network,
        start=lo,
        end=hi,
        places=places,
        place_index=place_index,
        country=[loc.country for loc in places],
        border=border,
        routes=routes,
        routes_at=routes_at,
        route_index={route.service.id: route.index for route in routes},
    )


def _minutes(delta: dt.timedelta | None) -> int:
    return 0 if delta is None else round(delta.total_seconds() / 60)


def _starts(
    service: Service, timezone: str, lo: int, hi: int, offsets: dict[tuple[str, dt.date], int]
) -> list[int]:
    schedule = service.schedule
    if not isinstance(schedule, WeeklySchedule):
        return []
    zone = ZoneInfo(timezone)
    first = from_minutes(lo).astimezone(zone).date() - dt.timedelta(days=1)
    last = from_minutes(hi).astimezone(zone).date() + dt.timedelta(days=1)
    starts: list[int] = []
    day = first
    while day <= last:
        if schedule.runs_on(day):
            # One UTC offset per local day, read at noon: zones change offset at night.
            key = (timezone, day)
            offset = offsets.get(key)
            if offset is None:
                noon = dt.datetime.combine(day, dt.time(12), tzinfo=zone)
                offset = offsets[key] = round(noon.utcoffset().total_seconds() / 60)  # type: ignore[union-attr]
            base = to_minutes(dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)) - offset
            for local in schedule.times:
                minute = base + local.hour * 60 + local.minute
                if lo <= minute < hi:
                    starts.append(minute)
        day += dt.timedelta(days=1)
    starts.sort()
    return starts
