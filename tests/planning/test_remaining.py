"""The bounds on what is left of a journey (target pruning that sees ahead), and the query's
cached parts. The bounds against every journey of random networks are checked in
``test_against_brute_force.py``, once (they do not depend on the kernel)."""

from __future__ import annotations

import dataclasses

from landsea.planning import Planner
from landsea.planning.arrays import compiled_search
from landsea.planning.search import mcraptor
from tests.planning.test_hand_drawn import corridor, corridor_builder, run


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
