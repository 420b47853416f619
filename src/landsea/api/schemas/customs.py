"""Customs declarations: the body lodged, a decision, and the declaration as answered.

An item's shape is the domain's :class:`~landsea.domain.customs.DeclarationItem`; the bodies
here only map it in (:meth:`ItemBody.to_domain`) and out (:meth:`ItemPublic.of`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from landsea.api.schemas.common import Amount, MoneyPublic, StrictModel
from landsea.domain.customs import Declaration, DeclarationItem
from landsea.domain.money import Money
from landsea.errors import InvalidCode, InvalidInput
from landsea.services.customs import DeclarationRequest

__all__ = [
    "DecisionBody",
    "DeclarationBody",
    "DeclarationPublic",
    "ItemBody",
    "ItemPublic",
    "ValueBody",
]


class ValueBody(StrictModel):
    amount: Amount = Field(ge=0, max_digits=16, decimal_places=2)
    currency: str = Field(min_length=3, max_length=3)


class ItemBody(StrictModel):
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

    def to_domain(self, where: str = "item") -> DeclarationItem:
        """The domain's item (checked by the customs service); a currency that is not ISO 4217
        is refused here, by its path."""
        try:
            value = Money(self.value.amount, self.value.currency)
        except InvalidCode as exc:
            raise InvalidInput(f"{where}.value.{exc.message}") from None
        return DeclarationItem(**self.model_dump(exclude={"value"}), value=value)


class DeclarationBody(StrictModel):
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

    def to_request(self) -> DeclarationRequest:
        fields = self.model_dump(exclude={"items", "containers"})
        return DeclarationRequest(
            **fields,
            containers=tuple(self.containers),
            items=tuple(item.to_domain(f"items[{n}]") for n, item in enumerate(self.items)),
        )


class DecisionBody(StrictModel):
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

    @classmethod
    def of(cls, item: DeclarationItem) -> ItemPublic:
        value = MoneyPublic.model_validate(item.value)
        fields = {name: getattr(item, name) for name in cls.model_fields if name != "value"}
        return cls(**fields, value=value)


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
            items=[ItemPublic.of(i) for i in d.items],
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
