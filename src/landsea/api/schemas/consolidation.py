"""Cargo requests and consolidation runs: what a shipper asks, what an operator runs, and the
run's result (DESIGN.md's consolidation JSON, with more fields)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from landsea.api.schemas.common import StrictModel
from landsea.domain.consolidation import CargoRequest, ConsolidationOptions
from landsea.services.consolidation import NewCargoRequest, RunView

__all__ = [
    "CargoRequestCreate",
    "CargoRequestPublic",
    "ConsolidationResultPublic",
    "RunCreate",
    "RunPublic",
]


class CargoRequestCreate(StrictModel):
    origin: str = Field(min_length=1, max_length=100, description="UN/LOCODE or name.")
    destination: str = Field(min_length=1, max_length=100)
    teu: int = Field(ge=1, le=1000)
    cargo_type: Literal["general", "reefer", "dangerous"] = "general"
    ready: str = Field(
        max_length=40,
        description="ISO 8601; without an offset, local time at the origin; "
        "2000-01-01 … 2099-12-31.",
    )
    due: str = Field(
        max_length=40,
        description="ISO 8601; without an offset, local time at the destination; "
        "2000-01-01 … 2099-12-31.",
    )
    penalty_per_day: float = Field(
        default=0, ge=0, le=1_000_000, description="CNY per TEU per day late."
    )
    reference: str | None = Field(default=None, max_length=100)

    def asked(self) -> NewCargoRequest:
        return NewCargoRequest(**self.model_dump())


class CargoRequestPublic(BaseModel):
    id: str
    origin: str
    destination: str
    teu: int
    cargo_type: str
    ready: dt.datetime
    due: dt.datetime
    penalty_per_day: float
    reference: str | None
    status: str
    booking_id: str | None
    organisation_id: str | None
    created_at: dt.datetime | None

    @classmethod
    def of(cls, r: CargoRequest) -> CargoRequestPublic:
        return cls(
            id=r.id,
            origin=r.origin,
            destination=r.destination,
            teu=r.teu,
            cargo_type=r.cargo_type,
            ready=r.ready,
            due=r.due,
            penalty_per_day=float(r.penalty_per_day),
            reference=r.reference,
            status=r.status.value,
            booking_id=r.booking_id,
            organisation_id=r.organisation_id,
            created_at=r.created_at,
        )


class RunCreate(StrictModel):
    method: Literal["optimal", "greedy"] = "optimal"
    time_limit: float = Field(default=120, ge=1, le=3600)
    gap: float = Field(default=0.01, ge=0, le=1)
    horizon_days: float = Field(default=30, ge=1, le=120)
    carbon_price: float = Field(default=0, ge=0, le=100_000, description="CNY per t CO2e.")
    max_late_days: float = Field(default=14, ge=0, le=60)
    require_all: bool = False
    apply: bool = Field(default=False, description="Book the result in one transaction.")

    def options(self) -> ConsolidationOptions:
        return ConsolidationOptions(**self.model_dump(exclude={"apply"}))


class _Read(BaseModel):
    """Read from a stored result document (a dict) or from the typed result alike."""

    model_config = ConfigDict(from_attributes=True, populate_by_name=True)


class AssignedLegPublic(_Read):
    service_id: str
    departure_id: str | None
    origin: str = Field(validation_alias=AliasChoices("from", "origin"), serialization_alias="from")
    destination: str = Field(
        validation_alias=AliasChoices("to", "destination"), serialization_alias="to"
    )
    departure: dt.datetime
    arrival: dt.datetime


class AssignmentCostPublic(_Read):
    freight: float
    lateness: float
    carbon: float


class AssignmentPublic(_Read):
    request_id: str
    departure_ids: list[str]
    teu: int
    legs: list[AssignedLegPublic]
    arrival: dt.datetime
    days_late: int
    cost: AssignmentCostPublic
    co2e_kg: float


class UnassignedPublic(_Read):
    request_id: str
    reason: str


class DepartureUsePublic(_Read):
    departure_id: str
    capacity_teu: int = Field(description="TEU left on it before the run.")
    total_capacity_teu: int
    booked_teu: int
    assigned_teu: int
    utilisation: float | None


class RunCostPublic(_Read):
    freight: float
    lateness: float
    carbon: float
    unassigned: float


class GreedyComparisonPublic(_Read):
    objective: float
    assigned_teu: int
    saving: float
    saving_share: float


class ModelSizePublic(_Read):
    commodities: int
    itineraries: int
    departures: int


class TimingsPublic(_Read):
    itineraries: float
    solve: float
    total: float


class OptionsPublic(_Read):
    method: str
    time_limit: float
    gap: float
    horizon_days: float
    carbon_price: float
    max_late_days: float
    shifts: int
    unassigned_penalty: float | None
    require_all: bool


class ConsolidationResultPublic(_Read):
    """A run's result; the fields after ``departures`` are landsea's additions."""

    status: Literal["optimal", "time_limit", "greedy", "infeasible"]
    method: Literal["optimal", "greedy"]
    objective: float | None = Field(description="CNY; null when infeasible.")
    bound: float | None
    gap: float | None
    assignments: list[AssignmentPublic]
    unassigned: list[UnassignedPublic]
    departures: list[DepartureUsePublic]
    currency: str = "CNY"
    cost: RunCostPublic = RunCostPublic(freight=0, lateness=0, carbon=0, unassigned=0)
    requests: int = 0
    teu: int = 0
    assigned_teu: int = 0
    model: ModelSizePublic = ModelSizePublic(commodities=0, itineraries=0, departures=0)
    seconds: TimingsPublic = TimingsPublic(itineraries=0, solve=0, total=0)
    options: OptionsPublic | None = Field(default=None, description="The options of the run.")
    log: list[str] = []
    greedy: GreedyComparisonPublic | None = Field(
        default=None, description="The greedy baseline beside an optimal run."
    )
    booking_ids: list[str] = Field(default=[], description="The bookings made, once applied.")


class RunPublic(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    attempts: int = Field(description="How many workers took it up.")
    max_attempts: int | None
    parameters: dict[str, Any]
    created_at: dt.datetime
    finished_at: dt.datetime | None
    error: str | None
    result: ConsolidationResultPublic | None

    @classmethod
    def of(cls, run: RunView) -> RunPublic:
        return cls(
            id=run.id,
            status=run.status.value,
            attempts=run.attempts,
            max_attempts=run.max_attempts,
            parameters=run.parameters,
            created_at=run.created_at,
            finished_at=run.finished_at,
            error=run.error,
            result=None
            if run.result is None
            else ConsolidationResultPublic.model_validate(run.result),
        )
