"""Candidate itineraries for consolidation: for each pending request, the itineraries it could
take, on concrete departures, with their cost, emissions and arrival.

The planner's Pareto search gives the *patterns* worth considering between two places — the
sequences of services (and where to change) that are fastest, cheapest, greenest or have fewest
transfers at some moment. Consolidation then needs more than the best departure of each: when a
train is full, the next one may be the answer. So for every request and pattern, the first
``shifts`` runs of the pattern's first scheduled service that the cargo can make are taken, each
followed by the earliest feasible connections; every journey so built is checked and priced by
:func:`landsea.planning.journey.evaluate`, under the same rules as the planner (cut-offs,
handling, customs, capacity left).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from landsea.domain.cargo import Cargo, CargoType
from landsea.planning.costs import CostModel, Weights
from landsea.planning.journey import Evaluation, Journey, JourneyLeg, Query, evaluate, walk
from landsea.planning.planner import Planner, compile_weights
from landsea.planning.request import PlanRequest
from landsea.planning.timetable import Timetable, from_minutes, to_minutes
from landsea.units import LocationCode

__all__ = ["Candidate", "CandidateLeg", "CandidateRequest", "candidates"]

PATTERN_STEP_DAYS = 14
"""Patterns are looked for from every fortnight of the requests' ready times."""
PATTERN_WINDOW_DAYS = 7
"""Each search looks at the departures of a week (a weekly service shows in it)."""
MAX_PATTERNS = 16
"""Route patterns kept per search: the cheapest half and the fastest half."""


@dataclass(frozen=True, slots=True)
class CandidateRequest:
    origin: str
    destination: str
    cargo: Cargo
    ready: dt.datetime
    latest: dt.datetime
    """No itinerary arriving after this is offered (the due time plus the lateness accepted)."""


@dataclass(frozen=True, slots=True)
class CandidateLeg:
    service_id: str
    departure_id: str | None
    """``None`` for an on-demand truck."""
    origin: str
    destination: str
    departure: dt.datetime
    arrival: dt.datetime


@dataclass(frozen=True, slots=True)
class Candidate:
    legs: tuple[CandidateLeg, ...]
    departure: dt.datetime
    arrival: dt.datetime
    """When the cargo is at the destination, cleared."""
    cost: float
    """CNY for the consignment: fares, handling and charges."""
    co2e_kg: float

    @property
    def departure_ids(self) -> tuple[str, ...]:
        return tuple(leg.departure_id for leg in self.legs if leg.departure_id is not None)


Pattern = tuple[tuple[int, int, int], ...]
"""(route, board, alight) of each leg."""


def candidates(
    planner: Planner,
    model_for: Callable[[Cargo], CostModel],
    requests: Sequence[CandidateRequest],
    *,
    capacity: dict[str, tuple[int, int]] | None = None,
    shifts: int = 4,
    progress: Callable[[int], None] | None = None,
    services: frozenset[str] | None = None,
) -> list[list[Candidate]]:
    """The candidates of each request, cheapest first (an empty list: none reaches in time),
    riding only ``services`` when given."""
    lanes: dict[tuple[str, str, CargoType], list[int]] = defaultdict(list)
    for n, request in enumerate(requests):
        lanes[request.origin, request.destination, request.cargo.cargo_type].append(n)
    found: list[list[Candidate]] = [[] for _ in requests]
    for (origin, destination, _), lane in lanes.items():
        first = min(requests[n].ready for n in lane)
        last = max(requests[n].latest for n in lane)
        window = max(1.0, min(60.0, (last - first).total_seconds() / 86400))
        tt = planner.timetable(first, window)
        by_cargo: dict[Cargo, list[int]] = defaultdict(list)
        for n in lane:
            by_cargo[requests[n].cargo].append(n)
        patterns: list[Pattern] | None = None
        for cargo, members in sorted(by_cargo.items(), key=lambda item: item[0].teu):
            template = PlanRequest(
                origin=LocationCode(origin),
                destination=LocationCode(destination),
                depart=first,
                cargo=cargo,
                window_days=window,
                capacity=dict(capacity or {}),
                services=services,
            )
            weights = compile_weights(tt, model_for(cargo))
            base = planner.compile_query(tt, weights, template)
            if patterns is None:  # the lane's patterns, found once (with its smallest cargo)
                patterns = _patterns(planner, tt, weights, base, [requests[k].ready for k in lane])
            for n in members:
                request = requests[n]
                ready = to_minutes(request.ready.astimezone(dt.UTC))
                latest = to_minutes(request.latest.astimezone(dt.UTC))
                query = dataclasses.replace(
                    base, ready=ready, window=max(1, latest - ready), horizon_end=latest
                )
                journeys: dict[Journey, Candidate] = {}
                for pattern in patterns:
                    for journey in _shifted(tt, weights, query, pattern, shifts):
                        if journey in journeys:
                            continue
                        evaluation = evaluate(tt, weights, query, journey)
                        if evaluation is None or evaluation.arrival > latest:
                            continue
                        journeys[journey] = _candidate(tt, journey, evaluation)
                found[n] = sorted(journeys.values(), key=lambda c: (c.cost, c.arrival))
                if progress is not None:
                    progress(1)
    return found


def _patterns(
    planner: Planner,
    tt: Timetable,
    weights: Weights,
    base: Query,
    readies: list[dt.datetime],
    limit: int = MAX_PATTERNS,
) -> list[Pattern]:
    """The service sequences of the Pareto options from every fortnight of ready times: the
    cheapest and the fastest ``limit / 2`` of each search (on a large network a Pareto set can
    hold hundreds of options, most of them near-copies)."""
    chosen: dict[Pattern, None] = {}
    starts = sorted(readies)
    moment = starts[0]
    while True:
        ready = to_minutes(moment.astimezone(dt.UTC))
        query = dataclasses.replace(
            base, ready=ready, window=PATTERN_WINDOW_DAYS * 1440, capacity={}
        )
        options = planner.search(tt, weights, query)
        for key in (lambda o: (o.evaluation.cost, o.evaluation.arrival),
                    lambda o: (o.evaluation.arrival, o.evaluation.cost)):  # fmt: skip
            taken = 0
            for option in sorted(options, key=key):
                pattern = tuple((leg.route, leg.board, leg.alight) for leg in option.journey)
                if pattern not in chosen:
                    chosen[pattern] = None
                    taken += 1
                if taken >= limit // 2:
                    break
        later = bisect.bisect_right(starts, moment + dt.timedelta(days=PATTERN_STEP_DAYS))
        if later >= len(starts):
            break
        moment = starts[later]
    return list(chosen)


def _shifted(
    tt: Timetable, weights: Weights, q: Query, pattern: Pattern, shifts: int
) -> list[Journey]:
    """Up to ``shifts`` journeys along ``pattern``: the first scheduled leg on each of its next
    runs the cargo can make, then the earliest connection that keeps every rule."""
    scheduled = [n for n, (r, _, _) in enumerate(pattern) if not tt.routes[r].on_demand]
    if not scheduled:
        journey = tuple(JourneyLeg(r, None, i, j) for r, i, j in pattern)
        return [journey]
    first = scheduled[0]
    prefix = tuple(JourneyLeg(r, None, i, j) for r, i, j in pattern[:first])
    state = walk(tt, weights, q, prefix) if prefix else None
    if prefix and state is None:
        return []
    earliest = state.ready if state is not None else q.ready
    r, i, j = pattern[first]
    route = tt.routes[r]
    trip = bisect.bisect_left(route.starts, earliest - route.dep[i])
    out: list[Journey] = []
    while trip < len(route.starts) and len(out) < shifts:
        if route.starts[trip] + route.dep[i] > q.ready + q.window:
            break
        built = _connect(tt, weights, q, (*prefix, JourneyLeg(r, trip, i, j)), pattern)
        if built is not None:
            out.append(built)
        trip += 1
    return out


def _connect(
    tt: Timetable, weights: Weights, q: Query, journey: Journey, pattern: Pattern
) -> Journey | None:
    """Complete ``journey`` along ``pattern`` with the earliest run of each further leg."""
    if walk(tt, weights, q, journey) is None:
        return None
    for r, i, j in pattern[len(journey) :]:
        route = tt.routes[r]
        if route.on_demand:
            journey = (*journey, JourneyLeg(r, None, i, j))
            if walk(tt, weights, q, journey) is None:
                return None
            continue
        state = walk(tt, weights, q, journey)
        if state is None:
            return None
        trip = bisect.bisect_left(route.starts, state.ready - route.dep[i])
        for _ in range(64):  # past the cut-off and full runs, to the first that takes it
            if trip >= len(route.starts) or route.starts[trip] + route.dep[i] > q.horizon_end:
                return None
            extended = (*journey, JourneyLeg(r, trip, i, j))
            if walk(tt, weights, q, extended) is not None:
                journey = extended
                break
            trip += 1
        else:
            return None
    return journey


def _candidate(tt: Timetable, journey: Journey, evaluation: Evaluation) -> Candidate:
    legs = []
    for leg, times in zip(journey, evaluation.legs, strict=True):
        route = tt.routes[leg.route]
        legs.append(
            CandidateLeg(
                service_id=str(route.service.id),
                departure_id=None if leg.trip is None else str(route.departure_id(leg.trip)),
                origin=str(tt.places[route.stops[leg.board]].code),
                destination=str(tt.places[route.stops[leg.alight]].code),
                departure=from_minutes(times.departure),
                arrival=from_minutes(times.arrival),
            )
        )
    return Candidate(
        legs=tuple(legs),
        departure=from_minutes(evaluation.departure),
        arrival=from_minutes(evaluation.arrival),
        cost=float(evaluation.cost),
        co2e_kg=float(evaluation.co2e_kg),
    )
