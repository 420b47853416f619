"""Scenarios of the corridor's digital twin: a baseline and the changes each scenario makes.

A scenario file (TOML) has a ``[baseline]`` table and any number of ``[[scenario]]`` tables;
each scenario is the baseline with its own ``policy`` or ``demand_scale`` and its ``changes``::

    [baseline]
    name = "baseline"
    start = 2026-10-01
    days = 91
    policy = "shipper"          # shipper | greedy | optimal
    demand = "ilstc"            # ilstc (published volumes) | bookings | ilstc+bookings

    [[scenario]]
    name = "Pingxiang closed 3 days"
    [[scenario.changes]]
    kind = "close_place"        # close_place | close_service | capacity | surge | add_service
    target = "CNPIN"
    start_day = 20
    days = 3

Every problem names the field and the value (``scenario[1].changes[0].kind``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from landsea.domain.cargo import CargoType
from landsea.domain.timetable import Weekday
from landsea.errors import InvalidInput

__all__ = [
    "DEMANDS",
    "Change",
    "ChangeKind",
    "Lane",
    "Policy",
    "Scenario",
    "ScenarioSet",
    "parse_scenarios",
]

MAX_DAYS = 366
DEMANDS = ("ilstc", "bookings", "ilstc+bookings")
"""Where a scenario's cargo comes from: the corridor's published volumes, the platform's own
bookings (lanes filled in by ``landsea.services.booking_demand``), or both."""


class Policy(StrEnum):
    """How cargo is put on departures."""

    SHIPPER = "shipper"
    """Each consignment on the option its shipper prefers (cost plus time) with room."""
    GREEDY = "greedy"
    """Once a day, requests in ready-time order, each on its cheapest itinerary with room."""
    OPTIMAL = "optimal"
    """Once a day, the least-cost consolidation of the day's requests (HiGHS)."""


class ChangeKind(StrEnum):
    CLOSE_PLACE = "close_place"
    CLOSE_SERVICE = "close_service"
    CAPACITY = "capacity"
    SURGE = "surge"
    ADD_SERVICE = "add_service"


@dataclass(frozen=True, slots=True, kw_only=True)
class Lane:
    """Demand between two places: ``teu_per_year`` in consignments of ``shipment_teu``."""

    origin: str
    destination: str
    teu_per_year: float
    cargo_type: CargoType = CargoType.GENERAL
    shipment_teu: int = 2
    due_days: float = 10.0
    penalty_per_day: float = 300.0
    source: str = ""

    @property
    def key(self) -> str:
        return f"{self.origin}-{self.destination}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One change of a scenario over days ``[start_day, start_day + days)`` of the horizon.

    - ``close_place``: no run calls at ``target`` and no truck passes it;
    - ``close_service``: ``target``'s runs do not leave;
    - ``capacity``: ``target``'s runs carry ``factor`` times their capacity;
    - ``surge``: lane ``target`` (``ORIGIN-DESTINATION``, or ``*``) has ``factor`` times its demand;
    - ``add_service``: a copy of service ``target`` also runs on ``weekdays`` (whole horizon).
    """

    kind: ChangeKind
    target: str
    start_day: float = 0.0
    days: float = MAX_DAYS
    factor: float = 1.0
    weekdays: tuple[Weekday, ...] = ()

    def active(self, day: float) -> bool:
        return self.start_day <= day < self.start_day + self.days


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """What one simulation run simulates."""

    name: str
    start: dt.date
    days: int
    policy: Policy = Policy.SHIPPER
    demand: str = "ilstc"
    demand_scale: float = 1.0
    lanes: tuple[Lane, ...] = ()
    """Explicit lanes; when empty, the calibrated lanes of ``demand``."""
    changes: tuple[Change, ...] = ()
    stochastic: bool = True
    """Without: no delays, typical clearance and handling (the planner's own times)."""
    value_of_time: float = 15.0
    """CNY per TEU per hour a shipper weighs against cost when it chooses."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioSet:
    """The baseline and the scenarios compared with it."""

    baseline: Scenario
    scenarios: tuple[Scenario, ...] = ()

    @property
    def all(self) -> tuple[Scenario, ...]:
        return (self.baseline, *self.scenarios)


def _get(table: Mapping[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    value = table.get(key, default)
    if value is None:
        raise InvalidInput(f"{where}.{key} is missing")
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise InvalidInput(f"{where}.{key} must be {kind.__name__}, got {value!r}")
    return value


def _enum(enum: type[StrEnum], value: Any, where: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(e.value for e in enum)
        raise InvalidInput(f"{where} {value!r} is not one of {choices}") from None


def _weekdays(text: str, where: str) -> tuple[Weekday, ...]:
    names = {day.name.lower(): day for day in Weekday}
    found = []
    for part in filter(None, (p.strip().lower() for p in text.split(","))):
        if part not in names:
            raise InvalidInput(f"{where} {part!r} is not a weekday (mon … sun)")
        found.append(names[part])
    return tuple(found)


def _change(table: Mapping[str, Any], where: str) -> Change:
    kind = _enum(ChangeKind, table.get("kind"), f"{where}.kind")
    days = _get(table, "days", float, where, float(MAX_DAYS))
    start_day = _get(table, "start_day", float, where, 0.0)
    factor = _get(table, "factor", float, where, 1.0)
    if days <= 0 or start_day < 0 or factor < 0:
        raise InvalidInput(f"{where}: days must be > 0, start_day and factor ≥ 0, got "
                           f"days={days!r}, start_day={start_day!r}, factor={factor!r}")  # fmt: skip
    weekdays = _weekdays(_get(table, "weekdays", str, where, ""), f"{where}.weekdays")
    if kind is ChangeKind.ADD_SERVICE and not weekdays:
        raise InvalidInput(f"{where}.weekdays is missing: on which days does the copy run?")
    return Change(kind=kind, target=_get(table, "target", str, where), start_day=start_day,
                  days=days, factor=factor, weekdays=weekdays)  # fmt: skip


def _lane(table: Mapping[str, Any], where: str) -> Lane:
    return Lane(
        origin=_get(table, "origin", str, where),
        destination=_get(table, "destination", str, where),
        teu_per_year=_get(table, "teu_per_year", float, where),
        cargo_type=_enum(CargoType, table.get("cargo_type", "general"), f"{where}.cargo_type"),
        shipment_teu=_get(table, "shipment_teu", int, where, 2),
        due_days=_get(table, "due_days", float, where, 10.0),
        penalty_per_day=_get(table, "penalty_per_day", float, where, 300.0),
        source=str(table.get("source", "")),
    )


def _demand(table: Mapping[str, Any], where: str, default: str) -> str:
    demand = _get(table, "demand", str, where, default)
    if demand not in DEMANDS:
        raise InvalidInput(f"{where}.demand must be one of {', '.join(DEMANDS)}, got {demand!r}")
    return str(demand)


def _scenario(table: Mapping[str, Any], where: str, base: Scenario | None) -> Scenario:
    if base is None:
        start = table.get("start")
        if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
            raise InvalidInput(f"{where}.start must be a date (2026-10-01), got {start!r}")
        days = _get(table, "days", int, where)
        if not 1 <= days <= MAX_DAYS:
            raise InvalidInput(f"{where}.days must be between 1 and {MAX_DAYS}, got {days!r}")
        base = Scenario(name="baseline", start=start, days=days)
    lanes = tuple(_lane(t, f"{where}.lanes[{n}]") for n, t in enumerate(table.get("lanes", [])))
    changes = tuple(
        _change(t, f"{where}.changes[{n}]") for n, t in enumerate(table.get("changes", []))
    )
    scale = _get(table, "demand_scale", float, where, base.demand_scale)
    if scale < 0:
        raise InvalidInput(f"{where}.demand_scale must be ≥ 0, got {scale!r}")
    return replace(
        base,
        name=_get(table, "name", str, where, base.name),
        policy=_enum(Policy, table.get("policy", base.policy.value), f"{where}.policy"),
        demand=_demand(table, where, base.demand),
        demand_scale=scale,
        lanes=lanes or base.lanes,
        changes=base.changes + changes,
        stochastic=_get(table, "stochastic", bool, where, base.stochastic),
        value_of_time=_get(table, "value_of_time", float, where, base.value_of_time),
    )


def parse_scenarios(document: Mapping[str, Any]) -> ScenarioSet:
    """The scenarios of a parsed TOML document (see the module docstring).

    >>> s = parse_scenarios({"baseline": {"start": dt.date(2026, 10, 1), "days": 7},
    ...     "scenario": [{"name": "busy", "demand_scale": 1.5}]})
    >>> [(x.name, x.days, x.demand_scale) for x in s.all]
    [('baseline', 7, 1.0), ('busy', 7, 1.5)]
    """
    unknown = set(document) - {"baseline", "scenario"}
    if unknown:
        raise InvalidInput(f"unknown table {sorted(unknown)[0]!r}: expected baseline, scenario")
    table = document.get("baseline")
    if not isinstance(table, Mapping):
        raise InvalidInput("baseline is missing: a scenario file needs a [baseline] table")
    baseline = _scenario(table, "baseline", None)
    scenarios = tuple(
        _scenario(t, f"scenario[{n}]", baseline) for n, t in enumerate(document.get("scenario", []))
    )
    names = [s.name for s in (baseline, *scenarios)]
    if len(set(names)) != len(names):
        raise InvalidInput(f"scenario names must differ, got {names!r}")
    return ScenarioSet(baseline=baseline, scenarios=scenarios)
