"""The multi-criteria timetable planner: door-to-door options by time, cost, CO2e and transfers."""

from landsea.planning.costs import CostModel as CostModel
from landsea.planning.costs import Transfer as Transfer
from landsea.planning.journey import Evaluation as Evaluation
from landsea.planning.journey import Journey as Journey
from landsea.planning.journey import JourneyLeg as JourneyLeg
from landsea.planning.planner import IssueCode as IssueCode
from landsea.planning.planner import PlanIssue as PlanIssue
from landsea.planning.planner import PlannedOption as PlannedOption
from landsea.planning.planner import Planner as Planner
from landsea.planning.planner import PlanResult as PlanResult
from landsea.planning.request import DEFAULT_EPSILON as DEFAULT_EPSILON
from landsea.planning.request import Epsilon as Epsilon
from landsea.planning.request import PlanRequest as PlanRequest

__all__ = [
    "DEFAULT_EPSILON",
    "CostModel",
    "Epsilon",
    "Evaluation",
    "IssueCode",
    "Journey",
    "JourneyLeg",
    "PlanIssue",
    "PlanRequest",
    "PlanResult",
    "PlannedOption",
    "Planner",
    "Transfer",
]
