"""Customs declarations straight through the service (both databases, rolled back): items
checked once, a lane from the rules, and decisions sent to the containers' timelines as DCSA
events."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from landsea.domain.booking import Principal
from landsea.domain.customs import DeclarationItem, DeclarationStatus, Lane
from landsea.domain.money import Money
from landsea.domain.tracking import event_uuid
from landsea.errors import Conflict, Forbidden, InvalidInput
from landsea.feeds.dcsa_schema import TntVersion, event_violations
from landsea.services import accounts, customs, tracking
from landsea.services.analytics.clearance import MEASURED
from landsea.services.platform import Platform

ITEM = DeclarationItem(
    hs_code="8517.62", description="network switches", quantity=1200, unit="PCE", net_kg=4800,
    gross_kg=5600, value=Money(Decimal("1850000"), "CNY"), origin_country="CN",
)  # fmt: skip
CONTAINERS = ("CSQU3054383", "MSCU6639870")


@pytest.fixture
def shipper(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Customs Exporter", "shipper")


@pytest.fixture
def officer(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Qinzhou Customs", "customs")


def _request(*items: DeclarationItem, **changes: object) -> customs.DeclarationRequest:
    request = customs.DeclarationRequest(
        direction="export", office="CNQZH", booking_id=None, containers=CONTAINERS,
        items=items or (ITEM,),
    )  # fmt: skip
    return dataclasses.replace(request, **changes)  # type: ignore[arg-type]


def test_a_declaration_is_checked_screened_and_stored(
    platform: Platform, shipper: Principal, officer: Principal
) -> None:
    lodged = customs.submit(platform, shipper, _request())
    assert lodged.items[0].hs_code == "851762"  # normalised by the domain's check_item
    # The trader's first declaration: yellow; the next one plain: green.
    assert (lodged.lane, [h.rule for h in lodged.rule_hits]) == (Lane.YELLOW, ["first_declaration"])
    second = customs.submit(platform, shipper, _request())
    assert (second.lane, second.score, second.rule_hits) == (Lane.GREEN, 0.0, ())
    assert customs.get_declaration(platform, officer, lodged.id) == lodged
    listed = customs.list_declarations(platform, shipper, office=None, lane="green",
                                       status=None, after=None, limit=10)  # fmt: skip
    assert listed == [second]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (dataclasses.replace(ITEM, hs_code="7701.00"), "items[1].hs_code '7701.00': chapter 77"),
        (dataclasses.replace(ITEM, net_kg=6000), "items[1].net_kg 6000 is more than gross_kg"),
        (dataclasses.replace(ITEM, quantity=float("nan")), "items[1].quantity must be a positive"),
        (dataclasses.replace(ITEM, origin_country="XX"), "items[1].origin_country 'XX'"),
    ],
)
def test_every_face_gets_the_same_item_rules(
    platform: Platform, shipper: Principal, item: DeclarationItem, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        customs.submit(platform, shipper, _request(ITEM, item))
    assert str(refused.value).startswith(message)


def test_a_decision_is_recorded_and_sent_to_each_containers_timeline(
    platform: Platform, shipper: Principal, officer: Principal
) -> None:
    lodged = customs.submit(platform, shipper, _request())
    with pytest.raises(Forbidden):
        customs.decide(platform, shipper, lodged.id, "release", "")
    with pytest.raises(InvalidInput, match="reason is needed to hold"):
        customs.decide(platform, officer, lodged.id, "hold", "  ")
    held = customs.decide(platform, officer, lodged.id, "hold", "papers missing")
    assert held.status is DeclarationStatus.HELD and held.decisions[0].reason == "papers missing"
    platform.caches(MEASURED).put("", {"CNQZH": 99.0})
    released = customs.decide(platform, officer, lodged.id, "release", "")
    assert released.status is DeclarationStatus.RELEASED
    assert platform.caches(MEASURED).get("") is None  # a release invalidates the measured times
    with pytest.raises(Conflict, match="already released"):
        customs.decide(platform, officer, lodged.id, "inspect", "")
    admin = accounts.system_principal(platform)
    events = tracking.find_events(platform, admin, filters={"UNLocationCode": "CNQZH"},
                                  after=None, limit=100)  # fmt: skip
    expected = sorted([
        (event_uuid(f"customs-{lodged.id}-0-{CONTAINERS[0]}"), "CUSS", CONTAINERS[0]),
        (event_uuid(f"customs-{lodged.id}-0-{CONTAINERS[1]}"), "CUSS", CONTAINERS[1]),
        (event_uuid(f"customs-{lodged.id}-1-{CONTAINERS[0]}"), "CUSR", CONTAINERS[0]),
        (event_uuid(f"customs-{lodged.id}-1-{CONTAINERS[1]}"), "CUSR", CONTAINERS[1]),
    ])  # fmt: skip
    ids = {event_id for event_id, _, _ in expected}
    mine = sorted((e.event_id, e.type_code, e.equipment_reference) for e in events
                  if e.event_id in ids)  # fmt: skip
    assert mine == expected
    for event in events:  # landsea's own events are valid DCSA 3.0 (UUIDs, short timestamps)
        if event.event_id in ids:
            assert event_violations(TntVersion.V3, event.raw) == []
            assert len(event.raw["eventDateTime"]) <= 30
