"""The bounds on what is left of a journey (target pruning that sees ahead), and the query's
cached parts."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from landsea.planning import Planner
from landsea.planning.arrays import _query_arrays, compiled_search, prepare
from landsea.planning.journey import walk
from landsea.planning.kernel_remaining import _remaining
from landsea.planning.remaining import FAR, remaining
from landsea.planning.search import mcraptor
from tests.planning.brute import enumerate_options
from tests.planning.test_against_brute_force import random_case
from tests.planning.test_hand_drawn import corridor, corridor_builder, run


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_the_bounds_never_exceed_what_a_journey_has_left(seed: int) -> None:
    planner, request, result = random_case(seed)
    tt, w = result.timetable, result.weights
    assert tt is not None and w is not None
    q = planner.compile_query(tt, w, request)
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


def test_labels_at_places_that_cannot_reach_the_destination_are_not_kept(kernel: str) -> None:
    network = corridor()
    # A dead end: a train from the inland terminal to a siding nothing leaves.
    b = corridor_builder()
    b.place("CNDDD", "Siding", kinds=("rail_terminal",), handling=(6, 500))
    b.service("R9", "rail", [("CNAAA", None, 0), ("CNDDD", 5, None)], km=[300],
              days="daily", times=("08:00",), tariff=(1000, 1500, "CNY"))  # fmt: skip
    with_dead_end = b.build(cutoff={"rail": 6, "sea": 24, "road": 0})
    before, after = run(network), run(with_dead_end)
    assert [o.evaluation for o in after.options] == [o.evaluation for o in before.options]
    # The siding's label is not made: the same labels as without it.
    assert after.stats.labels == before.stats.labels


def test_an_option_found_prunes_labels_that_cannot_beat_it_with_what_is_left() -> None:
    # A direct train to Singapore, faster, cheaper and cleaner than any way through the port:
    # the labels at the port are dropped as soon as it is found (the ship still ahead of them
    # makes them worse), although they arrive at the port long before it reaches Singapore.
    b = corridor_builder()
    b.service("D1", "rail", [("CNAAA", None, 0), ("SGSSS", 60, None)], km=[2000],
              days="daily", times=("09:00",), tariff=(1000, 1500, "CNY"))  # fmt: skip
    result = run(b.build(cutoff={"rail": 6, "sea": 24, "road": 0}))
    assert [[leg.route for leg in o.journey] for o in result.options] == [[0]]
    assert result.stats.labels == 1  # no label at the port


def test_a_query_can_close_routes_without_changing_the_next_query() -> None:
    network = corridor()
    result = run(network)
    tt, w = result.timetable, result.weights
    assert tt is not None and w is not None
    planner = Planner(network)
    first = planner.compile_query(tt, w, result.request)
    first.route_ok[:] = [False] * len(first.route_ok)  # as the simulation closes blocked trucks
    second = planner.compile_query(tt, w, result.request)
    assert all(second.route_ok)
    assert len(planner.search(tt, w, second)) == 2
    assert planner.search(tt, w, first) == []


def test_a_copy_of_the_timetable_with_other_runs_gets_arrays_of_its_own() -> None:
    # A disruption overlay's copy shares the timetable's caches (the weights) but not its runs:
    # the compiled kernel once searched the original runs on it.
    result = run(corridor())
    tt, w = result.timetable, result.weights
    assert tt is not None and w is not None
    planner = Planner(corridor())
    compiled_search(tt, w, planner.compile_query(tt, w, result.request))  # arrays of tt made
    routes = list(tt.routes)
    routes[0] = dataclasses.replace(routes[0], starts=[s + 3 * 1440 for s in routes[0].starts])
    later = dataclasses.replace(tt, routes=routes)  # the trains leave three days later
    assert later.weights_cache is tt.weights_cache
    q = planner.compile_query(later, w, result.request)
    reference = [(label[:6], journey) for label, journey in mcraptor(later, w, q)]
    assert [(label[:6], journey) for label, journey in compiled_search(later, w, q)[0]] == reference
