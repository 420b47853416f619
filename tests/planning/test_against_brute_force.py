"""The search against a brute-force enumeration on small random networks (Hypothesis, seeded).

Each example draws a seed; the seed builds a random network (places in three countries, some
border crossings and places without handling, rail, sea and road services with random stops,
times, schedules, capacities and tariffs) and a random request (window, cargo type, avoided
mode, via place, transit limit, full departures). The planner's Pareto set must equal the
Pareto set of every journey the enumerator finds, criterion for criterion.

Each test runs once, not once a kernel as the other planner tests do (``tests/planning/conftest.py``):
it runs both kernels itself. The brute force is enumerated once a network and the compiled
planner's options are checked against it; the python kernel (``mcraptor``) must return the same
labels and journeys in the same order, so its plan, made of them by the same code, is the same
(planning it again, and enumerating again, was half of this file's time). The ε test plans the
exact options once and checks each kernel's ε options against them. The bounds on what is left
of a journey (``planning/remaining.py`` and the compiled kernel's) are checked here too, on 150 of
the networks, against every journey the enumerator finds; they do not depend on the kernel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landsea.domain import Network
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.network import Mode
from landsea.planning import Epsilon, Planner, PlanRequest, PlanResult
from landsea.planning.arrays import _query_arrays, compiled_search, prepare
from landsea.planning.costs import Weights
from landsea.planning.journey import Query, evaluate, walk
from landsea.planning.kernel_remaining import _remaining
from landsea.planning.remaining import FAR, remaining
from landsea.planning.search import mcraptor
from landsea.planning.timetable import Timetable
from landsea.services.planning import NetworkCostModel
from landsea.testing import NetworkBuilder
from landsea.units import LocationCode
from tests.planning.brute import enumerate_options, pareto

BEIJING = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 12, 7, tzinfo=BEIJING)
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
KERNELS = ("python", "compiled")


@pytest.fixture(scope="module", autouse=True)
def kernel() -> str:
    """The planners below name their kernel (see the module's documentation)."""
    return "compiled"


def random_network(rng: random.Random) -> Network:
    b = NetworkBuilder()
    codes = []
    for n in range(rng.randint(4, 6)):
        country = rng.choice(["CN", "CN", "VN", "LA"])
        code = f"{country}A{chr(65 + n)}{chr(66 + n)}"
        border = rng.random() < 0.2
        b.place(
            code,
            kinds=("border_crossing",) if border else ("rail_terminal",),
            handling=None
            if rng.random() < 0.15
            else (rng.choice([0, 2, 6, 12]), rng.randint(0, 900)),
            customs=(rng.choice([0, 3, 6]), 24) if rng.random() < 0.6 else None,
            border=f"{country}-{'VN' if country != 'VN' else 'CN'}" if border else None,
        )
        codes.append(code)
    for s in range(rng.randint(4, 8)):
        mode = rng.choice(["rail", "rail", "sea", "road"])
        stops = rng.sample(codes, rng.randint(2, min(4, len(codes))))
        hour = 0.0
        spec: list[tuple[str, float | None, float | None]] = [(stops[0], None, 0)]
        for k, code in enumerate(stops[1:], start=1):
            hour += rng.choice([3, 8, 20, 40])
            dwell = rng.choice([0, 0, 2, 10]) if k < len(stops) - 1 else None
            spec.append((code, hour, None if dwell is None else hour + dwell))
            if dwell:
                hour += dwell
        on_demand = mode == "road" and rng.random() < 0.7
        b.service(
            f"S{s}",
            mode,
            spec,
            km=[rng.randint(50, 2000) for _ in stops[1:]],
            on_demand=on_demand,
            days=rng.sample(DAYS, rng.randint(1, 3)),
            times=tuple(
                sorted(
                    {
                        f"{rng.randint(0, 23):02d}:{rng.choice([0, 30]):02d}"
                        for _ in range(rng.randint(1, 2))
                    }
                )
            ),
            every_weeks=rng.choice([1, 1, 2]),
            anchor=dt.date(2026, 12, 7),
            capacity=rng.choice([1, 2, 50]),
            plugs=rng.choice([0, 1, 5]),
            dangerous_goods=rng.random() < 0.5,
            tariff=(rng.randint(100, 5000), rng.randint(200, 8000), rng.choice(["CNY", "USD"])),
            cutoff_h=rng.choice([None, 0, 4]),
        )
    return b.build(
        cutoff={"rail": rng.choice([0, 3]), "sea": rng.choice([0, 12]), "road": 0},
        fixed_fare_share={"rail": rng.choice([0.0, 0.1]), "sea": rng.choice([0.4, 1.0])},
    )


def random_request(rng: random.Random, network: Network, planner: Planner) -> PlanRequest:
    codes = sorted(network.locations)
    origin, destination = rng.sample(codes, 2)
    others = [c for c in codes if c not in (origin, destination)]
    cargo_type = rng.choice(list(CargoType))
    request = PlanRequest(
        origin=LocationCode(origin),
        destination=LocationCode(destination),
        depart=START + dt.timedelta(hours=rng.randint(0, 72)),
        cargo=Cargo(teu=rng.choice([1, 2, 3]), cargo_type=cargo_type),
        window_days=rng.choice([1, 3, 7]),
        avoid_modes=frozenset({Mode(rng.choice(["rail", "sea", "road"]))})
        if rng.random() < 0.2
        else frozenset(),
        via=LocationCode(rng.choice(others)) if others and rng.random() < 0.2 else None,
        max_days=rng.choice([3, 6]) if rng.random() < 0.25 else None,
        max_legs=rng.choice([2, 3, 3, 4]),
    )
    if rng.random() < 0.4:
        tt = planner.timetable(request.depart, request.window_days)
        full = {}
        for route in tt.routes:
            for k in range(len(route.starts)):
                if rng.random() < 0.3:
                    full[route.departure_id(k)] = (rng.randint(0, 3), rng.randint(0, 2))
        request = dataclasses.replace(request, capacity=full)
    return request


def random_case(seed: int) -> tuple[Planner, PlanRequest, PlanResult]:
    """The random network and request of ``seed``, its planner and its plan."""
    rng = random.Random(seed)
    network = random_network(rng)
    planner = Planner(network, horizon_days=10, kernel="compiled")
    request = random_request(rng, network, planner)
    return planner, request, planner.plan(request, NetworkCostModel(network, request.cargo))


def random_query(seed: int) -> tuple[PlanResult, Timetable, Weights, Query]:
    """:func:`random_case`'s plan, with its timetable, weights and compiled query."""
    planner, request, result = random_case(seed)
    tt, w = result.timetable, result.weights
    assert tt is not None and w is not None
    return result, tt, w, planner.compile_query(tt, w, request)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_search_equals_brute_force(seed: int) -> None:
    result, tt, w, query = random_query(seed)

    expected = pareto([e.criteria() for _, e in enumerate_options(tt, w, query)])
    found = pareto([option.evaluation.criteria() for option in result.options])
    assert found == expected
    # No returned option is dominated, and each is feasible under the rules.
    assert len(result.options) == len(expected)
    for option in result.options:
        assert evaluate(tt, w, query, option.journey) == option.evaluation
    # The label the search kept agrees with the rules' evaluation of its journey.
    labelled = mcraptor(tt, w, query)
    compiled, capped = compiled_search(tt, w, query)
    assert not capped
    # Both kernels find the same labels and journeys, in the same order.
    assert [(label[:6], journey) for label, journey in labelled] == [
        (label[:6], journey) for label, journey in compiled
    ]
    for label, journey in labelled:
        evaluation = evaluate(tt, w, query, journey)
        assert evaluation is not None
        assert (label[0], label[3]) == (evaluation.arrival, evaluation.transfers + 1)
        assert abs(label[1] - evaluation.cost) < 1e-6 and abs(label[2] - evaluation.co2e_kg) < 1e-6
    if not result.options:
        assert result.issues and result.issues[0].message


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_every_exact_option_has_a_stand_in_within_epsilon(seed: int) -> None:
    rng = random.Random(seed)
    network = random_network(rng)
    planner = Planner(network, horizon_days=10, kernel="compiled")
    epsilon = Epsilon(cost=rng.choice([0.01, 0.1, 0.3]), co2e=rng.choice([0.01, 0.2]),
                      hours=rng.choice([0, 1, 12]))  # fmt: skip
    request = dataclasses.replace(random_request(rng, network, planner), epsilon=epsilon)
    model = NetworkCostModel(network, request.cargo)
    exact = planner.plan(dataclasses.replace(request, epsilon=None), model)
    for kernel in KERNELS:
        result = Planner(network, horizon_days=10, kernel=kernel).plan(request, model)
        assert result.epsilon == epsilon and result.approximate and not result.capped
        found = [option.evaluation.criteria() for option in result.options]
        for option in exact.options:
            t, c, z, n = option.evaluation.criteria()
            assert any(
                a <= t + epsilon.hours * 60 and b <= c * (1 + epsilon.cost) + 1e-6
                and y <= z * (1 + epsilon.co2e) + 1e-6 and m <= n
                for a, b, y, m in found
            ), (kernel, option.evaluation.criteria(), found)  # fmt: skip


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_the_bounds_never_exceed_what_a_journey_has_left(seed: int) -> None:
    _, tt, w, q = random_query(seed)
    bounds = remaining(tt, w, q)
    # The compiled kernel's bounds are the same numbers.
    arrays = prepare(tt, w)
    qi, qs, _ = _query_arrays(arrays, q)
    lt, lc, lz = _remaining(arrays.tt, arrays.w, arrays.wi, qi[0], qs)
    assert lt.tolist() == bounds.time
    assert np.array_equal(lc, np.array(bounds.cost)) and np.array_equal(lz, np.array(bounds.co2))
    options = enumerate_options(tt, w, q)
    if options:
        assert bounds.reaches(q.origin)
    for journey, evaluation in options:
        for k in range(len(journey)):
            state = walk(tt, w, q, journey[:k])  # where the journey is after k legs
            place, ready = (q.origin, q.ready) if state is None else (state.place, state.ready)
            cost, co2 = (0.0, 0.0) if state is None else (state.cost, state.co2e_kg)
            assert bounds.time[place] < FAR
            assert evaluation.arrival - ready >= bounds.time[place]
            assert evaluation.cost - cost >= bounds.cost[place] - 1e-6
            assert evaluation.co2e_kg - co2 >= bounds.co2[place] - 1e-6
