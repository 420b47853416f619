"""Lower bounds on what is left of a journey: from each place to the destination, the least
time, cost and CO2e any continuation takes (each criterion on its own).

They make target pruning see ahead: a label at place ``p`` is dropped when an option already
found is no worse than the label *plus the bounds of p* in every criterion, since every journey
the label could still become is then dominated by that option. The pruning stays exact; a label
at a place from which the destination cannot be reached at all is dropped too.

The bounds relax the rules: a continuation from ``p`` takes the transfer at ``p`` (none at the
origin), the route's cut-off, its ride and fare, and the bound of the stop it alights at (zero
at the destination); waiting, customs clearance, capacity and the departure window are ignored,
which can only lower them. Bellman–Ford rounds over the routes (at most ``max_legs``, in place,
stopping when nothing changes) compute them; the compiled kernel
(:func:`landsea.planning.kernel_remaining._remaining`) does the same operations in the same order, so that
both kernels prune the same labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from landsea.planning.costs import Weights
from landsea.planning.journey import Query
from landsea.planning.timetable import Timetable

__all__ = ["FAR", "Remaining", "remaining"]

FAR = 1 << 60
"""The time bound of a place from which the destination cannot be reached."""


@dataclass(slots=True)
class Remaining:
    time: list[int]
    cost: list[float]
    co2: list[float]

    def reaches(self, place: int) -> bool:
        return self.time[place] < FAR


def remaining(tt: Timetable, w: Weights, q: Query) -> Remaining:
    """The bounds from every place to ``q.destination`` over the routes ``q`` allows."""
    inf = float("inf")
    n_places = len(tt.places)
    lt, lc, lz = [FAR] * n_places, [inf] * n_places, [inf] * n_places
    lt[q.destination], lc[q.destination], lz[q.destination] = 0, 0.0, 0.0
    for _ in range(q.max_legs):
        changed = False
        for r, route in enumerate(tt.routes):
            if not q.route_ok[r]:
                continue
            stops, arr, dep = route.stops, route.arr, route.dep
            cum_cost, cum_co2 = w.cum_cost[r], w.cum_co2[r]
            board, cutoff = w.board_cost[r], route.cutoff
            bt, bc, bz = FAR, inf, inf  # the best of the stops after i, from the run's start
            for i in range(len(stops) - 1, -1, -1):
                p = stops[i]
                if bt < FAR and (p == q.origin or w.transfer_ok[p]):
                    hub = p != q.origin
                    t = (w.hub_min[p] if hub else 0) + cutoff + bt - dep[i]
                    c = (w.hub_cost[p] if hub else 0.0) + board + (bc - cum_cost[i])
                    z = (w.hub_co2[p] if hub else 0.0) + (bz - cum_co2[i])
                    if t < lt[p]:
                        lt[p], changed = t, True
                    if c < lc[p]:
                        lc[p], changed = c, True
                    if z < lz[p]:
                        lz[p], changed = z, True
                if lt[p] < FAR:
                    bt = min(bt, arr[i] + lt[p])
                    bc = min(bc, cum_cost[i] + lc[p])
                    bz = min(bz, cum_co2[i] + lz[p])
        if not changed:
            break
    return Remaining(lt, lc, lz)
