"""What a shipper asks the planner: from where to where, when, how much and of what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from landsea.domain.cargo import Cargo
from landsea.domain.network import Mode
from landsea.errors import InvalidInput
from landsea.units import LocationCode

__all__ = ["DEFAULT_EPSILON", "DEFAULT_MAX_LEGS", "DEFAULT_WINDOW_DAYS", "Epsilon", "PlanRequest"]

DEFAULT_WINDOW_DAYS = 7
DEFAULT_MAX_LEGS = 8
HORIZON_DAYS = 120
"""How far beyond the departure window a journey may still arrive (and how far runs are expanded)."""


@dataclass(frozen=True, slots=True)
class Epsilon:
    """How much worse than an exact Pareto option its stand-in may be: ``cost`` and ``co2e`` as
    fractions (0.01 is 1 %), ``hours`` of later arrival. Fewer, well spread options, found
    faster; every exact option has a stand-in within these bounds (docs/planner.md)."""

    cost: float = 0.01
    co2e: float = 0.01
    hours: float = 1.0

    def __post_init__(self) -> None:
        for name, value, top in (("cost", self.cost, 1.0), ("co2e", self.co2e, 1.0),
                                 ("hours", self.hours, 48.0)):  # fmt: skip
            if not 0 <= value <= top:
                raise InvalidInput(f"epsilon {name} must be between 0 and {top:g}, got {value!r}")

    def widened(self, factor: float) -> Epsilon:
        return Epsilon(min(1.0, self.cost * factor), min(1.0, self.co2e * factor),
                       min(48.0, self.hours * factor))  # fmt: skip


DEFAULT_EPSILON = Epsilon()
"""1 % on cost and CO2e, 1 hour on arrival: what a plan falls back to when the exact search
would take too long, and what ``--epsilon default`` asks for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanRequest:
    """A door-to-door planning question.

    ``depart`` is the earliest moment the cargo is ready at the origin; options whose first leg
    leaves the origin within ``window_days`` of it are considered. ``capacity`` maps departure ids
    to the TEU and reefer plugs still free on them (departures not listed are empty).
    """

    origin: LocationCode
    destination: LocationCode
    depart: dt.datetime
    cargo: Cargo
    window_days: float = DEFAULT_WINDOW_DAYS
    avoid_modes: frozenset[Mode] = frozenset()
    avoid_places: frozenset[LocationCode] = frozenset()
    via: LocationCode | None = None
    max_days: float | None = None
    max_legs: int = DEFAULT_MAX_LEGS
    capacity: dict[str, tuple[int, int]] = field(default_factory=dict, hash=False, compare=False)
    services: frozenset[str] | None = None
    """Only these services may carry the cargo (``None``: any), e.g. an operator's own."""
    closed_services: frozenset[str] = frozenset()
    """Services not offered to this request (on-demand ones through a place closed meanwhile)."""
    epsilon: Epsilon | None = None
    """``None``: the exact Pareto set (unless it takes too long, see ``PlanResult.capped``)."""

    def __post_init__(self) -> None:
        if self.depart.tzinfo is None or self.depart.utcoffset() is None:
            raise InvalidInput(f"depart {self.depart.isoformat()} has no time zone")
        if not 0 < self.window_days <= 60:
            raise InvalidInput(f"window_days must be between 0 and 60, got {self.window_days!r}")
        if self.max_days is not None and not 0 < self.max_days <= HORIZON_DAYS:
            raise InvalidInput(
                f"max_days must be between 0 and {HORIZON_DAYS}, got {self.max_days!r}"
            )
        if not 1 <= self.max_legs <= 12:
            raise InvalidInput(f"max_legs must be between 1 and 12, got {self.max_legs!r}")
        if self.origin == self.destination:
            raise InvalidInput(f"origin and destination are the same place {self.origin!r}")
