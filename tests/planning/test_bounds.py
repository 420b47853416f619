"""The work cap: a search that would take too long answers an ε-set and says so."""

from __future__ import annotations

from landsea.planning import DEFAULT_EPSILON, Epsilon, Planner
from landsea.services.planning import NetworkCostModel
from tests.planning.test_hand_drawn import corridor, run


def test_a_capped_exact_search_answers_the_default_epsilon_set_and_says_so(kernel: str) -> None:
    network = corridor()
    exact = run(network)
    assert not exact.capped and exact.epsilon is None and not exact.approximate
    request = exact.request
    capped = Planner(network, work_cap=1).plan(request, NetworkCostModel(network, request.cargo))
    if kernel == "python":  # the reference kernel has no cap
        assert not capped.capped
        return
    assert capped.capped and capped.approximate
    assert capped.epsilon is not None and capped.epsilon.cost >= DEFAULT_EPSILON.cost


def test_an_epsilon_request_is_answered_with_its_epsilon() -> None:
    network = corridor()
    asked = Epsilon(cost=0.05, co2e=0.05, hours=2)
    result = run(network, epsilon=asked)
    assert result.epsilon == asked and result.approximate and not result.capped
    # The train's option costs 7,600 CNY against the truck's 12,600: both stay.
    assert len(result.options) == len(run(network).options) == 2
