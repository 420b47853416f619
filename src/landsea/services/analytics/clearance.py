"""Clearance statistics: how long customs takes at each border crossing and port, measured from
the platform's own DCSA events, and fed back to the planner once there are enough of them.

A clearance is one container's visit to one place: it starts with the first actual event of the
visit — discharged (``DISC``), in at the gate (``GTIN``), selected for scan or inspection
(``CUSS``, ``CUSI``), or its booking's transport arriving (``ARRI``) — and ends with the customs
release (``CUSR``) there. A release with no such start (within 30 days, and after the
container's previous release at that place) is counted as unmatched, not guessed.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from landsea.domain.codes import parent_unlocode
from landsea.domain.network import LocalizedName, Location
from landsea.services.cache import CacheSpec
from landsea.services.platform import Platform

__all__ = [
    "ClearanceReport",
    "ClearanceRow",
    "ClearanceStat",
    "DatasetClearance",
    "clearance_stats",
    "measured_clearance",
    "quantile",
]

VISIT = dt.timedelta(days=30)
"""The longest a clearance is taken to last: an earlier arrival belongs to another visit."""

PLANNER_WINDOW = dt.timedelta(days=90)
"""The trailing period whose clearances the planner uses."""

CACHE_SECONDS = 300.0
MEASURED = CacheSpec[str, dict[str, float]]("measured clearance", ttl=CACHE_SECONDS)
"""The planner's clearance times (one entry); a customs release invalidates it."""


@dataclass(frozen=True, slots=True)
class ClearanceStat:
    location: str
    samples: int
    unmatched: int
    p50_hours: float | None
    p90_hours: float | None
    mean_hours: float | None


def quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile of sorted ``values``, linearly interpolated between order statistics
    (Hyndman & Fan's type 7, numpy's default)."""
    if not values:
        raise ValueError("no values")
    position = (len(values) - 1) * q
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _measure(
    platform: Platform, start: dt.datetime, end: dt.datetime, location: str | None
) -> list[ClearanceStat]:
    with platform.uow(read_only=True) as uow:
        releases = uow.events.customs_releases(start, end, location)
        starts = uow.events.arrivals_before_release(
            [r.container for r in releases if r.container],
            [r.booking for r in releases if r.booking],
            start - VISIT,
        )
        # Earlier releases bound a visit: fetch those of the same containers too.
        earlier = uow.events.customs_releases(start - VISIT, start, location) if releases else []
    by_container: dict[tuple[str, str], list[dt.datetime]] = defaultdict(list)
    by_booking: dict[tuple[str, str], list[dt.datetime]] = defaultdict(list)
    for event in starts:
        if event.container:
            by_container[event.location, event.container].append(event.at)
        elif event.booking:
            by_booking[event.location, event.booking].append(event.at)
    released: dict[tuple[str, str], list[dt.datetime]] = defaultdict(list)
    for event in earlier + releases:  # a release always names its container
        released[event.location, event.container or ""].append(event.at)
    for table in (by_container, by_booking, released):
        for moments in table.values():
            moments.sort()
    hours: dict[str, list[float]] = defaultdict(list)
    unmatched: dict[str, int] = defaultdict(int)
    for release in releases:
        where, container, booking, moment = (
            release.location,
            release.container or "",
            release.booking,
            release.at,
        )
        before = released[where, container]
        previous = before[bisect.bisect_left(before, moment) - 1] if before[0] < moment else None
        floor = max(moment - VISIT, previous) if previous else moment - VISIT
        candidates = [
            t
            for t in by_container.get((where, container), [])
            + (by_booking.get((where, booking), []) if booking else [])
            if floor < t <= moment
        ]
        if candidates:
            hours[where].append((moment - min(candidates)).total_seconds() / 3600)
        else:
            unmatched[where] += 1
    stats = []
    for where in sorted(set(hours) | set(unmatched)):
        values = sorted(hours.get(where, []))
        stats.append(
            ClearanceStat(
                location=where,
                samples=len(values),
                unmatched=unmatched.get(where, 0),
                p50_hours=round(quantile(values, 0.5), 2) if values else None,
                p90_hours=round(quantile(values, 0.9), 2) if values else None,
                mean_hours=round(sum(values) / len(values), 2) if values else None,
            )
        )
    return stats


def _network_places(platform: Platform) -> dict[str, list[Location]]:
    """Network locations by their UN/LOCODE (a facility such as CNCQI-TJC under CNCQI)."""
    places: dict[str, list[Location]] = defaultdict(list)
    for location in platform.network.locations.values():
        places[parent_unlocode(str(location.code))].append(location)
    return places


@dataclass(frozen=True, slots=True, kw_only=True)
class DatasetClearance:
    """The dataset's published clearance figures of a place."""

    typical_hours: float
    p90_hours: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearanceRow:
    """A place's measured clearances beside the dataset's figures."""

    location: str
    """The UN/LOCODE measured (a facility's events count under its place)."""
    name: LocalizedName | None
    kinds: tuple[str, ...]
    border: str | None
    samples: int
    unmatched: int
    p50_hours: float | None
    p90_hours: float | None
    mean_hours: float | None
    dataset: DatasetClearance | None
    used_by_planner: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearanceReport:
    start: dt.datetime
    end: dt.datetime
    min_samples: int
    """Clearances a place needs in the trailing 90 days before the planner uses its median."""
    locations: tuple[ClearanceRow, ...]


def _row(stat: ClearanceStat, known: list[Location], measured: dict[str, float]) -> ClearanceRow:
    customs = next((p for p in known if p.customs), None)
    place = customs or (known[0] if known else None)
    rule = None if customs is None else customs.customs
    return ClearanceRow(
        location=stat.location,
        name=None if place is None else place.name,
        kinds=() if place is None else tuple(sorted(k.value for k in place.kinds)),
        border=None if rule is None or not rule.border else "-".join(rule.border),
        samples=stat.samples,
        unmatched=stat.unmatched,
        p50_hours=stat.p50_hours,
        p90_hours=stat.p90_hours,
        mean_hours=stat.mean_hours,
        dataset=None
        if rule is None
        else DatasetClearance(typical_hours=rule.typical_hours, p90_hours=rule.p90_hours),
        used_by_planner=any(str(p.code) in measured for p in known),
    )


def clearance_stats(
    platform: Platform,
    *,
    start: dt.datetime,
    end: dt.datetime,
    location: str | None = None,
) -> ClearanceReport:
    """p50 and p90 clearance hours per place over ``[start, end)`` (by release time), beside the
    dataset's published figures, and whether the planner uses the measured ones; places with
    the most clearances first."""
    places = _network_places(platform)
    measured = measured_clearance(platform)
    rows = [
        _row(stat, places.get(stat.location, []), measured)
        for stat in _measure(platform, start, end, location)
    ]
    rows.sort(key=lambda r: (-r.samples, r.location))
    return ClearanceReport(
        start=start,
        end=end,
        min_samples=platform.clearance_min_samples,
        locations=tuple(rows),
    )


def measured_clearance(platform: Platform, *, fresh: bool = False) -> dict[str, float]:
    """Measured p50 clearance hours of the network's customs points that had at least
    ``platform.clearance_min_samples`` clearances in the trailing 90 days, by network location
    code: what the planner uses in place of the dataset's figures. Cached for five minutes."""
    cached = platform.caches(MEASURED).get("")
    if cached is not None and not fresh:
        return cached
    end = dt.datetime.now(dt.UTC)
    places = _network_places(platform)
    result: dict[str, float] = {}
    for stat in _measure(platform, end - PLANNER_WINDOW, end, None):
        if stat.samples < platform.clearance_min_samples or stat.p50_hours is None:
            continue
        for place in places.get(stat.location, []):
            if place.customs is not None:
                result[str(place.code)] = stat.p50_hours
    return platform.caches(MEASURED).put("", result)
