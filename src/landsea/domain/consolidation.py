"""Pending cargo, and consolidation runs: their options and their result."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from landsea.errors import InvalidInput

__all__ = [
    "AssignedLeg",
    "Assignment",
    "AssignmentCost",
    "CargoRequest",
    "ConsolidationOptions",
    "ConsolidationResult",
    "DepartureUse",
    "GreedyComparison",
    "ModelSize",
    "RequestStatus",
    "RunCost",
    "RunStatus",
    "Timings",
    "Unassigned",
]


class RequestStatus(StrEnum):
    PENDING = "pending"
    BOOKED = "booked"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True, kw_only=True)
class CargoRequest:
    """Cargo waiting for transport: ``teu`` from ``origin`` (ready at ``ready``) to
    ``destination`` by ``due``; each day late costs ``penalty_per_day`` CNY per TEU."""

    id: str
    origin: str
    destination: str
    teu: int
    cargo_type: str
    ready: dt.datetime
    due: dt.datetime
    penalty_per_day: Decimal
    organisation_id: str | None = None
    reference: str | None = None
    status: RequestStatus = RequestStatus.PENDING
    booking_id: str | None = None
    created_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsolidationOptions:
    """How a consolidation run chooses (every figure checked against its range)."""

    method: str = "optimal"
    """``optimal`` (HiGHS) or ``greedy`` (the baseline)."""
    time_limit: float = 120.0
    gap: float = 0.01
    horizon_days: float = 30.0
    """Pending requests ready within this many days from now (database requests only)."""
    carbon_price: float = 0.0
    """CNY per tonne CO2e (well-to-wheel), added to each itinerary's cost."""
    max_late_days: float = 14.0
    """Itineraries arriving more than this after the due time are not offered."""
    shifts: int = 4
    """Runs of each route pattern offered per request."""
    unassigned_penalty: float | None = None
    """CNY per TEU for leaving a request unassigned; default: three times its cheapest
    itinerary's fare plus 30 days of its lateness penalty."""
    require_all: bool = False
    """Every request must be carried: otherwise the run is infeasible."""

    def __post_init__(self) -> None:
        if self.method not in ("optimal", "greedy"):
            raise InvalidInput(f"method {self.method!r} must be optimal or greedy")
        checks = (
            ("time_limit", self.time_limit, 1, 3600),
            ("gap", self.gap, 0, 1),
            ("horizon_days", self.horizon_days, 1, 120),
            ("carbon_price", self.carbon_price, 0, 100_000),
            ("max_late_days", self.max_late_days, 0, 60),
            ("shifts", self.shifts, 1, 20),
        )
        for name, value, low, high in checks:
            if not (isinstance(value, int | float) and math.isfinite(value)) or not (
                low <= value <= high
            ):
                raise InvalidInput(f"{name} {value!r} must be between {low} and {high}")
        if self.unassigned_penalty is not None and not self.unassigned_penalty > 0:
            raise InvalidInput(
                f"unassigned_penalty {self.unassigned_penalty!r} must be a positive CNY per TEU"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignedLeg:
    service_id: str
    departure_id: str | None
    origin: str
    destination: str
    departure: dt.datetime
    arrival: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignmentCost:
    """CNY for the whole request."""

    freight: float
    lateness: float
    carbon: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """A request put on departures."""

    request_id: str
    departure_ids: tuple[str, ...]
    teu: int
    legs: tuple[AssignedLeg, ...]
    arrival: dt.datetime
    days_late: int
    cost: AssignmentCost
    co2e_kg: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Unassigned:
    """A request left over: ``reason`` in English, ``code`` for a face to say it in its own
    language (``infeasible``, ``no_itinerary``, ``full`` or ``cheaper``; empty when unknown)."""

    request_id: str
    reason: str
    code: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartureUse:
    """A departure some itinerary could use: ``capacity_teu`` is what was left before the run."""

    departure_id: str
    capacity_teu: int
    total_capacity_teu: int
    booked_teu: int
    assigned_teu: int
    utilisation: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunCost:
    """The objective's parts, CNY."""

    freight: float = 0.0
    lateness: float = 0.0
    carbon: float = 0.0
    unassigned: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class GreedyComparison:
    """The greedy baseline beside the optimiser's answer."""

    objective: float
    assigned_teu: int
    saving: float
    saving_share: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelSize:
    commodities: int = 0
    itineraries: int = 0
    departures: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Timings:
    """Seconds spent finding itineraries, solving, and in all."""

    itineraries: float = 0.0
    solve: float = 0.0
    total: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsolidationResult:
    """A run's answer (DESIGN.md's consolidation JSON, with more fields).

    ``status`` is ``optimal``, ``time_limit``, ``greedy`` or ``infeasible``; ``objective`` and
    ``gap`` are ``None`` when infeasible, ``bound`` when the method gives none."""

    status: str
    method: str
    objective: float | None
    bound: float | None
    gap: float | None
    options: ConsolidationOptions
    currency: str = "CNY"
    cost: RunCost = RunCost()
    requests: int = 0
    teu: int = 0
    assigned_teu: int = 0
    assignments: tuple[Assignment, ...] = ()
    unassigned: tuple[Unassigned, ...] = ()
    departures: tuple[DepartureUse, ...] = ()
    model: ModelSize = ModelSize()
    seconds: Timings = Timings()
    log: tuple[str, ...] = ()
    greedy: GreedyComparison | None = None
    booking_ids: tuple[str, ...] = ()
    """The bookings made when the result was applied."""


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
