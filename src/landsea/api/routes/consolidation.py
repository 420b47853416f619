"""Cargo requests (shippers) and consolidation runs (operators)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_time_cursor, paginate
from landsea.api.problems import problems
from landsea.api.schemas import Page, StrictModel
from landsea.domain.consolidation import CargoRequest
from landsea.services import consolidation

router = APIRouter(tags=["consolidation"])


class CargoRequestBody(StrictModel):
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


class RunBody(StrictModel):
    method: Literal["optimal", "greedy"] = "optimal"
    time_limit: float = Field(default=120, ge=1, le=3600)
    gap: float = Field(default=0.01, ge=0, le=1)
    horizon_days: float = Field(default=30, ge=1, le=120)
    carbon_price: float = Field(default=0, ge=0, le=100_000, description="CNY per t CO2e.")
    max_late_days: float = Field(default=14, ge=0, le=60)
    require_all: bool = False
    apply: bool = Field(default=False, description="Book the result in one transaction.")


@router.post("/cargo-requests", status_code=201)
def create_cargo_request(
    platform: PlatformDep, caller: Caller, body: CargoRequestBody
) -> CargoRequestPublic:
    """Cargo waiting for transport, to be consolidated onto departures by the operator."""
    return CargoRequestPublic.of(consolidation.create_request(platform, caller, body.model_dump()))


@router.get("/cargo-requests")
def list_cargo_requests(
    platform: PlatformDep,
    caller: Caller,
    status: Literal["pending", "booked", "cancelled"] | None = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> Page[CargoRequestPublic]:
    """A shipper's own requests; operators and admins see all."""
    found = consolidation.find_requests(
        platform, caller, status=status, after=decode_time_cursor(cursor), limit=limit + 1
    )
    return Page[CargoRequestPublic](
        **paginate(found, limit, CargoRequestPublic.of, lambda r: [r.ready.isoformat(), r.id])
    )


@router.post("/cargo-requests/{request_id}/cancel", responses=problems(409))
def cancel_cargo_request(
    platform: PlatformDep, caller: Caller, request_id: str
) -> CargoRequestPublic:
    return CargoRequestPublic.of(consolidation.cancel_request(platform, caller, request_id))


@router.post("/consolidation/runs", status_code=202)
def create_run(platform: PlatformDep, caller: Caller, body: RunBody) -> dict[str, Any]:
    """Start a run over the pending cargo requests (operator): a durable job that any server or
    ``landsea worker`` carries out; poll ``GET /consolidation/runs/{id}`` for its result."""
    options = consolidation.ConsolidationOptions(
        method=body.method,
        time_limit=body.time_limit,
        gap=body.gap,
        horizon_days=body.horizon_days,
        carbon_price=body.carbon_price,
        max_late_days=body.max_late_days,
        require_all=body.require_all,
    )
    run_id = consolidation.start_run(platform, caller, options, apply=body.apply)
    return consolidation.get_run(platform, caller, run_id)


@router.get("/consolidation/runs/{run_id}")
def get_run(platform: PlatformDep, caller: Caller, run_id: str) -> dict[str, Any]:
    """A run: ``queued``, ``running``, ``done`` with its result, or ``failed`` with its error;
    ``attempts`` counts the workers that took it up."""
    return consolidation.get_run(platform, caller, run_id)
