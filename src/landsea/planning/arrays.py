"""The timetable, the weights and a query as flat numpy arrays for the compiled kernel.

Routes' stops, minute offsets, border positions and weights are concatenated route after route
(``stop_ptr[r]`` is where route ``r`` starts), trip starts likewise (``trip_ptr``), and the
(route, position) pairs of each place as ``at_ptr``/``at_route``/``at_pos``. The timetable's
arrays are built once per timetable and the weights' once per cost model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import numpy as np

from landsea.planning.costs import Weights
from landsea.planning.journey import Journey, JourneyLeg, Query
from landsea.planning.timetable import Timetable

__all__ = ["TimetableArrays", "compiled_search"]

_I = np.int64
_VIA = 2


@dataclass(slots=True, eq=False)
class TimetableArrays:
    tt: tuple[Any, ...]
    w: tuple[Any, ...]
    wi: tuple[Any, ...]
    routes: object = None
    """The timetable's routes these arrays were made from."""
    lists: dict[object, tuple[list[Any], Any]] = field(default_factory=dict)
    """Arrays of queries' lists by what they were made from, with the list they were made of."""

    def array(self, key: object, values: list[Any]) -> Any:
        """``values`` as an integer array, reused while queries of ``key`` bring equal lists."""
        known = self.lists.get(key)
        if known is not None and known[0] == values:
            return known[1]
        if len(self.lists) >= 64:
            self.lists.clear()
        made = np.array(values, _I)
        self.lists[key] = (list(values), made)
        return made


def _ptr(lengths: list[int]) -> Any:
    return np.array([0, *accumulate(lengths)], _I)


def _timetable_arrays(tt: Timetable) -> tuple[Any, ...]:
    # Keyed by the routes: a disruption overlay's copy of the timetable shares the cache but
    # has routes of its own (runs delayed or added).
    key = (_timetable_arrays, id(tt.routes))
    cached = tt.weights_cache.get(key)
    if isinstance(cached, tuple) and cached[0] is tt.routes:
        return cached[1]  # type: ignore[no-any-return]
    routes = tt.routes
    countries = {c: n for n, c in enumerate(sorted(set(tt.country)))}

    def flat(values: list[list[int]] | list[list[bool]]) -> Any:
        return np.array([v for row in values for v in row], _I)

    at = tt.routes_at
    arrays = (
        _ptr([len(r.stops) for r in routes]),
        flat([r.stops for r in routes]),
        flat([r.arr for r in routes]),
        flat([r.dep for r in routes]),
        flat([r.next_border for r in routes]),
        flat([r.leaves for r in routes]),
        np.array([r.on_demand for r in routes], _I),
        np.array([r.cutoff for r in routes], _I),
        _ptr([len(r.starts) for r in routes]),
        flat([r.starts for r in routes]),
        _ptr([len(pairs) for pairs in at]),
        np.array([r for pairs in at for r, _ in pairs], _I),
        np.array([i for pairs in at for _, i in pairs], _I),
        np.array([countries[c] for c in tt.country], _I),
    )
    tt.weights_cache[key] = (tt.routes, arrays)
    return arrays


def prepare(tt: Timetable, w: Weights) -> TimetableArrays:
    """The arrays of ``tt`` and ``w`` (cached on the weights, per set of routes: the weights
    serve the copies a disruption overlay makes of ``tt`` too)."""
    if not isinstance(w.arrays, dict):
        w.arrays = {}
    made: dict[int, TimetableArrays] = w.arrays
    cached = made.get(id(tt.routes))
    if cached is not None and cached.routes is tt.routes:
        return cached

    def floats(values: list[float]) -> Any:
        return np.array(values, np.float64)

    arrays = TimetableArrays(
        tt=_timetable_arrays(tt),
        w=(
            floats(w.board_cost),
            floats([v for row in w.cum_cost for v in row]),
            floats([v for row in w.cum_co2 for v in row]),
            floats(w.hub_cost),
            floats(w.hub_co2),
        ),
        wi=(np.array(w.transfer_ok, _I), np.array(w.hub_min, _I)),
        routes=tt.routes,
    )
    if len(made) >= 8:
        made.clear()
    made[id(tt.routes)] = arrays
    return arrays


def _query_arrays(arrays: TimetableArrays, q: Query) -> tuple[Any, Any, Any]:
    trip_ptr = arrays.tt[8]
    room = np.ones(1, _I)
    if q.capacity:
        room = np.ones(int(trip_ptr[-1]), _I)
        for (r, trip), _ in q.capacity.items():
            room[trip_ptr[r] + trip] = q.has_room(r, trip)
    b = q.bounds
    qi = (
        arrays.array(q.allowed, q.route_ok),
        arrays.array(id(q.export_min), q.export_min),  # the weights keep these lists
        arrays.array(id(q.import_min), q.import_min),
        room,
    )
    qs = np.array(
        [q.origin, q.destination, q.ready, q.window,
         -1 if q.max_transit is None else q.max_transit, q.max_legs,
         -1 if q.via is None else q.via, q.horizon_end, bool(q.capacity), b.time, b.work_cap],
        _I,
    )  # fmt: skip
    qf = np.array([b.bag_cost, b.bag_co2, b.cost, b.co2], np.float64)
    return qi, qs, qf


def compiled_search(
    tt: Timetable, w: Weights, q: Query, stats: Any = None
) -> tuple[list[tuple[tuple[Any, ...], Journey]], bool]:
    """:func:`landsea.planning.search.mcraptor` on the compiled kernel, and whether the work
    cap stopped it."""
    from landsea.planning import kernel

    arrays = prepare(tt, w)
    qi, qs, qf = _query_arrays(arrays, q)
    origin_flags = _VIA if q.via is None or q.via == q.origin else 0
    li, lf, final, cnt = kernel.run(arrays, qi, qs, qf, origin_flags)
    if stats is not None:
        stats.rounds, stats.routes_scanned = int(cnt[kernel.ROUNDS]), int(cnt[kernel.SCANNED])
        stats.labels = int(cnt[kernel.NLAB]) - 1
        stats.work += int(cnt[kernel.WORK])
    found = []
    for n in final.tolist():
        row = li[n].tolist()
        label = (row[0], float(lf[n, 0]), float(lf[n, 1]), row[1], row[2], row[3], None)
        found.append((label, _journey(li, n)))
    found.sort(key=lambda item: (item[0][0], item[0][1], item[0][2], item[0][3]))
    return found, bool(cnt[kernel.CAPPED])


def _journey(li: Any, n: int) -> Journey:
    legs: list[JourneyLeg] = []
    while li[n, 4] >= 0:
        _, _, _, _, parent, route, trip, board, alight = li[n].tolist()
        legs.append(JourneyLeg(route, None if trip < 0 else trip, board, alight))
        n = parent
    return tuple(reversed(legs))
