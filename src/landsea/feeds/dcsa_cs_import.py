"""A carrier's DCSA CS vessel schedules (a ``vessel-schedules`` answer) as services of the
network, written in the dataset format (docs/dataset.md).

The reading is in two steps so that the live network (issue 12) can take the result without
TOML: :func:`read_vessel_schedules` checks the document against CS 1.0.3 and the network and
gives :class:`ImportedService` values; :func:`services_toml` writes them for a dataset folder.

- One service per distinct rotation (the sequence of places) of a ``ServiceSchedule``; its id is
  the ``carrierServiceCode`` (capitals, digits, hyphens), with ``-2``, ``-3`` … for further
  rotations.
- The weekly pattern is the weekdays and local times of the voyages' first departures; the stop
  offsets those of the first voyage. Planned times come first, then estimated, then actual.
- CS carries no capacity, reefer plugs, dangerous goods or tariff: these are
  :class:`ImportDefaults`, written as estimates that say so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from landsea.domain.network import Network
from landsea.feeds.dcsa_cs_schema import SchemaProblem, cs_problems, json_path

__all__ = ["ImportDefaults", "ImportedService", "read_vessel_schedules", "services_toml"]

_CLASSIFIERS = ("PLN", "EST", "ACT")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportDefaults:
    """What CS does not carry, given to every imported service."""

    capacity_teu: int = 350
    reefer_plugs: int = 35
    currency: str = "USD"
    per_teu: float = 480.0
    per_feu: float = 800.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedService:
    """A service read from vessel schedules: places by network key, offsets in hours."""

    id: str
    name: str
    days: tuple[str, ...]
    times: tuple[str, ...]
    stops: tuple[tuple[str, float | None, float | None], ...]
    """(place, arrival hours, departure hours) from the departure at the first stop."""
    voyages: int


def read_vessel_schedules(
    document: Any, network: Network
) -> tuple[list[ImportedService], list[SchemaProblem]]:
    """The services of a CS ``vessel-schedules`` document, or every problem in it (by root
    index, JSON path, value and reason): the schema's, then places the network lacks and calls
    without times."""
    problems = cs_problems(document, "ServiceSchedule")
    if not isinstance(document, list):
        return [], problems
    broken = {problem.index for problem in problems}
    services: list[ImportedService] = []
    for index, schedule in enumerate(document):
        if index in broken:  # the network is asked only about what the schema allows
            continue
        rotations: dict[
            tuple[str, ...], list[list[tuple[str, dt.datetime | None, dt.datetime | None]]]
        ] = {}
        for v, voyage in enumerate(schedule["vesselSchedules"]):
            calls = []
            for c, call in enumerate(voyage.get("transportCalls", [])):
                path: list[str | int] = ["vesselSchedules", v, "transportCalls", c]
                key = _place(network, call.get("location", {}), index, path, problems)
                arrival, departure = _times(call["timestamps"])
                if arrival is None and departure is None:
                    problems.append(
                        _problem(
                            index,
                            [*path, "timestamps"],
                            call["timestamps"],
                            "has no ARRI or DEPA time",
                        )
                    )
                calls.append((key or "", arrival, departure))
            if len(calls) < 2:
                problems.append(
                    _problem(
                        index,
                        ["vesselSchedules", v, "transportCalls"],
                        len(calls),
                        "a voyage needs at least two calls",
                    )
                )
                continue
            if calls[0][2] is None:
                problems.append(
                    _problem(
                        index,
                        ["vesselSchedules", v, "transportCalls", 0, "timestamps"],
                        None,
                        "the first call has no DEPA time",
                    )
                )
                continue
            rotations.setdefault(tuple(k for k, _, _ in calls), []).append(calls)
        code = re.sub(r"[^A-Z0-9]+", "-", schedule["carrierServiceCode"].upper()).strip("-")
        for n, voyages in enumerate(rotations.values(), start=1):
            services.append(_service(network, f"{code}-{n}" if n > 1 else code, schedule, voyages))
    problems.sort(key=lambda p: -1 if p.index is None else p.index)
    return ([], problems) if problems else (services, [])


def _problem(index: int, path: list[str | int], value: Any, reason: str) -> SchemaProblem:
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return SchemaProblem(
        index=index, path=json_path([index, *path]), value=shown[:80], reason=reason
    )


def _place(
    network: Network,
    location: dict[str, Any],
    index: int,
    path: list[str | int],
    problems: list[SchemaProblem],
) -> str | None:
    unlocode = location.get("UNLocationCode")
    if unlocode is None:
        problems.append(_problem(index, [*path, "location"], location, "names no UNLocationCode"))
        return None
    facility = location.get("facilitySMDGCode")
    key = f"{unlocode}-{facility}" if facility else unlocode
    if key not in network.locations and unlocode in network.locations:
        key = unlocode  # a terminal the network does not model: its port
    if key not in network.locations:
        problems.append(
            _problem(
                index,
                [*path, "location", "UNLocationCode"],
                unlocode,
                "is not a place of the network",
            )
        )
        return None
    return key


def _times(stamps: list[dict[str, str]]) -> tuple[dt.datetime | None, dt.datetime | None]:
    found: dict[str, dt.datetime] = {}
    for classifier in reversed(_CLASSIFIERS):  # planned overrides estimated overrides actual
        for stamp in stamps:
            if stamp["eventClassifierCode"] == classifier:
                found[stamp["eventTypeCode"]] = dt.datetime.fromisoformat(stamp["eventDateTime"])
    return found.get("ARRI"), found.get("DEPA")


def _service(
    network: Network,
    ident: str,
    schedule: dict[str, Any],
    voyages: list[list[tuple[str, dt.datetime | None, dt.datetime | None]]],
) -> ImportedService:
    first_place = voyages[0][0][0]
    zone = ZoneInfo(network.locations[first_place].timezone)  # type: ignore[index]
    starts = [voyage[0][2].astimezone(zone) for voyage in voyages if voyage[0][2] is not None]
    start = voyages[0][0][2]
    assert start is not None
    last = len(voyages[0]) - 1

    def hours(moment: dt.datetime | None) -> float | None:
        return None if moment is None else round((moment - start).total_seconds() / 3600, 2)

    stops = tuple(
        (
            key,
            None if n == 0 else hours(arrival or departure),
            None if n == last else hours(departure or arrival),
        )
        for n, (key, arrival, departure) in enumerate(voyages[0])
    )
    return ImportedService(
        id=ident,
        name=schedule["carrierServiceName"],
        days=tuple(sorted({_DAYS[s.weekday()] for s in starts}, key=_DAYS.index)),
        times=tuple(sorted({s.strftime("%H:%M") for s in starts})),
        stops=stops,
        voyages=len(voyages),
    )


def services_toml(
    services: list[ImportedService], *, origin: str, defaults: ImportDefaults | None = None
) -> str:
    """The ``[[service]]`` tables of ``services`` for a dataset's ``services/`` folder;
    ``origin`` (the file read) is named in every estimate."""
    d = defaults or ImportDefaults()
    q = json.dumps
    said = f"from DCSA vessel schedules {origin}"
    lines = [
        f"# Services imported {said} by `landsea network import-schedules` (docs/dcsa_cs.md).",
        "",
    ]
    for s in services:
        lines += [
            "[[service]]",
            f"id = {q(s.id)}",
            f"name = {{ en = {q(s.name)}, zh = {q(s.name)} }}",
            f"operator = {q('carrier of ' + s.name)}",
            'mode = "sea"',
            'product = "ocean"',
            f"capacity_teu = {{ value = {d.capacity_teu}, estimate = {q('not in DCSA Commercial Schedules: the default of the import')} }}",
            f"reefer_plugs = {{ value = {d.reefer_plugs}, estimate = {q('not in DCSA Commercial Schedules: the default of the import')} }}",
            "dangerous_goods = false",
            f"note = {q(f'{s.voyages} voyage(s) {said}')}",
            "",
            "[service.schedule]",
            f"days = [{', '.join(q(day) for day in s.days)}]",
            f"times = [{', '.join(q(t) for t in s.times)}]",
            f"estimate = {q('weekdays and local times of the voyages first departures ' + said)}",
            "",
            "[service.tariff]",
            f"currency = {q(d.currency)}",
            f"per_teu = {{ value = {d.per_teu:g}, estimate = {q('not in DCSA Commercial Schedules: the default of the import')} }}",
            f"per_feu = {{ value = {d.per_feu:g}, estimate = {q('not in DCSA Commercial Schedules: the default of the import')} }}",
            "",
        ]
        for n, (key, arrival, departure) in enumerate(s.stops):
            lines += ["[[service.stops]]", f"at = {q(key)}"]
            if n == 0:
                lines.append("departure_h = 0")
            else:
                lines.append(
                    f"arrival_h = {{ value = {arrival:g}, estimate = {q('the first voyage ' + said)} }}"
                )
                if departure is not None:
                    lines.append(
                        f"departure_h = {{ value = {departure:g}, estimate = {q('the first voyage ' + said)} }}"
                    )
            lines.append("")
    return "\n".join(lines)
