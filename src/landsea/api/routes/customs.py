"""Customs declarations: lodged by shippers, screened, decided by customs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_cursor, paginate
from landsea.api.problems import problems
from landsea.api.schemas import Amount, MoneyPublic, Page, StrictModel
from landsea.domain.customs import Declaration
from landsea.services import customs

router = APIRouter(tags=["customs"])


_Strict = StrictModel


class ValueBody(_Strict):
    amount: Amount = Field(ge=0, max_digits=16, decimal_places=2)
    currency: str = Field(min_length=3, max_length=3)


class ItemBody(_Strict):
    hs_code: str = Field(
        min_length=6, max_length=14, description="6-digit HS or China's 8/10-digit code."
    )
    description: str = Field(min_length=1, max_length=500)
    quantity: float = Field(gt=0, le=1e12)
    unit: str = Field(min_length=1, max_length=10)
    net_kg: float = Field(gt=0, le=1e9)
    gross_kg: float = Field(gt=0, le=1e9)
    value: ValueBody
    origin_country: str = Field(min_length=2, max_length=2)


class DeclarationBody(_Strict):
    direction: Literal["export", "import"]
    office: str = Field(
        min_length=1, max_length=100, description="UN/LOCODE or name of the customs office."
    )
    booking_id: str | None = Field(default=None, max_length=36)
    containers: list[Annotated[str, Field(max_length=20)]] = Field(
        default_factory=list, max_length=200
    )
    items: list[ItemBody] = Field(min_length=1, max_length=50)
    consignor: str = Field(default="", max_length=200)
    consignee: str = Field(default="", max_length=200)
    dangerous_goods: bool | None = None


class DecisionBody(_Strict):
    decision: Literal["release", "inspect", "hold"]
    reason: str = Field(default="", max_length=500)


class RuleHitPublic(BaseModel):
    rule: str
    weight: float
    explanation: str


class DecisionPublic(BaseModel):
    decision: str
    reason: str
    organisation_id: str
    decided_at: dt.datetime


class ItemPublic(BaseModel):
    hs_code: str
    description: str
    quantity: float
    unit: str
    net_kg: float
    gross_kg: float
    value: MoneyPublic
    origin_country: str


class DeclarationPublic(BaseModel):
    id: str
    status: str
    lane: str
    score: float
    rule_hits: list[RuleHitPublic]
    direction: str
    office: str
    booking_id: str | None
    containers: list[str]
    items: list[ItemPublic]
    consignor: str
    consignee: str
    dangerous_goods: bool
    decisions: list[DecisionPublic]
    organisation_id: str
    created_at: dt.datetime

    @classmethod
    def of(cls, d: Declaration) -> DeclarationPublic:
        return cls(
            id=d.id,
            status=d.status.value,
            lane=d.lane.value,
            score=d.score,
            rule_hits=[
                RuleHitPublic(rule=h.rule, weight=h.weight, explanation=h.explanation)
                for h in d.rule_hits
            ],
            direction=d.direction.value,
            office=d.office,
            booking_id=d.booking_id,
            containers=list(d.containers),
            items=[
                ItemPublic(
                    hs_code=i.hs_code,
                    description=i.description,
                    quantity=i.quantity,
                    unit=i.unit,
                    net_kg=i.net_kg,
                    gross_kg=i.gross_kg,
                    value=MoneyPublic(amount=float(i.value.amount), currency=i.value.currency),
                    origin_country=i.origin_country,
                )
                for i in d.items
            ],
            consignor=d.consignor,
            consignee=d.consignee,
            dangerous_goods=d.dangerous_goods,
            decisions=[
                DecisionPublic(
                    decision=x.kind.value,
                    reason=x.reason,
                    organisation_id=x.organisation_id,
                    decided_at=x.decided_at,
                )
                for x in d.decisions
            ],
            organisation_id=d.organisation_id,
            created_at=d.created_at,
        )


@router.post("/declarations", response_model=DeclarationPublic, status_code=201)
def submit_declaration(
    platform: PlatformDep, caller: Caller, body: DeclarationBody
) -> DeclarationPublic:
    """Lodge a declaration: it is screened at once and gets a lane (green, yellow, red)."""
    request = customs.DeclarationRequest(
        direction=body.direction,
        office=body.office,
        booking_id=body.booking_id,
        containers=tuple(body.containers),
        items=tuple(
            customs.ItemRequest(
                hs_code=i.hs_code,
                description=i.description,
                quantity=i.quantity,
                unit=i.unit,
                net_kg=i.net_kg,
                gross_kg=i.gross_kg,
                value_amount=i.value.amount,
                value_currency=i.value.currency,
                origin_country=i.origin_country,
            )
            for i in body.items
        ),
        consignor=body.consignor,
        consignee=body.consignee,
        dangerous_goods=body.dangerous_goods,
    )
    return DeclarationPublic.of(customs.submit(platform, caller, request))


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
