"""Clearance statistics: how long customs takes at each border crossing and port, measured from
the platform's own DCSA events, and fed back to the planner once there are enough of them.

A clearance is one container's visit to one place: it starts with the first actual event of the
visit — discharged (``DISC``), in at the gate (``GTIN``), selected for scan or inspection
(``CUSS``, ``CUSI``), or its booking's transport arriving (``ARRI``) — and ends with the customs
release (``CUSR``) there. A release with no such start (within 30 days, and after the
container's previous release at that place) is counted as unmatched, not guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from landsea.domain.network import LocalizedName, Location
from landsea.services.cache import CacheSpec
from landsea.services.clearance_measure import (
    PLANNER_WINDOW,
    ClearanceStat,
    measure,
    network_places,
    planner_clearance,
    quantile,
)

if TYPE_CHECKING:
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

CACHE_SECONDS = 300.0
MEASURED = CacheSpec[str, dict[str, float]]("measured clearance", ttl=CACHE_SECONDS)
"""The planner's clearance times (one entry); a customs release invalidates it."""


def _measure(
    platform: Platform, start: dt.datetime, end: dt.datetime, location: str | None
) -> list[ClearanceStat]:
    with platform.uow(read_only=True) as uow:
        return measure(uow.events, start, end, location)


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
    places = network_places(platform.network)
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
    network = platform.network
    stats = _measure(platform, end - PLANNER_WINDOW, end, None)
    result = planner_clearance(stats, network, platform.clearance_min_samples)
    return platform.caches(MEASURED).put("", result)
