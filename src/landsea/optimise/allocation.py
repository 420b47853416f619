"""Slot allocation as a path-based integer program, solved with HiGHS.

The problem, in the abstract (the service layer builds it from requests and departures):

- *commodities* ``c``: identical requests taken together — ``demand[c]`` of them, each needing
  ``teu[c]`` TEU and ``plugs[c]`` reefer plugs on every departure it rides, unsplit;
- *columns* ``p``: candidate itineraries of a commodity, each with a cost per request and the
  *resources* (departures) it uses;
- *resources* ``r``: departures with the TEU and plugs left.

::

    minimise   Σ_p cost_p · x_p  +  Σ_c miss_c · u_c
    subject to Σ_{p of c} x_p + u_c = demand_c                    for every commodity c
               Σ_{p using r} teu_{c(p)} · x_p  ≤ teu_left_r         for every resource r
               Σ_{p using r} plugs_{c(p)} · x_p ≤ plugs_left_r      (where any column needs plugs)
               x_p, u_c ∈ ℤ≥0                    (u_c = 0 when every request must be carried)

``x_p`` counts the requests of ``c`` that take itinerary ``p``; ``u_c`` those left unassigned at
``miss_c`` each. The solver (1) solves the LP relaxation, whose value is a lower bound on every
integer solution; (2) rounds it down and repairs the rest greedily, and keeps the better of that
and the greedy baseline; (3) on a large problem, gives that incumbent to the HiGHS branch-and-cut
on the promising itineraries alone (the LP's, the incumbent's and the few of least reduced cost of
each commodity), whose solution is one of the whole; (4) unless that is within the gap, gives the
best so far to the branch-and-cut on every itinerary with the time and gap left. The bound
reported is the better of the LP value and the whole MIP's dual bound (never the restricted
one's), so the gap is honest whatever stops the search.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

__all__ = ["AllocationProblem", "AllocationResult", "Column", "greedy", "solve"]

INF = highspy.kHighsInf
RESTRICT_FROM = 20_000
"""Itineraries from which the branch-and-cut first runs on the promising ones alone."""
PROMISING = 3
"""Of each commodity's itineraries, how many of the least reduced cost the restricted run keeps
(besides those the LP or the incumbent use)."""


@dataclass(frozen=True, slots=True)
class Column:
    commodity: int
    cost: float
    """Cost of one request of the commodity on this itinerary."""
    resources: tuple[int, ...]
    """The departures it rides, once per leg: an itinerary that leaves a run and boards it again
    further on takes its room twice, as its booking would."""

    def uses(self) -> list[tuple[int, int]]:
        """(resource, legs on it) pairs."""
        counts: dict[int, int] = {}
        for r in self.resources:
            counts[r] = counts.get(r, 0) + 1
        return list(counts.items())


@dataclass(slots=True)
class AllocationProblem:
    demand: list[int]
    teu: list[int]
    plugs: list[int]
    miss_cost: list[float]
    """What leaving one request of each commodity unassigned costs."""
    columns: list[Column]
    teu_left: list[float]
    plugs_left: list[float]
    order: list[int] = field(default_factory=list)
    """The commodity of each request in ready-time order (the greedy baseline's order)."""

    def __post_init__(self) -> None:
        if not self.order:
            self.order = [c for c, n in enumerate(self.demand) for _ in range(n)]

    def columns_of(self) -> list[list[int]]:
        by: list[list[int]] = [[] for _ in self.demand]
        for p, column in enumerate(self.columns):
            by[column.commodity].append(p)
        return by


@dataclass(slots=True)
class AllocationResult:
    status: str
    """``optimal`` (within the gap asked for), ``time_limit`` (the best found when time ran
    out), ``infeasible`` (every request must be carried and cannot be), ``greedy``."""
    x: list[int]
    unassigned: list[int]
    objective: float
    bound: float | None
    seconds: float
    lp_seconds: float = 0.0
    method: str = "optimal"
    log: list[str] = field(default_factory=list)

    @property
    def gap(self) -> float | None:
        if self.bound is None or self.status == "infeasible":
            return None
        return max(0.0, self.objective - self.bound) / max(abs(self.objective), 1e-9)


def _cost(problem: AllocationProblem, x: Sequence[int], u: Sequence[int]) -> float:
    return sum(problem.columns[p].cost * n for p, n in enumerate(x) if n) + sum(
        problem.miss_cost[c] * n for c, n in enumerate(u) if n
    )


def _fill(
    problem: AllocationProblem,
    x: list[int],
    teu_left: list[float],
    plugs_left: list[float],
    units: Sequence[int],
    preference: Callable[[int], list[int]],
) -> list[int]:
    """Give each request in ``units`` (a commodity per request) the first column in its
    ``preference`` order with room left; returns the requests per commodity left over."""
    missing = [0] * len(problem.demand)
    for c in units:
        need_teu, need_plugs = problem.teu[c], problem.plugs[c]
        for p in preference(c):
            uses = problem.columns[p].uses()
            if all(teu_left[r] >= k * need_teu for r, k in uses) and (
                need_plugs == 0 or all(plugs_left[r] >= k * need_plugs for r, k in uses)
            ):
                for r, k in uses:
                    teu_left[r] -= k * need_teu
                    plugs_left[r] -= k * need_plugs
                x[p] += 1
                break
        else:
            missing[c] += 1
    return missing


def greedy(problem: AllocationProblem) -> AllocationResult:
    """The baseline: requests in ready-time order, each on its cheapest itinerary with room."""
    start = time.perf_counter()
    by = problem.columns_of()
    cheapest = [sorted(ps, key=lambda p: problem.columns[p].cost) for ps in by]
    x = [0] * len(problem.columns)
    u = _fill(
        problem,
        x,
        list(problem.teu_left),
        list(problem.plugs_left),
        problem.order,
        lambda c: cheapest[c],
    )
    return AllocationResult(
        status="greedy",
        x=x,
        unassigned=u,
        objective=_cost(problem, x, u),
        bound=None,
        seconds=time.perf_counter() - start,
        method="greedy",
    )


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints its banner on stdout from C when an instance is made; keep stdout clean
    (the command line writes JSON there)."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (some embedded hosts): nothing to protect
        yield
        return
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _highs(threads: int) -> Any:
    with _quiet_stdout():
        solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("threads", threads)
    return solver


def _model(problem: AllocationProblem, integer: bool, require_all: bool) -> Any:
    """The model as HiGHS's column-wise LP: columns x_p then u_c; rows commodities, TEU, plugs."""
    n_commodities, n_resources = len(problem.demand), len(problem.teu_left)
    plug_rows: dict[int, int] = {}
    for column in problem.columns:
        if problem.plugs[column.commodity]:
            for r in column.resources:
                if r not in plug_rows and math.isfinite(problem.plugs_left[r]):
                    plug_rows[r] = n_commodities + n_resources + len(plug_rows)
    starts = [0]
    index: list[int] = []
    value: list[float] = []
    for column in problem.columns:
        c = column.commodity
        index.append(c)
        value.append(1.0)
        for r, k in column.uses():
            if math.isfinite(problem.teu_left[r]):
                index.append(n_commodities + r)
                value.append(float(k * problem.teu[c]))
            if problem.plugs[c] and r in plug_rows:
                index.append(plug_rows[r])
                value.append(float(k * problem.plugs[c]))
        starts.append(len(index))
    for c in range(n_commodities):
        index.append(c)
        value.append(1.0)
        starts.append(len(index))
    n_rows = n_commodities + n_resources + len(plug_rows)
    row_lower = np.empty(n_rows)
    row_upper = np.empty(n_rows)
    row_lower[:n_commodities] = row_upper[:n_commodities] = problem.demand
    row_lower[n_commodities:] = -INF
    row_upper[n_commodities : n_commodities + n_resources] = [
        t if math.isfinite(t) else INF for t in problem.teu_left
    ]
    for r, row in plug_rows.items():
        row_upper[row] = problem.plugs_left[r]
    lp = highspy.HighsLp()
    lp.num_col_ = len(problem.columns) + n_commodities
    lp.num_row_ = n_rows
    lp.col_cost_ = np.array(
        [column.cost for column in problem.columns] + list(problem.miss_cost), dtype=float
    )
    lp.col_lower_ = np.zeros(lp.num_col_)
    upper = [float(problem.demand[column.commodity]) for column in problem.columns]
    upper += [0.0 if require_all else float(d) for d in problem.demand]
    lp.col_upper_ = np.array(upper, dtype=float)
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
    return lp


def solve(
    problem: AllocationProblem,
    *,
    time_limit: float = 120.0,
    gap: float = 0.01,
    require_all: bool = False,
    threads: int = 0,
    restrict_from: int = RESTRICT_FROM,
) -> AllocationResult:
    """The allocation of least cost, within ``gap`` of the bound or the best in ``time_limit``.

    With ``restrict_from`` itineraries or more, the branch-and-cut runs first (for half the time
    left) on the promising ones alone (:func:`_promising`): its solution is a solution of the
    whole, its gap measured against the whole's LP bound, never its own; only when that gap is
    more than ``gap`` does the branch-and-cut run on every itinerary, from that solution."""
    start = time.perf_counter()
    log: list[str] = []
    threads = threads or min(os.cpu_count() or 1, 2)
    lp_status, bound, lp_x, reduced = _relaxation(problem, threads, time_limit, require_all)
    lp_seconds = time.perf_counter() - start
    log.append(f"LP relaxation: {lp_status} in {lp_seconds:.2f} s")
    if lp_status == "Infeasible":
        return AllocationResult(
            status="infeasible",
            x=[0] * len(problem.columns),
            unassigned=list(problem.demand),
            objective=math.inf,
            bound=None,
            seconds=time.perf_counter() - start,
            lp_seconds=lp_seconds,
            log=log,
        )
    x, u, rounded = _incumbent(problem, lp_x)
    incumbent_ok = not (require_all and any(u))
    log.append(f"rounded LP and greedy: best {rounded:,.2f}")
    result = AllocationResult(
        status="time_limit",
        x=x,
        unassigned=u,
        objective=rounded if incumbent_ok else math.inf,
        bound=bound,
        seconds=0.0,
        lp_seconds=lp_seconds,
        log=log,
    )
    if bound is not None and incumbent_ok and result.gap is not None and result.gap <= gap + 1e-9:
        result.status = "optimal"
    else:
        left = time_limit - (time.perf_counter() - start)
        if left > 0.5 and reduced is not None and len(problem.columns) >= restrict_from:
            keep = _promising(problem, lp_x, reduced, result.x)
            _branch_and_cut(
                problem, result, threads, left / 2, gap, require_all, incumbent_ok, keep=keep
            )
            incumbent_ok = incumbent_ok or math.isfinite(result.objective)
        left = time_limit - (time.perf_counter() - start)
        if result.status != "optimal" and left > 0.5:
            _branch_and_cut(problem, result, threads, left, gap, require_all, incumbent_ok)
    result.seconds = time.perf_counter() - start
    return result


def _promising(
    problem: AllocationProblem, lp_x: list[float], reduced: list[float], x: list[int]
) -> list[int]:
    """The itineraries the LP relaxation uses, those of the incumbent, and each commodity's
    :data:`PROMISING` of the least reduced cost: where an optimum of the whole is likely."""
    keep = {p for p in range(len(problem.columns)) if lp_x[p] > 1e-9 or x[p]}
    for columns in problem.columns_of():
        keep.update(sorted(columns, key=lambda p: reduced[p])[:PROMISING])
    return sorted(keep)


def _relaxation(
    problem: AllocationProblem, threads: int, time_limit: float, require_all: bool
) -> tuple[str, float | None, list[float], list[float] | None]:
    """(status, bound, solution, reduced costs) of the LP relaxation (a zero solution unless
    optimal; the reduced costs where the solver gives them)."""
    n_columns = len(problem.columns)
    lp_solver = _highs(threads)
    lp_solver.passModel(_model(problem, integer=False, require_all=require_all))
    if n_columns > 20_000:
        lp_solver.setOptionValue("solver", "ipm")  # IPM is several times faster at this size
    lp_solver.setOptionValue("time_limit", max(1.0, time_limit * 0.5))
    lp_solver.run()
    lp_status = str(lp_solver.modelStatusToString(lp_solver.getModelStatus()))
    if lp_status != "Optimal":
        return lp_status, None, [0.0] * (n_columns + len(problem.demand)), None
    bound = float(lp_solver.getInfo().objective_function_value)
    solution = lp_solver.getSolution()
    reduced = list(solution.col_dual) if solution.dual_valid else None
    return lp_status, bound, list(solution.col_value), reduced


def _incumbent(problem: AllocationProblem, lp_x: list[float]) -> tuple[list[int], list[int], float]:
    """The LP rounded down, the rest placed greedily in the LP's order of preference, or the
    greedy baseline when that is better: (x, u, cost)."""
    n_columns = len(problem.columns)
    x = [math.floor(v + 1e-6) for v in lp_x[:n_columns]]
    teu_left = list(problem.teu_left)
    plugs_left = list(problem.plugs_left)
    placed = [0] * len(problem.demand)
    for p, n in enumerate(x):
        if n:
            c = problem.columns[p].commodity
            placed[c] += n
            for r in problem.columns[p].resources:
                teu_left[r] -= n * problem.teu[c]
                plugs_left[r] -= n * problem.plugs[c]
    remaining = [d - placed[c] for c, d in enumerate(problem.demand)]
    units = []
    for c in problem.order:
        if remaining[c] > 0:
            units.append(c)
            remaining[c] -= 1
    preference = [
        sorted(ps, key=lambda p: (-lp_x[p] if lp_x[p] > 1e-6 else 0.0, problem.columns[p].cost))
        for ps in problem.columns_of()
    ]
    u = _fill(problem, x, teu_left, plugs_left, units, lambda c: preference[c])
    rounded = _cost(problem, x, u)
    baseline = greedy(problem)
    if baseline.objective < rounded:
        return list(baseline.x), list(baseline.unassigned), baseline.objective
    return x, u, rounded


def _branch_and_cut(
    problem: AllocationProblem,
    result: AllocationResult,
    threads: int,
    left: float,
    gap: float,
    require_all: bool,
    incumbent_ok: bool,
    keep: list[int] | None = None,
) -> None:
    """HiGHS's MIP from ``result``'s incumbent for the time ``left``; ``result`` takes its
    solution when better (checked, not trusted) and its dual bound. With ``keep`` (itineraries
    that include the incumbent's), on those alone: its solution counts, its bound does not (it
    bounds the restricted problem, not the whole)."""
    n_columns = len(problem.columns)
    chosen = keep if keep is not None else list(range(n_columns))
    model = problem if keep is None else _restricted(problem, chosen)
    mip = _highs(threads)
    mip.passModel(_model(model, integer=True, require_all=require_all))
    mip.setOptionValue("time_limit", left)
    mip.setOptionValue("mip_rel_gap", gap)
    if incumbent_ok:
        solution = highspy.HighsSolution()
        solution.col_value = [float(result.x[p]) for p in chosen] + [
            float(v) for v in result.unassigned
        ]
        solution.value_valid = True
        mip.setSolution(solution)
    mip.run()
    status = mip.modelStatusToString(mip.getModelStatus())
    info = mip.getInfo()
    result.log.append(
        ("MIP" if keep is None else f"MIP on {len(chosen):,} of {n_columns:,} itineraries")
        + f": {status}, objective {info.objective_function_value:,.2f}, "
        f"dual bound {info.mip_dual_bound:,.2f}"
    )
    if status == "Infeasible" and keep is None:
        result.status = "infeasible"
        return
    if keep is None and math.isfinite(info.mip_dual_bound):
        result.bound = max(result.bound or -math.inf, float(info.mip_dual_bound))
    values = list(mip.getSolution().col_value)
    if len(values) == len(chosen) + len(problem.demand):
        mx = [0] * n_columns
        for p, v in zip(chosen, values, strict=False):
            mx[p] = round(v)
        mu = [round(v) for v in values[len(chosen) :]]
        objective = _cost(problem, mx, mu)
        if _feasible(problem, mx, mu, require_all) and objective < result.objective:
            result.x, result.unassigned, result.objective = mx, mu, objective
    if math.isfinite(result.objective) and result.gap is not None and result.gap <= gap + 1e-9:
        result.status = "optimal"
    elif not math.isfinite(result.objective):
        result.status = "time_limit"


def _restricted(problem: AllocationProblem, chosen: list[int]) -> AllocationProblem:
    """``problem`` with only the ``chosen`` itineraries."""
    return AllocationProblem(
        demand=problem.demand,
        teu=problem.teu,
        plugs=problem.plugs,
        miss_cost=problem.miss_cost,
        columns=[problem.columns[p] for p in chosen],
        teu_left=problem.teu_left,
        plugs_left=problem.plugs_left,
        order=problem.order,
    )


def _feasible(problem: AllocationProblem, x: list[int], u: list[int], require_all: bool) -> bool:
    """Whether ``x``/``u`` keep every rule (checked, not trusted from the solver)."""
    if any(v < 0 for v in x) or any(v < 0 for v in u) or (require_all and any(u)):
        return False
    carried = [0] * len(problem.demand)
    teu = [0.0] * len(problem.teu_left)
    plugs = [0.0] * len(problem.plugs_left)
    for p, n in enumerate(x):
        if n:
            column = problem.columns[p]
            carried[column.commodity] += n
            for r in column.resources:
                teu[r] += n * problem.teu[column.commodity]
                plugs[r] += n * problem.plugs[column.commodity]
    return (
        all(carried[c] + u[c] == problem.demand[c] for c in range(len(problem.demand)))
        and all(teu[r] <= problem.teu_left[r] + 1e-6 for r in range(len(teu)))
        and all(plugs[r] <= problem.plugs_left[r] + 1e-6 for r in range(len(plugs)))
    )
