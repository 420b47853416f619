"""A round-based multi-criteria search over dated runs (McRAPTOR, Delling, Pajor & Werneck 2015).

Round *k* finds every journey of *k* legs that no journey found so far dominates. Each place keeps
a bag of non-dominated labels (arrival, cost, CO2e, legs and two flags); a round scans each route
that a label improved in the previous round once, from the first such stop on, carrying a *route
bag* of the runs boarded so far. Boarding takes the earliest run that the cargo can make (after
handling, export clearance and the cut-off) with room for it. Labels dominated by an option
already found at the destination are dropped (target pruning).

See ``docs/planner.md`` for the rules (module :mod:`landsea.planning.journey`), the dominance
relation and the complexity.

References
----------
D. Delling, T. Pajor, R. F. Werneck. Round-Based Public Transit Routing. Transportation Science
49(3):591–604, 2015.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from landsea.planning.journey import Journey, JourneyLeg, Query
from landsea.planning.remaining import FAR, Remaining, remaining

__all__ = ["SearchStats", "mcraptor"]

_SCHEDULED = 1  # a scheduled run has been boarded: the departure window no longer applies
_VIA = 2  # the required via place has been passed
_EPS = 1e-6

# A label: (time, cost, co2, legs, flags, option departure, parent); parent is None at the origin
# or (previous label, route, trip, board, alight).
Label = tuple[int, float, float, int, int, int, Any]


@dataclass(slots=True)
class SearchStats:
    rounds: int = 0
    routes_scanned: int = 0
    labels: int = 0
    work: int = 0
    """Label comparisons (counted by the compiled kernel only)."""


def _dominates(a: Label, b: Label, transit_limited: bool) -> bool:
    """Whether label ``a`` is at least as good as ``b`` for every continuation."""
    if a[0] > b[0] or a[1] > b[1] + _EPS or a[2] > b[2] + _EPS or a[3] > b[3]:
        return False
    return _continues_as_well(a, b, transit_limited)


def _continues_as_well(a: Label, b: Label, transit_limited: bool) -> bool:
    """Whether ``a``, no worse than ``b`` in the criteria, can also take ``b``'s continuations."""
    if b[4] & ~a[4]:
        return False
    if a[3] == 0:  # the origin label is unique and never stands in for another
        return False
    if not a[4] & _SCHEDULED:
        # Before any scheduled run the window moves with the label's time: only equal times compare.
        return a[0] == b[0]
    if transit_limited:
        return bool(b[4] & _SCHEDULED) and a[5] >= b[5]
    return True


def _final_dominates(a: Label, b: Label) -> bool:
    return a[0] <= b[0] and a[1] <= b[1] + _EPS and a[2] <= b[2] + _EPS and a[3] <= b[3]


def mcraptor(
    tt: Any, w: Any, q: Query, stats: SearchStats | None = None
) -> list[tuple[Label, Journey]]:
    """Every non-dominated journey from ``q.origin`` to ``q.destination`` with its final label.

    Parameters
    ----------
    tt : Timetable
        The compiled network.
    w : Weights
        The cost model compiled against ``tt``.
    q : Query
        The compiled request.

    Returns
    -------
    list of (label, journey)
        Sorted by arrival, then cost. Labels hold (arrival, cost, co2, legs, flags, departure, ·).
    """
    stats = stats if stats is not None else SearchStats()
    rem = remaining(tt, w, q)
    if not rem.reaches(q.origin):
        return []
    limited = q.max_transit is not None
    country = tt.country
    origin_flags = _VIA if q.via is None or q.via == q.origin else 0
    origin: Label = (q.ready, 0.0, 0.0, 0, origin_flags, q.ready, None)
    best: list[list[Label]] = [[] for _ in tt.places]
    best[q.origin].append(origin)
    final: list[Label] = []
    marked: dict[int, list[Label]] = {q.origin: [origin]}

    offer, ahead = _offerer(best, final, q, limited, stats, rem)
    for round_number in range(1, q.max_legs + 1):
        stats.rounds = round_number
        if final:  # target pruning again, with the options found since the labels were offered
            marked = {
                p: kept
                for p, labels in marked.items()
                if (kept := [b for b in labels if not b[3] or not ahead(p, b[0], b[1], b[2], b[3])])
            }
        queue: dict[int, int] = {}
        for p in marked:
            for r, i in tt.routes_at[p]:
                if q.route_ok[r] and (r not in queue or i < queue[r]):
                    queue[r] = i
        new: dict[int, list[Label]] = {}
        for r, first in queue.items():
            stats.routes_scanned += 1
            _scan(tt, w, q, r, first, marked, new, offer, country, limited, final)
        marked = {p: labels for p, labels in new.items() if labels}
        if not marked:
            break
    final.sort(key=lambda label: (label[0], label[1], label[2], label[3]))
    return [(label, _journey(label)) for label in final]


def _offerer(
    best: list[list[Label]],
    final: list[Label],
    q: Query,
    limited: bool,
    stats: SearchStats,
    rem: Remaining,
) -> tuple[
    Callable[[int, int, float, float, list[Any], int, dict[int, list[Label]]], None],
    Callable[[int, int, float, float, int], bool],
]:
    """The function that offers a label to a place's bag, and the target pruning test; closures,
    so that the hot loop reads the search's state from local cells."""
    horizon_end = q.horizon_end
    max_transit = q.max_transit if q.max_transit is not None else 0
    destination = q.destination
    eps = _EPS
    bounds = q.bounds
    slack, target_cost, target_co2 = bounds.time, 1.0 + bounds.cost, 1.0 + bounds.co2
    bag_cost, bag_co2 = 1.0 + bounds.bag_cost, 1.0 + bounds.bag_co2
    left_t, left_c, left_z = rem.time, rem.cost, rem.co2

    def ahead(p: int, t: int, c: float, z: float, legs: int) -> bool:
        """Whether an option already found is no worse than every journey the label at ``p``
        can become (within the bounds)."""
        t, c, z = t + left_t[p], c + left_c[p], z + left_z[p]
        legs += p != destination
        for d in final:  # sorted by arrival
            if d[0] > t + slack:
                return False
            if d[1] <= c * target_cost + eps and d[2] <= z * target_co2 + eps and d[3] <= legs:
                return True
        return False

    def offer(
        p: int, t: int, c: float, z: float, e: list[Any], j: int, new: dict[int, list[Label]]
    ) -> None:
        """Offer the label of alighting at stop ``j`` (place ``p``) from route-bag element ``e``."""
        legs, flags = e[3], e[4]
        if t > horizon_end:
            return
        if limited and flags & _SCHEDULED and t - e[5] > max_transit:
            return
        if left_t[p] >= FAR or ahead(p, t, c, z, legs):
            return  # the destination is out of reach, or an option found is no worse
        label: Label = (t, c, z, legs, flags, e[5], (e[6], e[12], e[7], e[8], j))
        bag = best[p]
        dominated = False
        for other in bag:
            # The cheap test first; the flags and the special cases only when it passes.
            if (
                other[0] <= t and other[1] <= c * bag_cost + eps and other[2] <= z * bag_co2 + eps
                and other[3] <= legs and _continues_as_well(other, label, limited)
            ):  # fmt: skip
                return
            if (
                t <= other[0] and c <= other[1] + eps and z <= other[2] + eps
                and legs <= other[3]
            ):  # fmt: skip
                dominated = True
        if dominated:
            bag[:] = [other for other in bag if not _dominates(label, other, limited)]
            fresh = new.get(p)
            if fresh:
                fresh[:] = [other for other in fresh if not _dominates(label, other, limited)]
        bag.append(label)
        new.setdefault(p, []).append(label)
        stats.labels += 1
        if p == destination and flags & _VIA:
            if limited and t - e[5] > max_transit:
                return
            final[:] = [other for other in final if not _final_dominates(label, other)]
            insort(final, label, key=_arrival)

    return offer, ahead


def _arrival(label: Label) -> int:
    return label[0]


def _scan(
    tt: Any,
    w: Any,
    q: Query,
    r: int,
    first: int,
    marked: dict[int, list[Label]],
    new: dict[int, list[Label]],
    offer: Any,
    country: list[str],
    limited: bool,
    final: list[Label],
) -> None:
    """Scan route ``r`` from its stop ``first``: alight the route bag at every stop, and board
    it with the labels marked in the previous round."""
    route = tt.routes[r]
    stops, arr = route.stops, route.arr
    cum_cost, cum_co2 = w.cum_cost[r], w.cum_co2[r]
    last = len(stops) - 1
    # Route bag elements: [start, cost base, co2 base, legs, flags, departure, source label,
    #                      trip, board position, export cleared, crossing key, split, route]
    bag: list[list[Any]] = []
    for j in range(first, last + 1):
        p = stops[j]
        if bag:
            if p == q.via:
                for e in bag:
                    e[4] |= _VIA
            here = country[p]
            arrive, cost_here, co2_here = arr[j], cum_cost[j], cum_co2[j]
            imported = q.import_min[p]
            for e in bag:
                key = e[10]  # (export cleared, country of boarding, next border stop after it)
                crossing = key[1] != here and j <= key[2]
                if e[11] and crossing != key[0]:
                    continue  # each boarding variant alights where its clearance applies
                offer(
                    p,
                    e[0] + arrive + (imported if crossing else 0),
                    e[1] + cost_here,
                    e[2] + co2_here,
                    e,
                    j,
                    new,
                )
        if j == last:
            break
        labels = marked.get(p)
        if labels:
            _board(bag, labels, route, w, q, r, j, country, limited)


def _board(
    bag: list[list[Any]],
    labels: list[Label],
    route: Any,
    w: Any,
    q: Query,
    r: int,
    j: int,
    country: list[str],
    limited: bool,
) -> None:
    """Add to the route bag the runs of ``route`` that the ``labels`` at its stop ``j`` can
    board: the earliest with room after handling, clearance and the cut-off (every one in the
    window when the transit time is limited)."""
    stops, dep, starts = route.stops, route.dep, route.starts
    p = stops[j]
    cutoff = route.cutoff
    cum_cost, cum_co2 = w.cum_cost[r], w.cum_co2[r]
    boarding = w.board_cost[r]
    capacity = q.capacity
    transfer_ok = w.transfer_ok[p]
    export = q.export_min[p] if route.leaves[j] else 0
    split = bool(export)  # boardings here come as a cleared and an uncleared variant
    for source in labels:
        legs = source[3]
        if legs:
            if not transfer_ok:
                continue
            ready = source[0] + w.hub_min[p]
            cost = source[1] + w.hub_cost[p]
            co2 = source[2] + w.hub_co2[p]
        else:
            ready, cost, co2 = source[0], source[1], source[2]
        flags = source[4] | (_VIA if p == q.via else 0)
        variants = ((False, 0), (True, export)) if export else ((False, 0),)
        for cleared, clearance in variants:
            earliest = ready + clearance + cutoff
            departure = source[5]
            base = cost + boarding - cum_cost[j]
            if route.on_demand:
                element = [
                    earliest - dep[j], base, co2 - cum_co2[j], legs + 1, flags, departure,
                    source, None, j, cleared or not export,
                ]  # fmt: skip
                _enter(bag, element, country, stops, route.next_border, limited, split, r)
                continue
            trip = bisect_left(starts, earliest - dep[j])
            while trip < len(starts):
                if capacity and not q.has_room(r, trip):
                    trip += 1
                    continue
                start = starts[trip]
                run_flags = flags
                if not flags & _SCHEDULED:
                    d = start + dep[j]
                    departure = d if legs == 0 else q.ready + (d - cutoff - clearance - ready)
                    if departure >= q.ready + q.window:
                        break
                    run_flags = flags | _SCHEDULED
                element = [
                    start, base, co2 - cum_co2[j], legs + 1, run_flags, departure,
                    source, trip, j, cleared or not export,
                ]  # fmt: skip
                _enter(bag, element, country, stops, route.next_border, limited, split, r)
                # Without a transit limit the earliest run is the best; with one, a later
                # first departure can make a journey short enough, so every run in the
                # window is a candidate (the departure becomes a criterion).
                if not limited or flags & _SCHEDULED:
                    break
                trip += 1


def _enter(
    bag: list[list[Any]],
    e: list[Any],
    country: list[str],
    stops: list[int],
    next_border: list[int],
    limited: bool,
    split: bool,
    route: int,
) -> None:
    """Add ``e`` to the route bag unless an element dominates it; drop those it dominates.

    Elements compare only when their boarding stops make them cross borders alike (the same
    country, the same next border stop, the same clearance): then every later stop treats them
    the same way.
    """
    board = e[8]
    key = (e[9], country[stops[board]], next_border[board])
    e.append(key)
    e.append(split)
    e.append(route)
    start, cost, co2, legs = e[0], e[1], e[2], e[3]
    eps = _EPS
    dominated = False
    for other in bag:
        if other[10] != key:
            continue
        if (
            other[0] <= start and other[1] <= cost + eps and other[2] <= co2 + eps
            and other[3] <= legs and _element_dominates(other, e, limited)
        ):  # fmt: skip
            return
        if start <= other[0] and cost <= other[1] + eps and co2 <= other[2] + eps:
            dominated = True
    if dominated:
        bag[:] = [
            other
            for other in bag
            if not (other[10] == key and _element_dominates(e, other, limited))
        ]
    bag.append(e)


def _element_dominates(a: list[Any], b: list[Any], limited: bool) -> bool:
    if a[0] > b[0] or a[1] > b[1] + _EPS or a[2] > b[2] + _EPS or a[3] > b[3]:
        return False
    if b[4] & ~a[4]:
        return False
    if not a[4] & _SCHEDULED:
        return bool(a[0] == b[0])
    if limited:
        return bool(b[4] & _SCHEDULED) and a[5] >= b[5]
    return True


def _journey(label: Label) -> Journey:
    legs: list[JourneyLeg] = []
    node = label
    while node[6] is not None:
        previous, r, trip, i, j = node[6]
        legs.append(JourneyLeg(route=r, trip=trip, board=i, alight=j))
        node = previous
    return tuple(reversed(legs))
