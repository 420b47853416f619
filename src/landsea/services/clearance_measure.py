"""Customs clearances measured from the platform's own DCSA events: the statistics by place,
and the figures the planner takes over the dataset's (:mod:`landsea.services.analytics.clearance`
has the definitions and the report). Apart from the analytics package so that a one-shot plan
(``landsea plan``) loads this without the platform (docs/performance.md, start-up)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from landsea.domain.codes import parent_unlocode
from landsea.domain.network import Location, Network

if TYPE_CHECKING:
    from landsea.persistence.records import ClearanceEvent

__all__ = [
    "PLANNER_WINDOW",
    "VISIT",
    "ClearanceReads",
    "ClearanceStat",
    "measure",
    "network_places",
    "planner_clearance",
    "quantile",
]

VISIT = dt.timedelta(days=30)
"""The longest a clearance is taken to last: an earlier arrival belongs to another visit."""

PLANNER_WINDOW = dt.timedelta(days=90)
"""The trailing period whose clearances the planner uses."""


class ClearanceReads(Protocol):
    """The events a measurement reads (the events repository, or the one-shot plan's reads)."""

    def customs_releases(
        self, start: dt.datetime, end: dt.datetime, location: str | None = None
    ) -> list[ClearanceEvent]: ...

    def arrivals_before_release(
        self, containers: Sequence[str], bookings: Sequence[str], since: dt.datetime
    ) -> list[ClearanceEvent]: ...


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


def measure(
    events: ClearanceReads, start: dt.datetime, end: dt.datetime, location: str | None
) -> list[ClearanceStat]:
    """The clearances released in ``[start, end)`` (at ``location``, or everywhere) by place."""
    releases = events.customs_releases(start, end, location)
    starts = events.arrivals_before_release(
        [r.container for r in releases if r.container],
        [r.booking for r in releases if r.booking],
        start - VISIT,
    )
    # Earlier releases bound a visit: fetch those of the same containers too.
    earlier = events.customs_releases(start - VISIT, start, location) if releases else []
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


def network_places(network: Network) -> dict[str, list[Location]]:
    """Network locations by their UN/LOCODE (a facility such as CNCQI-TJC under CNCQI)."""
    places: dict[str, list[Location]] = defaultdict(list)
    for location in network.locations.values():
        places[parent_unlocode(str(location.code))].append(location)
    return places


def planner_clearance(
    stats: list[ClearanceStat], network: Network, min_samples: int
) -> dict[str, float]:
    """The measured p50 hours the planner uses, by network location code: of the customs points
    of ``network`` with at least ``min_samples`` clearances in ``stats``."""
    places = network_places(network)
    result: dict[str, float] = {}
    for stat in stats:
        if stat.samples < min_samples or stat.p50_hours is None:
            continue
        for place in places.get(stat.location, []):
            if place.customs is not None:
                result[str(place.code)] = stat.p50_hours
    return result
