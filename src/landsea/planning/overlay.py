"""Disruptions applied to one query: runs delayed or added in a copy of the compiled timetable,
no room on cancelled runs nor on runs of a closed service or through a closed place, and no
on-demand (road) service through a place closed during the query's period.

The planner's cached timetable is never changed: a query with disruptions in force gets a
planner over a copy in which only the routes of the delayed and extra runs are new.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from landsea.domain.disruption import Overlay, run_calls
from landsea.domain.timetable import Service, departure_id
from landsea.planning.planner import Planner
from landsea.planning.request import PlanRequest
from landsea.planning.timetable import Timetable, from_minutes, to_minutes

__all__ = ["overlaid"]


def overlaid(
    planner: Planner, request: PlanRequest, overlay: Overlay
) -> tuple[Planner, PlanRequest]:
    """A planner and a request for ``request`` with ``overlay`` in force."""
    tt = _overlaid(planner.timetable(request.depart, request.window_days), overlay)
    capacity = dict(request.capacity)
    for route in tt.routes:
        for new_start, old_id in route.moved.items():  # the planner keys runs by their start
            if old_id in capacity:
                capacity[_compiled_id(route.service, route.timezone, new_start)] = capacity.pop(
                    old_id
                )
    capacity.update(_closed_runs(tt, overlay))
    closed = request.closed_services | _closed_on_demand(tt, request, overlay)
    return _OverlaidPlanner(planner, tt), dataclasses.replace(
        request, capacity=capacity, closed_services=closed
    )


class _OverlaidPlanner(Planner):
    """A planner on one timetable with the disruptions applied (runs delayed or added)."""

    def __init__(self, base: Planner, timetable: Timetable) -> None:
        super().__init__(base.network, horizon_days=base.horizon_days)
        self._overlaid = timetable

    def timetable(self, ready: dt.datetime, window_days: float) -> Timetable:
        return self._overlaid


def _compiled_id(service: Service, timezone: str, start: int) -> str:
    return departure_id(service.id, from_minutes(start).astimezone(ZoneInfo(timezone)))


def _overlaid(tt: Timetable, overlay: Overlay) -> Timetable:
    """``tt`` with delayed runs moved and extra runs added (the published timetable unchanged)."""
    routes = list(tt.routes)
    for exception in (*overlay.delays, *overlay.extras):
        r = tt.route_index.get(exception.service_id)
        if r is None:
            continue
        route = routes[r]
        start = to_minutes(exception.run_start)
        starts, moved = list(route.starts), dict(route.moved)
        if exception.delay:
            if start not in starts:
                continue
            starts.remove(start)
            start += round(exception.delay.total_seconds() / 60)
            moved[start] = exception.departure_id
        if tt.start <= start < tt.end:
            starts.append(start)
        routes[r] = dataclasses.replace(route, starts=sorted(starts), moved=moved)
    return dataclasses.replace(tt, routes=routes)


def _closed_on_demand(tt: Timetable, request: PlanRequest, overlay: Overlay) -> frozenset[str]:
    """The on-demand services calling at a place closed at some moment of the query's period.

    A truck is dispatched at any time, so the planner cannot say in advance when a road leg
    would pass the place: a road through a closed crossing or port is not offered to a query
    whose period (from the cargo's ready time to the end of its departure window plus the
    longest transit it may take: ``max_days``, else the network's longest service) overlaps the
    closure. Coarse on purpose: it never offers a closed road, and it may hold one back for a
    query that would only use it after the closure ends."""
    if not overlay.closures:
        return frozenset()
    longest = (
        dt.timedelta(days=request.max_days)
        if request.max_days is not None
        else max((r.service.transit_time for r in tt.routes), default=dt.timedelta(0))
    )
    starts = request.depart
    closed = overlay.closed_places(
        starts, starts + dt.timedelta(days=request.window_days) + longest
    )
    if not closed:
        return frozenset()
    return frozenset(
        route.service.id
        for route in tt.routes
        if route.on_demand and any(str(stop.location) in closed for stop in route.service.stops)
    )


def _closed_runs(tt: Timetable, overlay: Overlay) -> dict[str, tuple[int, int]]:
    """No room on cancelled runs nor on runs of a closed service or through a closed place."""
    closed = {
        _compiled_id(
            tt.routes[trip[0]].service,
            tt.routes[trip[0]].timezone,
            tt.routes[trip[0]].starts[trip[1]],
        ): (0, 0)
        for trip in (tt.trip_of(run) for run in overlay.cancelled)
        if trip is not None
    }
    if not overlay.closures:
        return closed
    for route in tt.routes:
        for start in route.starts:
            calls = run_calls(route.service, from_minutes(start))
            if overlay.closing(route.service.id, calls) is not None:
                closed[_compiled_id(route.service, route.timezone, start)] = (0, 0)
    return closed
