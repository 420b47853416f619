"""Slot allocation: hand-computed optima, brute force on random small instances, the rules."""

from __future__ import annotations

import itertools
import math
import os
import random
import re

import pytest

from landsea.optimise.allocation import (
    AllocationProblem,
    AllocationResult,
    Column,
    _branch_and_cut,
    greedy,
    solve,
)


def _problem(
    columns: list[tuple[int, float, tuple[int, ...]]],
    demand: list[int],
    teu: list[int],
    capacity: list[float],
    miss: float = 1000.0,
    plugs: list[int] | None = None,
    plugs_left: list[float] | None = None,
    order: list[int] | None = None,
) -> AllocationProblem:
    return AllocationProblem(
        demand=demand,
        teu=teu,
        plugs=plugs or [0] * len(demand),
        miss_cost=[miss] * len(demand),
        columns=[Column(c, cost, resources) for c, cost, resources in columns],
        teu_left=capacity,
        plugs_left=plugs_left or [math.inf] * len(capacity),
        order=order or [],
    )


def _used(problem: AllocationProblem, x: list[int]) -> list[float]:
    used = [0.0] * len(problem.teu_left)
    for p, n in enumerate(x):
        for r in problem.columns[p].resources:
            used[r] += n * problem.teu[problem.columns[p].commodity]
    return used


def test_the_optimum_gives_the_first_comer_the_dearer_train() -> None:
    # Request 0 (ready first) can take train A (100) or B (110); request 1 only A. A has room
    # for one. Greedy puts request 0 on A and leaves request 1 behind; the optimum does not.
    problem = _problem(
        columns=[(0, 100.0, (0,)), (0, 110.0, (1,)), (1, 100.0, (0,))],
        demand=[1, 1],
        teu=[2, 2],
        capacity=[2, 2],
    )
    baseline = greedy(problem)
    assert baseline.objective == 100 + 1000 and baseline.unassigned == [0, 1]
    best = solve(problem, gap=0.0)
    assert best.status == "optimal" and best.objective == pytest.approx(210.0)
    assert best.x == [0, 1, 1] and best.unassigned == [0, 0]
    assert best.bound == pytest.approx(210.0) and best.gap == pytest.approx(0.0)


def test_integer_teu_and_a_two_leg_itinerary() -> None:
    # Three requests of 3 TEU from one place; the direct train (resource 0) has 7 TEU left,
    # the two-leg alternative uses resources 1 and 2 (5 and 9 left). Two go direct (6 of 7),
    # one goes via (3 of 5); the LP alone would split the third request.
    problem = _problem(
        columns=[(0, 500.0, (0,)), (0, 800.0, (1, 2))],
        demand=[3],
        teu=[3],
        capacity=[7, 5, 9],
    )
    best = solve(problem, gap=0.0)
    assert best.x == [2, 1] and best.objective == pytest.approx(1800.0)
    assert best.bound is not None and best.bound <= best.objective + 1e-6
    assert all(u <= c for u, c in zip(_used(problem, best.x), problem.teu_left, strict=True))


def test_reefer_plugs_are_a_capacity_too() -> None:
    problem = _problem(
        columns=[(0, 100.0, (0,)), (0, 300.0, (1,))],
        demand=[2],
        teu=[1],
        capacity=[10, 10],
        plugs=[1],
        plugs_left=[1, 4],
    )
    best = solve(problem, gap=0.0)
    assert best.x == [1, 1] and best.objective == pytest.approx(400.0)


def test_an_instance_that_cannot_carry_everything_is_reported_infeasible() -> None:
    problem = _problem(columns=[(0, 100.0, (0,))], demand=[2], teu=[1], capacity=[1])
    assert solve(problem, require_all=True).status == "infeasible"
    allowed = solve(problem)
    assert allowed.status == "optimal" and allowed.x == [1] and allowed.unassigned == [1]


def test_a_request_without_any_itinerary_stays_unassigned() -> None:
    problem = _problem(columns=[(0, 100.0, (0,))], demand=[1, 1], teu=[1, 1], capacity=[5])
    best = solve(problem, gap=0.0)
    assert best.unassigned == [0, 1] and best.objective == pytest.approx(1100.0)


def _brute_force(problem: AllocationProblem) -> float:
    """Every request (unit) tries every column of its commodity or none."""
    units = [c for c, n in enumerate(problem.demand) for _ in range(n)]
    by = problem.columns_of()
    best = math.inf
    for choice in itertools.product(*[[None, *by[c]] for c in units]):
        used = [0.0] * len(problem.teu_left)
        plugs = [0.0] * len(problem.plugs_left)
        cost = 0.0
        for c, p in zip(units, choice, strict=True):
            if p is None:
                cost += problem.miss_cost[c]
                continue
            cost += problem.columns[p].cost
            for r in problem.columns[p].resources:
                used[r] += problem.teu[c]
                plugs[r] += problem.plugs[c]
        if all(u <= cap for u, cap in zip(used, problem.teu_left, strict=True)) and all(
            u <= cap for u, cap in zip(plugs, problem.plugs_left, strict=True)
        ):
            best = min(best, cost)
    return best


def _random_problem(rng: random.Random, most_columns: int = 3) -> AllocationProblem:
    n_resources = rng.randint(2, 4)
    n_commodities = rng.randint(1, 3)
    demand = [rng.randint(1, 2) for _ in range(n_commodities)]
    teu = [rng.randint(1, 3) for _ in range(n_commodities)]
    plugs = [rng.choice([0, 0, 1]) for _ in range(n_commodities)]
    columns = []
    for c in range(n_commodities):
        for _ in range(rng.randint(1, most_columns)):
            resources = tuple(sorted(rng.sample(range(n_resources), rng.randint(1, 2))))
            columns.append((c, float(rng.randint(50, 400)), resources))
    return _problem(
        columns=columns,
        demand=demand,
        teu=teu,
        capacity=[float(rng.randint(0, 6)) for _ in range(n_resources)],
        miss=float(rng.choice([300, 1000])),
        plugs=plugs,
        plugs_left=[float(rng.randint(0, 3)) for _ in range(n_resources)],
    )


@pytest.mark.parametrize("seed", range(60))
def test_random_small_instances_match_brute_force(seed: int) -> None:
    problem = _random_problem(random.Random(seed))
    best = solve(problem, gap=0.0)
    assert best.status == "optimal"
    assert best.objective == pytest.approx(_brute_force(problem))
    assert best.bound is not None and best.bound <= best.objective + 1e-6
    used = _used(problem, best.x)
    assert all(u <= c + 1e-9 for u, c in zip(used, problem.teu_left, strict=True))
    assert greedy(problem).objective >= best.objective - 1e-6


@pytest.mark.parametrize("promising", [0, 3])
@pytest.mark.parametrize("seed", range(40))
def test_the_branch_and_cut_on_promising_itineraries_keeps_the_whole_problems_bound(
    seed: int, promising: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Up to 7 itineraries a commodity, of which the restricted run keeps the LP's, the
    incumbent's and ``promising`` more: its solution is one of the whole (checked), its bound never taken —
    the bound stays below the brute-force optimum; with no gap allowed the whole is searched
    after it and the optimum found; with 40 % allowed, a solution within 40 % of the whole's
    bound is the answer. (With none more, the restricted problem often lacks the optimum.)"""
    monkeypatch.setattr("landsea.optimise.allocation.PROMISING", promising)
    problem = _random_problem(random.Random(1000 + seed), most_columns=7)
    optimum = _brute_force(problem)
    for allowed in (0.0, 0.4):
        best = solve(problem, gap=allowed, restrict_from=0)
        assert best.bound is not None and best.bound <= optimum + 1e-6, best.log
        assert best.objective >= optimum - 1e-6
        used = _used(problem, best.x)
        assert all(u <= c + 1e-9 for u, c in zip(used, problem.teu_left, strict=True))
        assert best.status == "optimal" and best.gap is not None and best.gap <= allowed + 1e-9
        if allowed == 0.0:
            assert best.objective == pytest.approx(optimum)


def test_the_restricted_run_happens_and_leaves_itineraries_out() -> None:
    """The property above is not empty: on those instances the restricted branch-and-cut runs,
    and on some it leaves itineraries out."""
    runs = []
    for seed in range(40):
        problem = _random_problem(random.Random(1000 + seed), most_columns=7)
        for line in solve(problem, gap=0.0, restrict_from=0).log:
            if found := re.match(r"MIP on (\d+) of (\d+) itineraries", line):
                runs.append((int(found[1]), int(found[2])))
    assert len(runs) >= 5 and any(kept < total for kept, total in runs), runs


def test_a_restricted_branch_and_cut_gives_its_solution_not_its_bound() -> None:
    """On the dear itinerary alone the MIP's bound is 300, a bound of that problem only: the
    whole's stays 100 (the cheap itinerary), and the solution, one of the whole, is taken."""
    problem = _problem(
        columns=[(0, 100.0, (0,)), (0, 300.0, (1,))], demand=[1], teu=[1], capacity=[5.0, 5.0]
    )
    result = AllocationResult(
        status="time_limit", x=[0, 0], unassigned=[1], objective=1000.0, bound=100.0, seconds=0.0
    )
    threads = min(os.cpu_count() or 1, 2)  # as solve() has it: HiGHS's scheduler is global
    _branch_and_cut(problem, result, threads, 10.0, 0.0, False, True, keep=[1])
    assert (result.x, result.unassigned, result.objective) == ([0, 1], [0], 300.0)
    assert result.bound == 100.0 and result.status == "time_limit", result.log
    _branch_and_cut(problem, result, threads, 10.0, 0.0, False, True)
    assert (result.x, result.objective, result.bound, result.status) == (
        [1, 0],
        100.0,
        100.0,
        "optimal",
    )


def test_an_itinerary_that_boards_one_run_twice_takes_its_room_twice() -> None:
    # Off the ship at a port, a feeder, and back on the same ship further on: two legs on
    # resource 0, as two reservations when booked. Room for 4 TEU: one 2-TEU request fits.
    problem = _problem(
        columns=[(0, 100.0, (0, 1, 0)), (0, 500.0, (2,))],
        demand=[2],
        teu=[2],
        capacity=[4, 10, 10],
    )
    best = solve(problem, gap=0.0)
    assert best.x == [1, 1] and best.objective == pytest.approx(600.0)
    assert greedy(problem).x == [1, 1]
