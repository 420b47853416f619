"""A brute-force oracle for the planner: enumerate every journey, keep the non-dominated ones.

It follows each route from each place, boards *every* run (not only the earliest), alights at
every later stop, up to ``max_legs`` legs, and judges each journey with the rules of
:mod:`landsea.planning.journey`. Exponential, so only for small networks.
"""

from __future__ import annotations

from landsea.planning.costs import Weights
from landsea.planning.journey import Evaluation, Journey, JourneyLeg, Query, evaluate, walk
from landsea.planning.timetable import Timetable


def enumerate_options(tt: Timetable, w: Weights, q: Query) -> list[tuple[Journey, Evaluation]]:
    found: list[tuple[Journey, Evaluation]] = []

    def extend(prefix: Journey) -> None:
        state = walk(tt, w, q, prefix) if prefix else None
        if prefix and state is None:
            return
        if prefix:
            evaluation = evaluate(tt, w, q, prefix)
            if evaluation is not None:
                found.append((prefix, evaluation))
        if len(prefix) == q.max_legs:
            return
        place = state.place if state else q.origin
        ready = state.ready if state else q.ready
        for r, i in tt.routes_at[place]:
            route = tt.routes[r]
            if not q.route_ok[r]:
                continue
            # Runs leaving before the cargo is ready, or starting after the horizon, cannot be
            # boarded (the rules reject them); skipping them only saves time.
            trips: list[int | None] = (
                [None]
                if route.on_demand
                else [
                    k
                    for k, start in enumerate(route.starts)
                    if start + route.dep[i] >= ready and start <= q.horizon_end
                ]
            )
            for trip in trips:
                for j in range(i + 1, len(route.stops)):
                    extend((*prefix, JourneyLeg(route=r, trip=trip, board=i, alight=j)))

    extend(())
    return found


def pareto(criteria: list[tuple[int, float, float, int]]) -> list[tuple[int, float, float, int]]:
    """The distinct non-dominated criteria vectors, sorted (costs rounded to 1e-6)."""
    unique = sorted({(a, round(c, 6), round(z, 6), n) for a, c, z, n in criteria})
    kept = []
    for vector in unique:
        dominated = any(
            other != vector and all(o <= v for o, v in zip(other, vector, strict=True))
            for other in unique
        )
        if not dominated:
            kept.append(vector)
    return kept
