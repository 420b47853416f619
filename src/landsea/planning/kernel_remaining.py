"""The compiled bounds on what is left of a journey (:mod:`landsea.planning.remaining`'s
``remaining``: the same operations in the same order, on the kernel's arrays)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
from numba import njit

__all__ = ["FAR", "_remaining"]

FAR = 1 << 60
"""remaining.FAR: the destination cannot be reached."""
# Query scalars (kernel.py's ORIGIN, DEST and MAX_LEGS).
_ORIGIN, _DEST, _MAX_LEGS = 0, 1, 5

_F = TypeVar("_F", bound=Callable[..., Any])
_jit = cast(Callable[[_F], _F], njit(cache=True, nogil=True))


@_jit
def _remaining(tt: Any, w: Any, wi: Any, route_ok: Any, qs: Any) -> Any:
    """The least time, cost and CO2e left from each place (remaining.py's ``remaining``: the
    same operations in the same order)."""
    stop_ptr, stops, arr, dep, cutoff = tt[0], tt[1], tt[2], tt[3], tt[7]
    board, cum_cost, cum_co2, hub_cost, hub_co2 = w
    transfer_ok, hub_min = wi
    origin, dest = qs[_ORIGIN], qs[_DEST]
    places = tt[10].shape[0] - 1
    lt = np.full(places, FAR, np.int64)
    lc, lz = np.full(places, np.inf), np.full(places, np.inf)
    lt[dest], lc[dest], lz[dest] = 0, 0.0, 0.0
    for _ in range(qs[_MAX_LEGS]):
        changed = False
        for r in range(stop_ptr.shape[0] - 1):
            if not route_ok[r]:
                continue
            bt, bc, bz = FAR, np.inf, np.inf
            for s in range(stop_ptr[r + 1] - 1, stop_ptr[r] - 1, -1):
                p = stops[s]
                if bt < FAR and (p == origin or transfer_ok[p]):
                    hub = p != origin
                    t = (hub_min[p] if hub else 0) + cutoff[r] + bt - dep[s]
                    c = (hub_cost[p] if hub else 0.0) + board[r] + (bc - cum_cost[s])
                    z = (hub_co2[p] if hub else 0.0) + (bz - cum_co2[s])
                    if t < lt[p]:
                        lt[p], changed = t, True
                    if c < lc[p]:
                        lc[p], changed = c, True
                    if z < lz[p]:
                        lz[p], changed = z, True
                if lt[p] < FAR:
                    bt = min(bt, arr[s] + lt[p])
                    bc = min(bc, cum_cost[s] + lc[p])
                    bz = min(bz, cum_co2[s] + lz[p])
        if not changed:
            break
    return lt, lc, lz
