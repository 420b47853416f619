"""How the planner learns what a leg or a transfer costs: a small protocol the caller implements.

The planner knows nothing of tariffs, currencies or emission factors. The caller supplies a
:class:`CostModel`; the planner asks it once per route segment and place and keeps the answers
as prefix sums per route, so that any boarding/alighting pair costs one subtraction.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Protocol

from landsea.domain.network import Location
from landsea.domain.timetable import Service

__all__ = ["CostModel", "Transfer", "Weights"]


@dataclass(frozen=True, slots=True)
class Transfer:
    """What changing vehicle at a place takes: hours, cost (CNY) and emissions (kg CO2e)."""

    hours: float
    cost: float
    co2e_kg: float


class CostModel(Protocol):
    """The criteria of legs and transfers for one consignment."""

    @property
    def key(self) -> Hashable:
        """Equal for models that give equal answers (used to cache the compiled weights)."""

    def boarding(self, service: Service) -> float:
        """Cost (CNY) of any ride on ``service``, whatever its length (the fixed part of its fare)."""

    def segment(self, service: Service, k: int) -> tuple[float, float]:
        """Cost (CNY) and emissions (kg CO2e) of riding ``service`` from stop ``k-1`` to ``k``."""

    def transfer(self, location: Location) -> Transfer | None:
        """The transfer at ``location``, or ``None`` where containers cannot change vehicle."""

    def clearance(self, location: Location, direction: str) -> float:
        """Customs clearance hours at ``location`` for ``import`` or ``export`` (0 where none)."""


@dataclass(slots=True)
class Weights:
    """A cost model compiled against a timetable (prefix sums per route, arrays per place)."""

    board_cost: list[float]
    cum_cost: list[list[float]]
    cum_co2: list[list[float]]
    transfer_ok: list[bool]
    hub_min: list[int]
    hub_cost: list[float]
    hub_co2: list[float]
    export_h: list[float]
    import_h: list[float]
    arrays: object | None = None
    """The compiled kernel's arrays of these weights, by the timetable routes they serve (made
    on first use)."""
    minutes: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """Clearance minutes by direction and country (made on first use)."""
