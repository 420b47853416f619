"""Consolidation's formulation: from requests and their priced itineraries to the allocation
problem of :mod:`landsea.optimise.allocation`, and back.

Pure: no database, no planner. The service layer finds the candidate itineraries (any object
with the :class:`Itinerary` attributes) and says how much room each departure has
(:class:`Room`); this module

1. prices each itinerary for its request: fares and handling (the itinerary's ``cost``), plus
   lateness (``penalty_per_day`` CNY per TEU for each day or part of a day after ``due``), plus
   the carbon price per tonne CO2e (well-to-wheel), and keeps the cheapest per set of departures;
2. numbers the departures some itinerary uses (the *resources*) with the TEU and plugs left;
3. takes identical requests (same size, same plugs, same cost of leaving them, the same
   itineraries at the same prices) together as one *commodity*, in ready-time order, each
   itinerary of it a :class:`~landsea.optimise.allocation.Column`.

Examples
--------
>>> import datetime as dt
>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Trip:
...     departure_ids: tuple[str, ...]
...     cost: float
...     co2e_kg: float
...     arrival: dt.datetime
>>> t0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
>>> ask = Demand(teu=2, plugs=0, ready=t0, due=t0 + dt.timedelta(days=5), penalty_per_day=100.0)
>>> late = Trip(("A-1",), cost=1000.0, co2e_kg=500.0, arrival=t0 + dt.timedelta(days=6, hours=1))
>>> [(p.days_late, p.lateness, p.total) for p in price(ask, [late], carbon_price=200)]
[(2, 400.0, 1500.0)]
>>> f = formulate([ask, ask], [[late], [late]], lambda d: Room(capacity_teu=10), carbon_price=0)
>>> f.problem.demand, f.problem.teu_left, f.members
([2], [10.0], [[0, 1]])
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from landsea.optimise.allocation import AllocationProblem, Column

__all__ = [
    "Demand",
    "Formulation",
    "Itinerary",
    "Priced",
    "Room",
    "days_late",
    "formulate",
    "price",
]

_DAY = 86400.0


class Itinerary(Protocol):
    """What the formulation reads of a candidate itinerary."""

    @property
    def departure_ids(self) -> tuple[str, ...]: ...

    @property
    def cost(self) -> float: ...

    @property
    def co2e_kg(self) -> float: ...

    @property
    def arrival(self) -> dt.datetime: ...


I = TypeVar("I", bound=Itinerary)  # noqa: E741


@dataclass(frozen=True, slots=True, kw_only=True)
class Demand:
    """One request as the formulation sees it: ``teu`` needing ``plugs`` reefer plugs, ready at
    ``ready``, due at ``due``, each day late costing ``penalty_per_day`` CNY per TEU."""

    teu: int
    plugs: int
    ready: dt.datetime
    due: dt.datetime
    penalty_per_day: float
    order_key: str = ""
    """Breaks ties of ``ready`` in the greedy baseline's order (the request id)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Room:
    """A departure's capacity and what is booked on it already."""

    capacity_teu: int
    booked_teu: int = 0
    reefer_plugs: int = 0
    reefer_plugs_booked: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Priced(Generic[I]):
    """An itinerary priced for one request, in CNY for the whole request."""

    itinerary: I
    freight: float
    lateness: float
    carbon: float
    days_late: int

    @property
    def total(self) -> float:
        return self.freight + self.lateness + self.carbon


@dataclass(frozen=True, slots=True, kw_only=True)
class Formulation(Generic[I]):
    """The allocation problem and what maps its indexes back to requests and departures."""

    problem: AllocationProblem
    priced: list[list[Priced[I]]]
    """Per request, its itineraries priced, cheapest first (one per set of departures)."""
    members: list[list[int]]
    """Per commodity, its requests (indexes into the demands) in ready-time order."""
    column_entry: list[Priced[I]]
    """Per column, the priced itinerary it stands for."""
    resource: dict[str, int]
    """Departure id → resource index."""
    rooms: dict[str, Room]
    """Departure id → its room (capacity and booked before the run)."""


def days_late(arrival: dt.datetime, due: dt.datetime) -> int:
    """Days, or parts of a day, after ``due``.

    >>> t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    >>> days_late(t + dt.timedelta(seconds=1), t), days_late(t, t)
    (1, 0)
    """
    late = (arrival - due).total_seconds()
    return math.ceil(late / _DAY) if late > 0 else 0


def price(demand: Demand, itineraries: Sequence[I], *, carbon_price: float) -> list[Priced[I]]:
    """The itineraries priced for ``demand``, the cheapest per set of departures, cheapest
    (then earliest) first; ``carbon_price`` is CNY per tonne CO2e."""
    best: dict[tuple[str, ...], Priced[I]] = {}
    for itinerary in itineraries:
        late = days_late(itinerary.arrival, demand.due)
        entry = Priced(
            itinerary=itinerary,
            freight=itinerary.cost,
            lateness=demand.penalty_per_day * demand.teu * late,
            carbon=carbon_price * itinerary.co2e_kg / 1000,
            days_late=late,
        )
        uses = itinerary.departure_ids
        if uses not in best or entry.total < best[uses].total:
            best[uses] = entry
    return sorted(best.values(), key=lambda p: (p.total, p.itinerary.arrival))


def _miss_cost(demand: Demand, entries: list[Priced[I]], penalty: float | None) -> float:
    """What leaving the request costs: ``penalty`` per TEU, else three times its cheapest fare
    plus 30 days of its lateness penalty (nothing when it has no itinerary)."""
    if penalty is not None:
        return penalty * demand.teu
    if not entries:
        return 0.0
    return 3 * min(e.freight for e in entries) + 30 * demand.penalty_per_day * demand.teu


def _resources(
    priced: list[list[Priced[I]]], room_of: Callable[[str], Room]
) -> tuple[dict[str, int], dict[str, Room]]:
    resource: dict[str, int] = {}
    for entries in priced:
        for entry in entries:
            for departure in entry.itinerary.departure_ids:
                resource.setdefault(departure, len(resource))
    return resource, {departure: room_of(departure) for departure in resource}


def formulate(
    demands: Sequence[Demand],
    itineraries: Sequence[Sequence[I]],
    room_of: Callable[[str], Room],
    *,
    carbon_price: float,
    unassigned_penalty: float | None = None,
) -> Formulation[I]:
    """The allocation problem of ``demands``, each with its candidate ``itineraries``;
    ``room_of`` gives each departure's capacity and bookings."""
    priced = [
        price(demand, found, carbon_price=carbon_price)
        for demand, found in zip(demands, itineraries, strict=True)
    ]
    resource, rooms = _resources(priced, room_of)
    commodity_of: dict[tuple[object, ...], int] = {}
    members: list[list[int]] = []
    demand: list[int] = []
    sizes: list[int] = []
    plug_sizes: list[int] = []
    miss: list[float] = []
    columns: list[Column] = []
    column_entry: list[Priced[I]] = []
    order: list[int] = []
    for n in sorted(range(len(demands)), key=lambda k: (demands[k].ready, demands[k].order_key)):
        ask, entries = demands[n], priced[n]
        miss_cost = _miss_cost(ask, entries, unassigned_penalty)
        key = (
            ask.teu,
            ask.plugs,
            round(miss_cost, 2),
            tuple((e.itinerary.departure_ids, round(e.total, 2)) for e in entries),
        )
        c = commodity_of.get(key)
        if c is None:
            c = commodity_of[key] = len(demand)
            members.append([])
            demand.append(0)
            sizes.append(ask.teu)
            plug_sizes.append(ask.plugs)
            miss.append(miss_cost)
            for entry in entries:
                used = tuple(resource[d] for d in entry.itinerary.departure_ids)
                columns.append(Column(c, entry.total, used))
                column_entry.append(entry)
        members[c].append(n)
        demand[c] += 1
        order.append(c)
    problem = AllocationProblem(
        demand=demand,
        teu=sizes,
        plugs=plug_sizes,
        miss_cost=miss,
        columns=columns,
        teu_left=[float(max(0, rooms[d].capacity_teu - rooms[d].booked_teu)) for d in resource],
        plugs_left=[
            float(max(0, rooms[d].reefer_plugs - rooms[d].reefer_plugs_booked)) for d in resource
        ],
        order=order,
    )
    return Formulation(
        problem=problem,
        priced=priced,
        members=members,
        column_entry=column_entry,
        resource=resource,
        rooms=rooms,
    )
