"""The compiled search kernel: :mod:`landsea.planning.search`'s rules on arrays, under numba.

Labels live in two arrays (integers: arrival, legs, flags, departure, parent label, route, trip,
board and alight positions; floats: cost and CO2e) and point to their parent by row number;
each place's bag is a row of label numbers. The rules, the order of scanning and the order in
which labels are offered are those of the pure-Python kernel (the reference), so that both find
the same options; ``tests/planning`` runs its suites against both.

The functions are compiled once (``cache=True`` keeps the machine code next to this module)
and release the GIL (``nogil=True``): searches on several threads run in parallel.

The work counter counts label comparisons; when ``work_cap`` is positive and the count passes
it, the search stops and says so (the planner then answers an ε-set, see
:mod:`landsea.planning.planner`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
from numba import njit

from landsea.planning.kernel_remaining import FAR, _remaining
from landsea.planning.kernel_views import alive, borrow, borrow_all

__all__ = ["FAR", "run"]

_SCHEDULED = 1
_VIA = 2
_EPS = 1e-6

# Label columns (integers).
T, LEGS, FLAGS, DEP, PARENT, ROUTE, TRIP, BOARD, ALIGHT = range(9)
# Route bag columns (integers); the floats are the cost and CO2e bases.
START, E_LEGS, E_FLAGS, E_DEP, SOURCE, E_TRIP, E_BOARD, CLEARED, KEY_COUNTRY, KEY_BORDER, SPLIT = (
    range(11)
)
# Counters.
NLAB, NNEW, NFINAL, WORK, ROUNDS, SCANNED, CAPPED = range(7)
# Query scalars.
ORIGIN, DEST, READY, WINDOW, MAX_TRANSIT, MAX_LEGS, VIA, HORIZON, HAS_CAPACITY, EPS_T, CAP = range(
    11
)

_F = TypeVar("_F", bound=Callable[..., Any])
_jit = cast(Callable[[_F], _F], njit(cache=True, nogil=True))
_inline = cast(Callable[[_F], _F], njit(cache=True, nogil=True, inline="always"))
"""Inlined where called: an array passed to a compiled call costs two atomic reference counts,
which in the inner loops cost more than the comparisons."""


@_jit
def _grow_rows(a: Any) -> Any:
    b = np.empty((a.shape[0] * 2, a.shape[1]), a.dtype)
    b[: a.shape[0]] = a
    return b


@_jit
def _grow_cols(a: Any) -> Any:
    b = np.empty((a.shape[0], a.shape[1] * 2), a.dtype)
    b[:, : a.shape[1]] = a
    return b


@_inline
def _dominates(a_t: int, a_c: float, a_z: float, a_legs: int, a_flags: int, a_dep: int,
               t: int, c: float, z: float, legs: int, flags: int, dep: int, limited: bool,
               ec: float, ez: float) -> bool:  # fmt: skip
    """Whether label ``a`` (ε-)dominates the candidate (search.py's ``_dominates``); scalars
    only, so that the inner loops do not count references."""
    if a_t > t or a_c > c * (1.0 + ec) + _EPS or a_z > z * (1.0 + ez) + _EPS:
        return False
    if a_legs > legs or flags & ~a_flags:
        return False
    if a_legs == 0:
        return False
    if not a_flags & _SCHEDULED:
        return bool(a_t == t)
    if limited:
        return bool(flags & _SCHEDULED) and a_dep >= dep
    return True


@_inline
def _compact(rows: Any, lengths: Any, p: int, li: Any, lf: Any, n: int, limited: bool) -> None:
    """Drop from row ``p`` the labels that label ``n`` dominates, keeping the order."""
    kept = 0
    nt, nc, nz, nl, nf, nd = li[n, T], lf[n, 0], lf[n, 1], li[n, LEGS], li[n, FLAGS], li[n, DEP]
    for k in range(lengths[p]):
        o = rows[p, k]
        if not _dominates(nt, nc, nz, nl, nf, nd, li[o, T], lf[o, 0], lf[o, 1], li[o, LEGS],
                          li[o, FLAGS], li[o, DEP], limited, 0.0, 0.0):  # fmt: skip
            rows[p, kept] = o
            kept += 1
    lengths[p] = kept


@_inline
def _pruned(li: Any, lf: Any, final: Any, cnt: Any, qs: Any, qf: Any, lb: Any, p: int, t: int,
            c: float, z: float, legs: int) -> bool:  # fmt: skip
    """Target pruning: whether an option already found (ε-)dominates every journey the label
    at ``p`` can become, given the bounds ``lb`` of what is left (search.py's ``ahead``)."""
    et = qs[EPS_T]
    t, c, z = t + lb[0][p], c + lb[1][p], z + lb[2][p]
    if p != qs[DEST]:
        legs += 1
    for k in range(cnt[NFINAL]):
        d = final[k]
        if li[d, T] > t + et:
            return False  # sorted by arrival
        cnt[WORK] += 1
        if (
            lf[d, 0] <= c * (1.0 + qf[2]) + _EPS and lf[d, 1] <= z * (1.0 + qf[3]) + _EPS
            and li[d, LEGS] <= legs
        ):  # fmt: skip
            return True
    return False


@_inline
def _rejected(li: Any, lf: Any, bag: Any, bag_len: Any, p: int, t: int, c: float, z: float,
              legs: int, flags: int, dep: int, limited: bool, qf: Any, cnt: Any) -> int:  # fmt: skip
    """1 if a label of the bag (ε-)dominates the candidate, 2 if the candidate dominates one
    of them, else 0."""
    dominated = 0
    ec, ez = qf[0], qf[1]
    cnt[WORK] += bag_len[p]
    for k in range(bag_len[p]):
        o = bag[p, k]
        if _dominates(li[o, T], lf[o, 0], lf[o, 1], li[o, LEGS], li[o, FLAGS], li[o, DEP],
                      t, c, z, legs, flags, dep, limited, ec, ez):  # fmt: skip
            return 1
        if t <= li[o, T] and c <= lf[o, 0] + _EPS and z <= lf[o, 1] + _EPS and legs <= li[o, LEGS]:
            dominated = 2
    return dominated


@_inline
def _append(rows: Any, lengths: Any, p: int, label: int) -> None:
    rows[p, lengths[p]] = label
    lengths[p] += 1


@_inline
def _to_final(li: Any, lf: Any, final: Any, cnt: Any, n: int) -> None:
    """Drop the options label ``n`` dominates and insert it after those arriving no later."""
    kept = 0
    for k in range(cnt[NFINAL]):
        o = final[k]
        if not (li[n, T] <= li[o, T] and lf[n, 0] <= lf[o, 0] + _EPS
                and lf[n, 1] <= lf[o, 1] + _EPS and li[n, LEGS] <= li[o, LEGS]):  # fmt: skip
            final[kept] = o
            kept += 1
    at = kept
    while at > 0 and li[final[at - 1], T] > li[n, T]:
        final[at] = final[at - 1]
        at -= 1
    final[at] = n
    cnt[NFINAL] = kept + 1


@_inline
def _offer(li: Any, lf: Any, bag: Any, bag_len: Any, new: Any, new_len: Any, new_order: Any,
           final: Any, cnt: Any, qs: Any, qf: Any, lb: Any, p: int, t: int, c: float,
           z: float, rb: Any, e: int, r: int, j: int) -> None:  # fmt: skip
    """Offer the label of alighting at stop ``j`` (place ``p``) from route-bag row ``e``; the
    arrays have room for it (see :func:`_scan`)."""
    legs, flags, dep = rb[e, E_LEGS], rb[e, E_FLAGS], rb[e, E_DEP]
    limited = qs[MAX_TRANSIT] >= 0
    if t > qs[HORIZON]:
        return
    if limited and flags & _SCHEDULED and t - dep > qs[MAX_TRANSIT]:
        return
    if lb[0][p] >= FAR or _pruned(li, lf, final, cnt, qs, qf, lb, p, t, c, z, legs):
        return  # the destination is out of reach, or an option found is no worse
    verdict = _rejected(li, lf, bag, bag_len, p, t, c, z, legs, flags, dep, limited, qf, cnt)
    if verdict == 1:
        return
    n = cnt[NLAB]
    li[n, T], li[n, LEGS], li[n, FLAGS], li[n, DEP] = t, legs, flags, dep
    li[n, PARENT], li[n, ROUTE], li[n, TRIP], li[n, BOARD], li[n, ALIGHT] = (
        rb[e, SOURCE],
        r,
        rb[e, E_TRIP],
        rb[e, E_BOARD],
        j,
    )
    lf[n, 0], lf[n, 1] = c, z
    cnt[NLAB] = n + 1
    if verdict == 2:
        _compact(bag, bag_len, p, li, lf, n, limited)
        _compact(new, new_len, p, li, lf, n, limited)
    _append(bag, bag_len, p, n)
    if new_len[p] == 0:
        new_order[cnt[NNEW]] = p
        cnt[NNEW] += 1
    _append(new, new_len, p, n)
    if p == qs[DEST] and flags & _VIA and not (limited and t - dep > qs[MAX_TRANSIT]):
        _to_final(li, lf, final, cnt, n)


@_inline
def _enter(rb: Any, rf: Any, m: int, e: Any, c: float, z: float, limited: bool) -> int:
    """Add element ``e`` (costs ``c``, ``z``) to the route bag unless one of the same
    crossing key dominates it; drop those it dominates (search.py's ``_enter``). The bag
    has room for one more (see :func:`_board`); the new count is returned."""
    dominated = False
    for k in range(m):
        if rb[k, CLEARED] != e[CLEARED] or rb[k, KEY_COUNTRY] != e[KEY_COUNTRY]:
            continue
        if rb[k, KEY_BORDER] != e[KEY_BORDER]:
            continue
        if _element_dominates(rb[k, START], rf[k, 0], rf[k, 1], rb[k, E_LEGS], rb[k, E_FLAGS],
                              rb[k, E_DEP], e[START], c, z, e[E_LEGS], e[E_FLAGS], e[E_DEP],
                              limited):  # fmt: skip
            return m
        if e[START] <= rb[k, START] and c <= rf[k, 0] + _EPS and z <= rf[k, 1] + _EPS:
            dominated = True
    if dominated:
        kept = 0
        for k in range(m):
            same = rb[k, CLEARED] == e[CLEARED] and rb[k, KEY_COUNTRY] == e[KEY_COUNTRY]
            if same and rb[k, KEY_BORDER] == e[KEY_BORDER]:
                if _element_dominates(e[START], c, z, e[E_LEGS], e[E_FLAGS], e[E_DEP],
                                      rb[k, START], rf[k, 0], rf[k, 1], rb[k, E_LEGS],
                                      rb[k, E_FLAGS], rb[k, E_DEP], limited):  # fmt: skip
                    continue
            for col in range(11):
                rb[kept, col] = rb[k, col]
            rf[kept, 0], rf[kept, 1] = rf[k, 0], rf[k, 1]
            kept += 1
        m = kept
    for col in range(11):
        rb[m, col] = e[col]
    rf[m, 0], rf[m, 1] = c, z
    return m + 1


@_inline
def _element_dominates(a_start: int, ac: float, az: float, a_legs: int, a_flags: int,
                       a_dep: int, b_start: int, bc: float, bz: float, b_legs: int,
                       b_flags: int, b_dep: int, limited: bool) -> bool:  # fmt: skip
    if a_start > b_start or ac > bc + _EPS or az > bz + _EPS or a_legs > b_legs:
        return False
    if b_flags & ~a_flags:
        return False
    if not a_flags & _SCHEDULED:
        return bool(a_start == b_start)
    if limited:
        return bool(b_flags & _SCHEDULED) and a_dep >= b_dep
    return True


@_inline
def _bisect(a: Any, lo: int, hi: int, x: int) -> int:
    """The first index in ``a[lo:hi]`` whose value is ``>= x`` (``hi`` if none)."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@_inline
def _board(rb: Any, rf: Any, m: int, li: Any, lf: Any, mk: Any, mk_len: Any, r: int, j: int,
           tt: Any, w: Any, wi: Any, qi: Any, qs: Any) -> Any:  # fmt: skip
    """Add to the route bag the runs of route ``r`` that the labels marked at its stop ``j``
    can board (search.py's ``_board``)."""
    stop_ptr, stops, _, dep, next_border, leaves, on_demand, cutoff, trip_ptr, starts = tt[:10]
    country = tt[13]
    s = stop_ptr[r] + j
    p, cut, limited = stops[s], cutoff[r], qs[MAX_TRANSIT] >= 0
    export = qi[1][p] if leaves[s] else 0
    t0, t1 = trip_ptr[r], trip_ptr[r + 1]
    owner = np.empty(11, np.int64)
    e, vrb, vrf = borrow(owner), borrow(rb), borrow(rf)
    e[E_BOARD], e[KEY_COUNTRY], e[KEY_BORDER], e[SPLIT] = j, country[p], next_border[s], export > 0
    for k in range(mk_len[p]):
        source = mk[p, k]
        legs = li[source, LEGS]
        ready, cost, co2 = li[source, T], lf[source, 0], lf[source, 1]
        if legs:
            if not wi[0][p]:
                continue
            ready, cost, co2 = ready + wi[1][p], cost + w[3][p], co2 + w[4][p]
        flags = li[source, FLAGS] | (_VIA if p == qs[VIA] else 0)
        e[E_LEGS], e[SOURCE] = legs + 1, source
        for variant in range(2 if export else 1):
            clearance = export if variant else 0
            earliest = ready + clearance + cut
            departure = li[source, DEP]
            base, base_co2 = cost + w[0][r] - w[1][s], co2 - w[2][s]
            e[CLEARED] = variant == 1 or not export
            if on_demand[r]:
                e[START], e[E_FLAGS], e[E_DEP], e[E_TRIP] = earliest - dep[s], flags, departure, -1
                if m == rb.shape[0]:
                    rb, rf = _grow_rows(rb), _grow_rows(rf)
                    vrb, vrf = borrow(rb), borrow(rf)
                m = _enter(vrb, vrf, m, e, base, base_co2, limited)
                continue
            trip = _bisect(starts, t0, t1, earliest - dep[s])
            while trip < t1:
                if qs[HAS_CAPACITY] and not qi[3][trip]:
                    trip += 1
                    continue
                run_flags = flags
                if not flags & _SCHEDULED:
                    d = starts[trip] + dep[s]
                    departure = d if legs == 0 else qs[READY] + (d - cut - clearance - ready)
                    if departure >= qs[READY] + qs[WINDOW]:
                        break
                    run_flags = flags | _SCHEDULED
                e[START], e[E_FLAGS], e[E_DEP], e[E_TRIP] = (
                    starts[trip],
                    run_flags,
                    departure,
                    (trip - t0),
                )
                if m == rb.shape[0]:
                    rb, rf = _grow_rows(rb), _grow_rows(rf)
                    vrb, vrf = borrow(rb), borrow(rf)
                m = _enter(vrb, vrf, m, e, base, base_co2, limited)
                if not limited or flags & _SCHEDULED:
                    break
                trip += 1
    alive(owner)
    return rb, rf, m


@_inline
def _scan(st: Any, rb: Any, rf: Any, r: int, first: int, mk: Any, mk_len: Any, tt: Any,
          w: Any, wi: Any, qi: Any, qs: Any, qf: Any, lb: Any) -> Any:  # fmt: skip
    """Scan route ``r`` from its stop ``first``: alight the route bag at every stop, and board
    it with the labels marked in the previous round. The arrays grow here, before an offer
    that might not find room; the hot functions are inlined (no reference counting)."""
    li, lf, bag, bag_len, new, new_len, new_order, final, cnt = st
    stop_ptr, stops, arr, country, w_cost, w_co2, imports = tt[0], tt[1], tt[2], tt[13], w[1], w[2], qi[2]  # fmt: skip
    s0 = stop_ptr[r]
    n = stop_ptr[r + 1] - s0
    m = 0
    for j in range(first, n):
        s = s0 + j
        p = stops[s]
        if m:
            if p == qs[VIA]:
                for k in range(m):
                    rb[k, E_FLAGS] |= _VIA
            if cnt[NLAB] + m > li.shape[0]:
                li, lf = _grow_rows(li), _grow_rows(lf)
            if bag_len[p] + m > bag.shape[1]:
                bag = _grow_cols(bag)
            if new_len[p] + m > new.shape[1]:
                new = _grow_cols(new)
            if cnt[NFINAL] + m > final.shape[0]:
                final = _grow_final(final, cnt[NFINAL] + m)
            vli, vlf, vbag, vnew = borrow(li), borrow(lf), borrow(bag), borrow(new)
            vfinal = borrow(final)
            vrb, vrf = borrow(rb), borrow(rf)
            for k in range(m):
                crossing = vrb[k, KEY_COUNTRY] != country[p] and j <= vrb[k, KEY_BORDER]
                if vrb[k, SPLIT] and crossing != (vrb[k, CLEARED] == 1):
                    continue
                t = vrb[k, START] + arr[s] + (imports[p] if crossing else 0)
                _offer(vli, vlf, vbag, bag_len, vnew, new_len, new_order, vfinal, cnt, qs, qf, lb,
                       p, t, vrf[k, 0] + w_cost[s], vrf[k, 1] + w_co2[s], vrb, k, r, j)  # fmt: skip
        if j == n - 1:
            break
        if mk_len[p]:
            rb, rf, m = _board(rb, rf, m, borrow(li), borrow(lf), borrow(mk), mk_len, r, j, tt, w,
                               wi, qi, qs)  # fmt: skip
    return (li, lf, bag, bag_len, new, new_len, new_order, final, cnt), rb, rf


@_jit
def _grow_final(final: Any, size: int) -> Any:
    bigger = np.empty(max(size, final.shape[0] * 2), final.dtype)
    bigger[: final.shape[0]] = final
    return bigger


@_jit
def _queue(mk_order: Any, n_mk: int, tt: Any, route_ok: Any, qfirst: Any, qorder: Any) -> int:
    """The routes to scan, in the order their first marked stop was met, from that stop."""
    at_ptr, at_route, at_pos = tt[10], tt[11], tt[12]
    nq = 0
    for a in range(n_mk):
        p = mk_order[a]
        for x in range(at_ptr[p], at_ptr[p + 1]):
            r, i = at_route[x], at_pos[x]
            if not route_ok[r]:
                continue
            if qfirst[r] < 0:
                qorder[nq] = r
                nq += 1
                qfirst[r] = i
            elif i < qfirst[r]:
                qfirst[r] = i
    return nq


@_jit
def _cut(mk: Any, mk_len: Any, mk_order: Any, n_mk: int, li: Any, lf: Any, final: Any,
         cnt: Any, qs: Any, qf: Any, lb: Any) -> int:  # fmt: skip
    """Target pruning of the marked labels before a round boards them (search.py's round
    start); the places left keep their order."""
    kept_places = 0
    mk, li, lf, final = borrow(mk), borrow(li), borrow(lf), borrow(final)
    for a in range(n_mk):
        p = mk_order[a]
        kept = 0
        for k in range(mk_len[p]):
            n = mk[p, k]
            if li[n, LEGS] and _pruned(li, lf, final, cnt, qs, qf, lb, p, li[n, T], lf[n, 0],
                                       lf[n, 1], li[n, LEGS]):  # fmt: skip
                continue
            mk[p, kept] = n
            kept += 1
        mk_len[p] = kept
        if kept:
            mk_order[kept_places] = p
            kept_places += 1
    return kept_places


@_jit
def _search(tt: Any, w: Any, wi: Any, qi: Any, qs: Any, qf: Any, origin_flags: int) -> Any:
    places, routes = tt[10].shape[0] - 1, tt[0].shape[0] - 1
    owned = _remaining(tt, w, wi, qi[0], qs)
    lb = (borrow(owned[0]), borrow(owned[1]), borrow(owned[2]))
    tt = borrow_all(tt)
    w = (borrow(w[0]), borrow(w[1]), borrow(w[2]), borrow(w[3]), borrow(w[4]))
    wi, qs, qf = (borrow(wi[0]), borrow(wi[1])), borrow(qs), borrow(qf)
    qi = (borrow(qi[0]), borrow(qi[1]), borrow(qi[2]), borrow(qi[3]))
    li, lf = np.empty((4096, 9), np.int64), np.empty((4096, 2), np.float64)
    bag, new, mk = (np.empty((places, 8), np.int64), np.empty((places, 8), np.int64),
                    np.empty((places, 8), np.int64))  # fmt: skip
    bag_len, new_len, mk_len = (np.zeros(places, np.int64), np.zeros(places, np.int64),
                                np.zeros(places, np.int64))  # fmt: skip
    new_order, mk_order = np.empty(places, np.int64), np.empty(places, np.int64)
    cnt, final = np.zeros(7, np.int64), np.empty(64, np.int64)
    fixed = (bag_len, new_len, mk_len, new_order, mk_order, cnt)
    bag_len, new_len, mk_len, new_order, mk_order, cnt = (borrow(bag_len), borrow(new_len),
        borrow(mk_len), borrow(new_order), borrow(mk_order), borrow(cnt))  # fmt: skip
    qfirst, qorder = np.full(routes, -1, np.int64), np.empty(routes, np.int64)
    rb, rf = np.empty((64, 11), np.int64), np.empty((64, 2), np.float64)
    o = qs[ORIGIN]
    li[0, T], li[0, LEGS], li[0, FLAGS], li[0, DEP], li[0, PARENT] = (
        qs[READY],
        0,
        origin_flags,
        (qs[READY]),
        -1,
    )
    lf[0, 0], lf[0, 1] = 0.0, 0.0
    cnt[NLAB] = 1
    bag[o, 0], bag_len[o], mk[o, 0], mk_len[o], mk_order[0], n_mk = 0, 1, 0, 1, o, 1
    if lb[0][o] >= FAR:
        return li[:1], lf[:1], final[:0].copy(), fixed[5]
    for round_number in range(1, qs[MAX_LEGS] + 1):
        cnt[ROUNDS] = round_number
        if cnt[NFINAL]:
            n_mk = _cut(mk, mk_len, mk_order, n_mk, li, lf, final, cnt, qs, qf, lb)
        nq = _queue(mk_order, n_mk, tt, qi[0], qfirst, qorder)
        st = (li, lf, bag, bag_len, new, new_len, new_order, final, cnt)
        for a in range(nq):
            r = qorder[a]
            cnt[SCANNED] += 1
            st, rb, rf = _scan(st, rb, rf, r, qfirst[r], mk, mk_len, tt, w, wi, qi, qs, qf, lb)
            if qs[CAP] > 0 and cnt[WORK] > qs[CAP]:
                cnt[CAPPED] = 1
                break
        li, lf, bag, bag_len, new, new_len, new_order, final, cnt = st
        for a in range(nq):
            qfirst[qorder[a]] = -1
        for a in range(n_mk):
            mk_len[mk_order[a]] = 0
        mk, new, mk_len, new_len, mk_order, new_order = (
            new,
            mk,
            new_len,
            mk_len,
            new_order,
            mk_order,
        )
        n_mk, cnt[NNEW] = cnt[NNEW], 0
        if n_mk == 0 or cnt[CAPPED]:
            break
    alive(owned, fixed)
    return li, lf, final[: cnt[NFINAL]].copy(), fixed[5]


def run(arrays: Any, qi: Any, qs: Any, qf: Any, origin_flags: int) -> Any:
    """Run the compiled search on prepared arrays (see :mod:`landsea.planning.arrays`)."""
    return _search(arrays.tt, arrays.w, arrays.wi, qi, qs, qf, origin_flags)
