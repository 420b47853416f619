"""Declarations: items, containers and rule hits through their JSON columns; decisions;
the customs office's view."""

from __future__ import annotations

import uuid
from decimal import Decimal

from landsea.domain.booking import Role
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
from landsea.services.platform import Platform
from tests.persistence.records import T0, organisation


def _declaration(owner: str, office: str = "VNHPH") -> Declaration:
    return Declaration(
        id=str(uuid.uuid4()),
        organisation_id=owner,
        direction=Direction.EXPORT,
        office=office,
        booking_id=None,
        containers=("MSKU1234565",),
        items=(
            DeclarationItem(
                hs_code="080450",
                description="鲜芒果 fresh mangoes",
                quantity=1200.0,
                unit="kg",
                net_kg=1200.0,
                gross_kg=1310.5,
                value=Money(Decimal("8450.25"), "USD"),
                origin_country="VN",
            ),
        ),
        consignor="Hai Phong Fruit Co.",
        consignee="重庆果业",
        dangerous_goods=False,
        status=DeclarationStatus.SUBMITTED,
        lane=Lane.YELLOW,
        score=0.425,
        rule_hits=(RuleHit(rule="value_per_kg", weight=0.425, explanation="low value"),),
        created_at=T0,
    )


def test_a_declaration_reads_back_whole_and_with_its_decisions(platform: Platform) -> None:
    with platform.uow() as uow:
        owner, officer = organisation(uow), organisation(uow, Role.CUSTOMS)
        made = _declaration(owner)
        uow.declarations.add(made)
        decision = Decision(
            kind=DecisionKind.INSPECT, reason="scan", organisation_id=officer, decided_at=T0
        )
        uow.declarations.decide(made.id, decision)
    with platform.uow(read_only=True) as uow:
        found = uow.declarations.get(made.id)
        assert uow.declarations.count_for(owner) == 1
    assert found is not None
    assert (found.items, found.rule_hits, found.containers) == (
        made.items, made.rule_hits, made.containers
    )  # fmt: skip
    assert (found.consignee, found.score, found.created_at) == ("重庆果业", 0.425, T0)
    assert found.status is DeclarationStatus.INSPECTION and found.decisions == (decision,)


def test_find_filters_pages_and_sees_an_office_s_declarations(platform: Platform) -> None:
    with platform.uow() as uow:
        owner = organisation(uow)
        made = [_declaration(owner, office) for office in ("VNHPH", "VNHPH", "CNQZH")]
        for declaration in made:
            uow.declarations.add(declaration)

    def find(**given: object) -> list[str]:
        query: dict[str, object] = {
            "organisation_id": owner, "lane": None, "status": None, "booking_ids": None,
            "offices": None, "after": None, "limit": 10,
        }  # fmt: skip
        return [d.id for d in uow.declarations.find(**{**query, **given})]  # type: ignore[arg-type]

    with platform.uow(read_only=True) as uow:
        everything = find()
        assert everything == sorted(d.id for d in made)
        assert find(limit=2) + find(after=everything[1]) == everything
        assert find(offices=["CNQZH"]) == [made[2].id]
        assert find(offices=["CNQZH"], booking_ids=["none"]) == [made[2].id]
        assert find(lane="red") == [] and find(status="submitted") == everything
