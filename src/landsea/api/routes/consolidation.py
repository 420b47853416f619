"""Cargo requests (shippers) and consolidation runs (operators)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_time_cursor, paginate
from landsea.api.problems import problems
from landsea.api.schemas import (
    CargoRequestCreate,
    CargoRequestPublic,
    Page,
    RunCreate,
    RunPublic,
)
from landsea.services import consolidation

router = APIRouter(tags=["consolidation"])


@router.post("/cargo-requests", response_model=CargoRequestPublic, status_code=201)
def create_cargo_request(
    platform: PlatformDep, caller: Caller, body: CargoRequestCreate
) -> CargoRequestPublic:
    """Cargo waiting for transport, to be consolidated onto departures by the operator."""
    return CargoRequestPublic.of(consolidation.create_request(platform, caller, body.asked()))


@router.get("/cargo-requests", response_model=Page[CargoRequestPublic])
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


@router.post(
    "/cargo-requests/{request_id}/cancel",
    response_model=CargoRequestPublic,
    responses=problems(409),
)
def cancel_cargo_request(
    platform: PlatformDep, caller: Caller, request_id: str
) -> CargoRequestPublic:
    return CargoRequestPublic.of(consolidation.cancel_request(platform, caller, request_id))


@router.post("/consolidation/runs", response_model=RunPublic, status_code=202)
def create_run(platform: PlatformDep, caller: Caller, body: RunCreate) -> RunPublic:
    """Start a run over the pending cargo requests (operator): a durable job that any server or
    ``landsea worker`` carries out; poll ``GET /consolidation/runs/{id}`` for its result."""
    run_id = consolidation.start_run(platform, caller, body.options(), apply=body.apply)
    return RunPublic.of(consolidation.get_run(platform, caller, run_id))


@router.get("/consolidation/runs/{run_id}", response_model=RunPublic)
def get_run(platform: PlatformDep, caller: Caller, run_id: str) -> RunPublic:
    """A run: ``queued``, ``running``, ``done`` with its result, or ``failed`` with its error;
    ``attempts`` counts the workers that took it up."""
    return RunPublic.of(consolidation.get_run(platform, caller, run_id))
