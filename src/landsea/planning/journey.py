"""Journeys and their criteria: the one definition of what an itinerary takes and costs.

The search (:mod:`landsea.planning.search`) finds journeys; :func:`evaluate` says what a journey
is worth. Both follow the rules below, and tests check the search against an enumeration of every
journey evaluated here.

Rules
-----
- The cargo is ready at the origin at ``ready``. A scheduled run is boarded at stop ``i`` if the
  cargo is there by the run's departure from ``i`` minus the route's cut-off; an on-demand truck
  departs as soon as the cargo is ready (plus its cut-off, normally 0).
- Changing vehicle at a place takes that place's transfer (handling hours, cost and hub
  emissions); a place without handling parameters allows no transfer. The origin and the
  destination take none.
- Customs: a leg from stop ``i`` to stop ``j`` *crosses* a border when the two stops lie in
  different countries and no border-crossing stop lies strictly between them (where one does,
  the formalities are in the service's scheduled dwell there). A crossing leg that leaves the
  origin's country takes export clearance at ``i`` before its cut-off; one that enters the
  destination's country takes import clearance at ``j`` after arrival.
- The option departs when its first leg does. On-demand legs before the first scheduled leg are
  timed just in time: they depart as late as still makes that leg's cut-off. The option counts
  if it departs within ``[ready, ready + window)``; with ``max_transit`` its arrival may be at most
  that long after its departure.
- Criteria: arrival (when the cargo is cleared at the destination), cost, emissions and the
  number of transfers (legs − 1); all are to be minimised.
"""

from __future__ import annotations

from dataclasses import dataclass

from landsea.planning.costs import Weights
from landsea.planning.timetable import Route, Timetable

__all__ = ["Bounds", "Evaluation", "Journey", "JourneyLeg", "Query", "Walk", "evaluate", "walk"]


@dataclass(frozen=True, slots=True)
class JourneyLeg:
    """A ride on route ``route`` from stop position ``board`` to ``alight``.

    ``trip`` is the run's index in ``Route.starts``, or ``None`` for an on-demand truck.
    """

    route: int
    trip: int | None
    board: int
    alight: int


Journey = tuple[JourneyLeg, ...]


@dataclass(frozen=True, slots=True)
class Bounds:
    """How far the search may stray from the exact Pareto set (all zero: exact).

    ``time`` (minutes), ``cost`` and ``co2`` (fractions) relax target pruning: a label is
    dropped when an option found already is at most that much worse. ``bag_cost`` and
    ``bag_co2`` relax the comparison of labels at a place (times there stay exact). The search
    keeps, for every exact option, one arriving at most ``time`` later and costing at most
    (1 + ``cost``) times as much, and the same for CO2e (see :meth:`of`). ``work_cap`` stops
    the compiled search after that many label comparisons (0: no cap).
    """

    time: int = 0
    cost: float = 0.0
    co2: float = 0.0
    bag_cost: float = 0.0
    bag_co2: float = 0.0
    work_cap: int = 0

    @classmethod
    def of(cls, hours: float, cost: float, co2: float, max_legs: int, work_cap: int) -> Bounds:
        """Bounds whose compounded relaxations stay within ε: the target takes √(1+ε), and each
        of at most ``max_legs`` comparisons at places the ``max_legs``-th root of the rest."""

        def split(eps: float) -> tuple[float, float]:
            half = (1.0 + eps) ** 0.5
            return half - 1.0, half ** (1.0 / max_legs) - 1.0

        target_cost, bag_cost = split(cost)
        target_co2, bag_co2 = split(co2)
        return cls(round(hours * 60), target_cost, target_co2, bag_cost, bag_co2, work_cap)


@dataclass(slots=True)
class Query:
    """A request compiled against a timetable: every constraint as indices and minutes."""

    origin: int
    destination: int
    ready: int
    window: int
    max_transit: int | None
    max_legs: int
    teu: int
    plugs: int
    route_ok: list[bool]
    place_ok: list[bool]
    via: int | None
    capacity: dict[tuple[int, int], tuple[int, int]]
    export_min: list[int]
    import_min: list[int]
    horizon_end: int
    bounds: Bounds = Bounds()
    allowed: object = None
    """What ``route_ok`` was made from (a cache key for the compiled kernel's arrays)."""

    def has_room(self, route: int, trip: int) -> bool:
        left = self.capacity.get((route, trip))
        return left is None or (left[0] >= self.teu and left[1] >= self.plugs)


@dataclass(frozen=True, slots=True)
class LegTimes:
    departure: int
    arrival: int
    """Arrival at the alighting stop, before any import clearance."""
    export_min: int
    import_min: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What a journey takes: times in minutes since the epoch, cost in CNY, emissions in kg."""

    departure: int
    arrival: int
    cost: float
    co2e_kg: float
    transfers: int
    legs: tuple[LegTimes, ...]

    def criteria(self) -> tuple[int, float, float, int]:
        return (self.arrival, self.cost, self.co2e_kg, self.transfers)


def crosses(tt: Timetable, route: Route, i: int, j: int) -> bool:
    """Whether riding ``route`` from stop ``i`` to ``j`` crosses a border with no border stop between."""
    return tt.country[route.stops[i]] != tt.country[route.stops[j]] and j <= route.next_border[i]


@dataclass(slots=True)
class Walk:
    """Where a journey prefix leaves the cargo: the place, when it is ready there, and totals."""

    place: int
    ready: int
    cost: float
    co2e_kg: float
    legs: list[LegTimes]
    visited_via: bool
    departure: int | None
    """The option's departure once a scheduled leg is taken (just in time before it)."""


def walk(tt: Timetable, w: Weights, q: Query, journey: Journey) -> Walk | None:
    """Follow ``journey`` from the origin; ``None`` if it breaks a rule of this module."""
    state = Walk(
        place=q.origin,
        ready=q.ready,
        cost=0.0,
        co2e_kg=0.0,
        legs=[],
        visited_via=q.via is None or q.via == q.origin,
        departure=None,
    )
    for n, leg in enumerate(journey):
        route = tt.routes[leg.route]
        if not q.route_ok[leg.route] or not 0 <= leg.board < leg.alight < len(route.stops):
            return None
        place = state.place
        if route.stops[leg.board] != place:
            return None
        ready = state.ready
        if n > 0:
            if not w.transfer_ok[place] or not q.place_ok[place]:
                return None
            ready += w.hub_min[place]
            state.cost += w.hub_cost[place]
            state.co2e_kg += w.hub_co2[place]
        crossing = crosses(tt, route, leg.board, leg.alight)
        export = q.export_min[place] if crossing else 0
        earliest = ready + export + route.cutoff  # the earliest the vehicle may leave stop i
        if route.on_demand:
            if leg.trip is not None:
                return None
            departure = earliest
        else:
            if leg.trip is None or not 0 <= leg.trip < len(route.starts):
                return None
            if not q.has_room(leg.route, leg.trip):
                return None
            departure = route.starts[leg.trip] + route.dep[leg.board]
            if departure < earliest:
                return None
        start = departure - route.dep[leg.board]
        arrival = start + route.arr[leg.alight]
        for k in range(leg.board, leg.alight + 1):
            if not q.place_ok[route.stops[k]]:
                return None
            if route.stops[k] == q.via:
                state.visited_via = True
        if not route.on_demand and state.departure is None:
            # Just in time: the on-demand legs before this one end when this leg needs the cargo.
            slack = (departure - route.cutoff - export) - ready
            state.departure = departure if n == 0 else q.ready + slack
        state.place = route.stops[leg.alight]
        imported = q.import_min[state.place] if crossing else 0
        state.ready = arrival + imported
        if state.ready > q.horizon_end:
            return None
        state.cost += w.board_cost[leg.route]
        state.cost += w.cum_cost[leg.route][leg.alight] - w.cum_cost[leg.route][leg.board]
        state.co2e_kg += w.cum_co2[leg.route][leg.alight] - w.cum_co2[leg.route][leg.board]
        state.legs.append(LegTimes(departure, arrival, export, imported))
    return state


def evaluate(tt: Timetable, w: Weights, q: Query, journey: Journey) -> Evaluation | None:
    """The criteria of ``journey``, or ``None`` if it breaks a rule of this module."""
    if not journey:
        return None
    state = walk(tt, w, q, journey)
    if state is None or state.place != q.destination or not state.visited_via:
        return None
    departure = q.ready if state.departure is None else state.departure
    if not q.ready <= departure < q.ready + q.window:
        return None
    if q.max_transit is not None and state.ready - departure > q.max_transit:
        return None
    return Evaluation(
        departure=departure,
        arrival=state.ready,
        cost=state.cost,
        co2e_kg=state.co2e_kg,
        transfers=len(journey) - 1,
        legs=tuple(state.legs),
    )
