"""Customs declarations: lodged by shippers, screened, decided by customs."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_cursor, paginate
from landsea.api.problems import problems
from landsea.api.schemas import DecisionBody, DeclarationBody, DeclarationPublic, Page
from landsea.services import customs

router = APIRouter(tags=["customs"])


@router.post("/declarations", response_model=DeclarationPublic, status_code=201)
def submit_declaration(
    platform: PlatformDep, caller: Caller, body: DeclarationBody
) -> DeclarationPublic:
    """Lodge a declaration: it is screened at once and gets a lane (green, yellow, red)."""
    return DeclarationPublic.of(customs.submit(platform, caller, body.to_request()))


@router.get("/declarations", response_model=Page[DeclarationPublic])
def list_declarations(
    platform: PlatformDep,
    caller: Caller,
    office: Annotated[str | None, Query(max_length=100)] = None,
    lane: Literal["green", "yellow", "red"] | None = None,
    status: Literal["submitted", "released", "inspection", "held"] | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[DeclarationPublic]:
    """Declarations: a shipper's own; for customs the queue, by office (and route), lane, status."""
    after = decode_cursor(cursor)
    found = customs.list_declarations(
        platform,
        caller,
        office=office,
        lane=lane,
        status=status,
        after=None if after is None else str(after),
        limit=limit + 1,
    )
    return Page(**paginate(found, limit, DeclarationPublic.of, lambda d: d.id))


@router.get("/declarations/{declaration_id}", response_model=DeclarationPublic)
def get_declaration(
    platform: PlatformDep, caller: Caller, declaration_id: str
) -> DeclarationPublic:
    """One declaration with its rule hits and decisions."""
    return DeclarationPublic.of(customs.get_declaration(platform, caller, declaration_id))


@router.post(
    "/declarations/{declaration_id}/decision",
    response_model=DeclarationPublic,
    responses=problems(409),
)
def decide(
    platform: PlatformDep, caller: Caller, declaration_id: str, body: DecisionBody
) -> DeclarationPublic:
    """Release, inspect or hold (customs only); the containers' timelines get the DCSA event."""
    return DeclarationPublic.of(
        customs.decide(platform, caller, declaration_id, body.decision, body.reason)
    )
