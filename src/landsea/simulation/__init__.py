"""The corridor's digital twin: a discrete-event model (SimPy) on the live network, planner and
consolidation model; scenarios, replications and their confidence intervals."""

from landsea.simulation.model import replicate as replicate
from landsea.simulation.results import ReplicationResult as ReplicationResult
from landsea.simulation.results import ScenarioSummary as ScenarioSummary
from landsea.simulation.results import summarise as summarise
from landsea.simulation.scenario import Scenario as Scenario
from landsea.simulation.scenario import ScenarioSet as ScenarioSet
from landsea.simulation.scenario import parse_scenarios as parse_scenarios

__all__ = [
    "ReplicationResult",
    "Scenario",
    "ScenarioSet",
    "ScenarioSummary",
    "parse_scenarios",
    "replicate",
    "summarise",
]
