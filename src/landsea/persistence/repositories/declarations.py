"""Customs declarations (key fields as columns, the rest as JSON) and officers' decisions."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from landsea.domain.customs import (
    Decision,
    DecisionKind,
    Declaration,
    DeclarationItem,
    DeclarationStatus,
    Direction,
    Lane,
    RuleHit,
)
from landsea.domain.money import Money
from landsea.persistence.repositories._sql import table
from landsea.persistence.tables import DeclarationDecisionRow, DeclarationRow

__all__ = ["Declarations"]


class Declarations:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, declaration: Declaration) -> None:
        self.session.connection().execute(
            insert(table(DeclarationRow)), [_declaration_row(declaration)]
        )

    def count_for(self, organisation_id: str) -> int:
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(DeclarationRow)
                .where(DeclarationRow.organisation_id == organisation_id)
            )
            or 0
        )

    def get(self, declaration_id: str, *, lock: bool = False) -> Declaration | None:
        query = select(DeclarationRow).where(DeclarationRow.id == declaration_id)
        if lock:
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        return self._declaration(row) if row else None

    def find(
        self,
        *,
        organisation_id: str | None,
        lane: str | None,
        status: str | None,
        booking_ids: Sequence[str] | None,
        offices: Sequence[str] | None,
        after: str | None,
        limit: int,
    ) -> list[Declaration]:
        """Declarations in id order after ``after``: the organisation's, and (for customs) those
        lodged at one of ``offices`` or for one of ``booking_ids``."""
        query = select(DeclarationRow).order_by(DeclarationRow.id).limit(limit)
        if organisation_id is not None:
            query = query.where(DeclarationRow.organisation_id == organisation_id)
        if lane is not None:
            query = query.where(DeclarationRow.lane == lane)
        if status is not None:
            query = query.where(DeclarationRow.status == status)
        if offices is not None and booking_ids is not None:
            query = query.where(
                or_(
                    DeclarationRow.office.in_(list(offices)),
                    DeclarationRow.booking_id.in_(list(booking_ids)),
                )
            )
        elif offices is not None:
            query = query.where(DeclarationRow.office.in_(list(offices)))
        if after:
            query = query.where(DeclarationRow.id > after)
        return [self._declaration(row) for row in self.session.scalars(query)]

    def decide(self, declaration_id: str, decision: Decision) -> None:
        self.session.add(
            DeclarationDecisionRow(
                declaration_id=declaration_id,
                decision=decision.kind.value,
                reason=decision.reason,
                organisation_id=decision.organisation_id,
                decided_at=decision.decided_at,
            )
        )
        self.session.execute(
            update(DeclarationRow)
            .where(DeclarationRow.id == declaration_id)
            .values(status=decision.kind.status.value)
        )
        self.session.flush()

    def _declaration(self, row: DeclarationRow) -> Declaration:
        decisions = self.session.scalars(
            select(DeclarationDecisionRow)
            .where(DeclarationDecisionRow.declaration_id == row.id)
            .order_by(DeclarationDecisionRow.id)
        )
        return _declaration(row, [_decision(d) for d in decisions])


# Mapping: domain records to rows and back.


def _declaration_row(declaration: Declaration) -> dict[str, Any]:
    return {
        "id": declaration.id,
        "organisation_id": declaration.organisation_id,
        "booking_id": declaration.booking_id,
        "direction": declaration.direction.value,
        "office": declaration.office,
        "status": declaration.status.value,
        "lane": declaration.lane.value,
        "score": Decimal(str(declaration.score)),
        "body": {
            "consignor": declaration.consignor,
            "consignee": declaration.consignee,
            "dangerous_goods": declaration.dangerous_goods,
            "containers": list(declaration.containers),
            "items": [_item_body(i) for i in declaration.items],
        },
        "rule_hits": [
            {"rule": h.rule, "weight": h.weight, "explanation": h.explanation, "facts": h.facts}
            for h in declaration.rule_hits
        ],
        "created_at": declaration.created_at,
    }


def _item_body(item: DeclarationItem) -> dict[str, Any]:
    return {
        "hs_code": item.hs_code,
        "description": item.description,
        "quantity": item.quantity,
        "unit": item.unit,
        "net_kg": item.net_kg,
        "gross_kg": item.gross_kg,
        "value": {"amount": str(item.value.amount), "currency": item.value.currency},
        "origin_country": item.origin_country,
    }


def _item(body: dict[str, Any]) -> DeclarationItem:
    return DeclarationItem(
        hs_code=body["hs_code"],
        description=body["description"],
        quantity=body["quantity"],
        unit=body["unit"],
        net_kg=body["net_kg"],
        gross_kg=body["gross_kg"],
        value=Money(Decimal(body["value"]["amount"]), body["value"]["currency"]),
        origin_country=body["origin_country"],
    )


def _decision(row: DeclarationDecisionRow) -> Decision:
    return Decision(
        kind=DecisionKind(row.decision),
        reason=row.reason,
        organisation_id=row.organisation_id,
        decided_at=row.decided_at,
    )


def _declaration(row: DeclarationRow, decisions: list[Decision]) -> Declaration:
    body = row.body
    return Declaration(
        id=row.id,
        organisation_id=row.organisation_id,
        direction=Direction(row.direction),
        office=row.office,
        booking_id=row.booking_id,
        containers=tuple(body["containers"]),
        items=tuple(_item(i) for i in body["items"]),
        consignor=body["consignor"],
        consignee=body["consignee"],
        dangerous_goods=body["dangerous_goods"],
        status=DeclarationStatus(row.status),
        lane=Lane(row.lane),
        score=float(row.score),
        rule_hits=tuple(RuleHit(**h) for h in row.rule_hits),
        decisions=tuple(decisions),
        created_at=row.created_at,
    )
