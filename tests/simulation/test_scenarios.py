"""Scenario files: a baseline plus changes; problems name the field and the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from landsea.errors import InvalidInput
from landsea.services.network import load_network
from landsea.services.simulation import read_scenarios
from landsea.simulation.scenario import ChangeKind, Policy
from landsea.simulation.world import scenario_network

EXAMPLES = Path(__file__).parents[2] / "examples" / "scenarios"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_the_examples_read_and_name_places_and_services_of_the_network(path: Path) -> None:
    scenarios = read_scenarios(path.read_text(encoding="utf-8"), path.name)
    network = load_network()
    for scenario in scenarios.all:
        changed = scenario_network(network, scenario)
        for change in scenario.changes:
            if change.kind in (ChangeKind.CLOSE_PLACE,):
                assert change.target in network.locations
            elif change.kind is not ChangeKind.SURGE:
                assert change.target in changed.services


def test_a_scenario_is_the_baseline_with_its_changes() -> None:
    found = read_scenarios("""
[baseline]
start = 2026-10-01
days = 30
[[scenario]]
name = "typhoon"
policy = "optimal"
[[scenario.changes]]
kind = "close_place"
target = "CNQZH"
start_day = 5
days = 2.5
""")
    typhoon = found.scenarios[0]
    assert (typhoon.days, typhoon.policy, typhoon.changes[0].days) == (30, Policy.OPTIMAL, 2.5)
    assert found.baseline.changes == ()


@pytest.mark.parametrize(("text", "message"), [
    ("[baseline]\nstart = 2026-10-01\ndays = 0", "baseline.days must be between 1 and 366, got 0"),
    ("[baseline]\ndays = 3", "baseline.start must be a date"),
    ("[baseline]\nstart = 2026-10-01\ndays = 3\npolicy = 'fast'", "baseline.policy 'fast' is not one of"),
    ("[baseline]\nstart = 2026-10-01\ndays = 3\n[[scenario]]\n[[scenario.changes]]\nkind = 'flood'",
     "scenario[0].changes[0].kind 'flood' is not one of"),
    ("[baseline]\nstart = 2026-10-01\ndays = 3\n[[scenario]]\n[[scenario.changes]]\n"
     "kind = 'add_service'\ntarget = 'SR-CQ-QZH'", "scenario[0].changes[0].weekdays is missing"),
    ("[baseline\n", "is not valid TOML"),
])  # fmt: skip
def test_problems_name_the_field_and_the_value(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_scenarios(text)
