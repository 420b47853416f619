"""Checks that a dataset's figures say honestly where they come from (pure; no I/O).

The dataset reader calls :func:`check_provenance` once every record is read. It checks what a
program can check of the rules in docs/dataset.md, "Sources and estimates":

- every bibliography entry has a title, a publisher, a date and a URL or an archive reference;
- a circuity factor quoted in an estimate or a note is one of the dataset's own factors (a rail
  tariff structure may be quoted for a river service, so the mode is not matched);
- the average speed over every leg whose distance and times are known lies in its mode's range
  (rail 20–120 km/h, sea 8–25 kn, road at most 70 km/h door to door with breaks), and so does
  the road speed that on-demand trucks are timed with.

:func:`coverage` measures the share of transit times, frequencies, capacities and tariffs that
cite a source, and :func:`dated_figures` lists the sourced figures of those four kinds whose source
is older than :data:`CURRENT_FROM` (a report, not a problem: a current figure may not exist).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from landsea.domain import Location, Mode, Service
from landsea.domain.provenance import Provenance, ProvenanceKind, Source
from landsea.domain.road import DrivingRules
from landsea.errors import Problem
from landsea.units import LocationCode, ServiceId


def _problem(file: str, record: str, field: str, message: str) -> Problem:
    return Problem(file=file, record=record, field=field, message=message)


CURRENT_FROM = 2023
"""Figures published in this year or later count as current."""

KNOT_KMH = 1.852
SPEED_RANGES_KMH: Mapping[Mode, tuple[float, float]] = {
    Mode.RAIL: (20.0, 120.0),
    Mode.SEA: (8 * KNOT_KMH, 25 * KNOT_KMH),
    Mode.ROAD: (0.0, 70.0),
}
"""Plausible average speed over one leg, departure to arrival (dwell at stops excluded)."""

SHORT_LEG_KM = 50.0
"""Below this, a leg is a border hop or a terminal move: only the upper speed limit applies."""

FIGURE_KINDS = ("transit time", "frequency", "capacity", "tariff")

_SOURCE_FIELDS = ("title", "publisher", "date")
_CIRCUITY = re.compile(
    r"circuity(?: factor)?(?: of)?(?: about| ~)? (\d+(?:\.\d+)?)"
    r"|great-circle(?: distance)?(?: [\d,.]+ km)? × (\d+\.\d+)",
    re.IGNORECASE,
)
_ARRIVAL = re.compile(r"stops\[(\d+)\]\.arrival_h")


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many figures of one kind a dataset has, and how many of them cite a source."""

    kind: str
    sourced: int
    total: int

    @property
    def share(self) -> float:
        return self.sourced / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class DatedFigure:
    """A transit time, frequency, capacity or tariff cited to a source older than
    :data:`CURRENT_FROM`."""

    service: str
    field: str
    source: str
    year: int


def check_provenance(
    documents: Iterable[tuple[str, dict[str, Any]]],
    locations: Mapping[LocationCode, Location],
    services: Mapping[ServiceId, Service],
    circuity: Mapping[Mode, float],
    driving_rules: DrivingRules | None,
    files: Mapping[str, str],
) -> list[Problem]:
    """Every provenance problem of a dataset whose records have been read.

    ``files`` names the file of each location code and service id, for the problems.
    """
    problems = list(_bibliography(documents))
    problems += _quoted_circuity(locations, services, circuity, files)
    problems += _leg_speeds(services, files)
    road_max = SPEED_RANGES_KMH[Mode.ROAD][1]
    if driving_rules is not None and driving_rules.average_speed_kmh > road_max:
        problems.append(
            _problem(
                "dataset.toml",
                "road",
                "average_speed_kmh",
                f"{driving_rules.average_speed_kmh:g} km/h is above the "
                f"{road_max:g} km/h a truck averages door to door with breaks",
            )
        )
    return problems


def _bibliography(documents: Iterable[tuple[str, dict[str, Any]]]) -> Iterable[Problem]:
    for file, document in documents:
        tables = document.get("source")
        if not isinstance(tables, dict):
            continue
        for key, table in tables.items():
            if not isinstance(table, dict):
                continue
            record = f"source {key}"
            for name in _SOURCE_FIELDS:
                if table.get(name) in (None, ""):
                    yield _problem(file, record, name, "missing: every source has one")
            if not table.get("url") and not table.get("archive"):
                yield _problem(
                    file, record, "url", "missing: every source has a url or an archive reference"
                )


def _texts(provenance: Provenance) -> Iterable[str]:
    if provenance.kind is ProvenanceKind.ESTIMATE:
        yield provenance.text
    if provenance.note:
        yield provenance.note


def _quoted_circuity(
    locations: Mapping[LocationCode, Location],
    services: Mapping[ServiceId, Service],
    circuity: Mapping[Mode, float],
    files: Mapping[str, str],
) -> Iterable[Problem]:
    records: list[tuple[str, str, Mapping[str, Provenance], set[float]]] = [
        (files.get(code, ""), f"location {code}", loc.provenance, set(circuity.values()))
        for code, loc in locations.items()
    ]
    records += [
        (files.get(sid, ""), f"service {sid}", service.provenance, set(circuity.values()))
        for sid, service in services.items()
    ]
    for file, record, provenance, allowed in records:
        for field, figure in provenance.items():
            for text in _texts(figure):
                for match in _CIRCUITY.finditer(text):
                    quoted = float(match.group(1) or match.group(2))
                    if allowed and all(abs(quoted - value) > 1e-9 for value in allowed):
                        expected = ", ".join(f"{value:g}" for value in sorted(allowed))
                        yield _problem(
                            file,
                            record,
                            field,
                            f"quotes circuity {quoted:g}, but the dataset uses {expected}",
                        )


def _leg_speeds(
    services: Mapping[ServiceId, Service], files: Mapping[str, str]
) -> Iterable[Problem]:
    for sid, service in services.items():
        limits = SPEED_RANGES_KMH.get(service.mode)
        if limits is None:
            continue
        low, high = limits
        for index, (before, after) in enumerate(itertools.pairwise(service.stops), start=1):
            if before.departure is None or after.arrival is None or not after.distance_km:
                continue
            hours = (after.arrival - before.departure).total_seconds() / 3600
            if hours <= 0:
                continue
            speed = after.distance_km / hours
            floor = low if after.distance_km >= SHORT_LEG_KM else 0.0
            if not floor <= speed <= high:
                yield _problem(
                    files.get(sid, ""),
                    f"service {sid}",
                    f"stops[{index}].arrival_h",
                    f"{after.distance_km:.0f} km from {before.location} in {hours:.1f} h is "
                    f"{_speed(speed, service.mode)}, outside {_speed(low, service.mode)}–"
                    f"{_speed(high, service.mode)} for {service.mode.value}",
                )


def _speed(kmh: float, mode: Mode) -> str:
    return f"{kmh / KNOT_KMH:.1f} kn" if mode is Mode.SEA else f"{kmh:.0f} km/h"


def _kind(field: str) -> str | None:
    match = _ARRIVAL.fullmatch(field)
    if match:
        return "transit time"
    if field == "schedule":
        return "frequency"
    if field in ("capacity_teu", "reefer_plugs"):
        return "capacity"
    if field.startswith("tariff."):
        return "tariff"
    return None


def coverage(services: Iterable[Service]) -> list[Coverage]:
    """The share of each kind of figure that cites a source, over all ``services``.

    Transit times are every stop's arrival offset (computed ones included, they are not sourced),
    frequencies each service's schedule, capacities its TEU and reefer capacity, tariffs its
    per-TEU and per-FEU prices. The last entry is all four kinds together.
    """
    sourced = dict.fromkeys(FIGURE_KINDS, 0)
    total = dict.fromkeys(FIGURE_KINDS, 0)
    for service in services:
        for field, provenance in service.provenance.items():
            kind = _kind(field)
            if kind is None:
                continue
            total[kind] += 1
            sourced[kind] += provenance.kind is ProvenanceKind.SOURCE
    rows = [Coverage(kind, sourced[kind], total[kind]) for kind in FIGURE_KINDS]
    rows.append(Coverage("all four", sum(sourced.values()), sum(total.values())))
    return rows


def dated_figures(services: Iterable[Service], sources: Mapping[str, Source]) -> list[DatedFigure]:
    """Transit times, frequencies, capacities and tariffs cited to a source published before
    :data:`CURRENT_FROM` (a report, not a problem: a current figure may not be published)."""
    dated = []
    for service in services:
        for field, provenance in service.provenance.items():
            source = sources.get(provenance.text)
            if _kind(field) is None or source is None:
                continue
            year = source.date.year if isinstance(source.date, dt.date) else source.year
            if year < CURRENT_FROM:
                dated.append(DatedFigure(str(service.id), field, source.key, year))
    return dated


def dated_transit_times(
    services: Iterable[Service], sources: Mapping[str, Source]
) -> list[DatedFigure]:
    """Transit times cited to a source published before :data:`CURRENT_FROM`."""
    return [
        figure
        for figure in dated_figures(services, sources)
        if _kind(figure.field) == "transit time"
    ]
