"""Customs declarations on SQLite and PostgreSQL: validation, risk lanes, decisions, visibility."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World

TRAIN = "SR-CQ-QZH-20261207-0900"
HANOI = "CV-CQ-HAN-20261210-1500"  # Guoyuan → Nanning → Pingxiang → Hanoi


def _item(**changes: Any) -> dict[str, Any]:
    item = {
        "hs_code": "8471.30",
        "description": "laptop computers",
        "quantity": 500,
        "unit": "pcs",
        "net_kg": 1500,
        "gross_kg": 1800,
        "value": {"amount": "2500000.00", "currency": "CNY"},
        "origin_country": "CN",
    }
    item.update(changes)
    return item


def _declare(client: TestClient, world: World, who: str = "exporter", **changes: Any) -> Any:
    body: dict[str, Any] = {
        "direction": "export",
        "office": "CNQZH",
        "containers": ["CSQU3054383"],
        "items": [_item()],
        "consignor": "Chongqing Hongyu Electronics",
        "consignee": "Singapore Tech Distribution",
    }
    body.update(changes)
    return client.post("/api/v1/declarations", json=body, headers=world.headers(who))


def _booking(
    client: TestClient, world: World, departure: str, origin: str, destination: str
) -> str:
    response = client.post(
        "/api/v1/bookings",
        json={"legs": [{"departure_id": departure, "from": origin, "to": destination}], "teu": 1},
        headers=world.headers("exporter"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        (
            {"items": [_item(hs_code="7701.00")]},
            "items[0].hs_code '7701.00': chapter 77 is reserved",
        ),
        (
            {"items": [_item(hs_code="8471301")]},
            "items[0].hs_code '8471301' must be 6 digits (HS) or China's 8 or 10 digits",
        ),
        ({"items": [_item(net_kg=2000)]}, "items[0].net_kg 2000 is more than gross_kg 1800"),
        (
            {"items": [_item(value={"amount": "1", "currency": "RMB"})]},
            "items[0].value.currency 'RMB' is not an ISO 4217",
        ),
        (
            {"items": [_item(origin_country="XX")]},
            "items[0].origin_country 'XX' is not an ISO 3166-1",
        ),
        (
            {"containers": ["CSQU3054384"]},
            "containers[0] 'CSQU3054384' has check digit 4; ISO 6346 gives 3",
        ),
        ({"office": "CNCQI"}, "office 'CNCQI' (Chongqing) is not a customs office"),
        ({"office": "Atlantis"}, "office: unknown place 'Atlantis'"),
        ({"booking_id": "nope"}, "booking_id 'nope' is not a booking of 'exporter'"),
    ],
)
def test_validation_names_the_field(
    client: TestClient, world: World, changes: dict[str, Any], detail: str
) -> None:
    response = _declare(client, world, **changes)
    assert response.status_code == 422, response.text
    assert detail in response.json()["detail"]


def test_lanes_and_explained_hits(client: TestClient, world: World) -> None:
    first = _declare(client, world).json()
    assert (first["lane"], [h["rule"] for h in first["rule_hits"]]) == (
        "yellow",
        ["first_declaration"],
    )
    clean = _declare(client, world).json()
    assert (clean["lane"], clean["rule_hits"], clean["status"]) == ("green", [], "submitted")
    cheap = _declare(
        client, world, items=[_item(value={"amount": "30000", "currency": "CNY"})]
    ).json()
    assert cheap["lane"] == "yellow" and cheap["rule_hits"][0]["rule"] == "undervalued"
    assert "less than 30% of the benchmark for HS 8471" in cheap["rule_hits"][0]["explanation"]
    chemicals = _declare(
        client, world, items=[_item(hs_code="2801.10", description="chlorine")]
    ).json()
    assert chemicals["lane"] == "red"
    assert chemicals["rule_hits"][0]["explanation"].startswith(
        "HS chapter 28 (inorganic chemicals)"
    )
    listed = _declare(client, world, consignee="example shell trading ltd").json()
    assert listed["lane"] == "red" and listed["rule_hits"][0]["rule"] == "watchlisted_party"
    heavy = _declare(
        client, world,
        items=[_item(net_kg=40000, gross_kg=45000, value={"amount": "20000000", "currency": "CNY"})],
    ).json()  # fmt: skip
    assert [h["rule"] for h in heavy["rule_hits"]] == ["implausible_weight"]
    assert "45,000 kg gross over 1 containers" in heavy["rule_hits"][0]["explanation"]


def test_durian_benchmarks_by_origin(client: TestClient, world: World) -> None:
    _declare(client, world, who="importer")  # not the trader's first any more
    fruit = _item(
        hs_code="0810.60",
        description="fresh durian",
        net_kg=18000,
        gross_kg=20000,
        origin_country="TH",
    )
    fair = _declare(
        client,
        world,
        who="importer",
        direction="import",
        items=[{**fruit, "value": {"amount": "60000", "currency": "USD"}}],
    )
    assert fair.json()["lane"] == "green"
    low = _declare(
        client,
        world,
        who="importer",
        direction="import",
        items=[{**fruit, "value": {"amount": "5000", "currency": "USD"}}],
    )
    assert low.json()["lane"] == "yellow"
    assert "HS 0810 from TH" in low.json()["rule_hits"][0]["explanation"]


def test_decisions_by_customs_only_recorded_and_on_the_timeline(
    client: TestClient, world: World
) -> None:
    booking = _booking(client, world, TRAIN, "CNCQI-TJC", "CNQZH")
    declaration = _declare(client, world, booking_id=booking).json()["id"]
    url = f"/api/v1/declarations/{declaration}/decision"
    assert (
        client.post(
            url, json={"decision": "release"}, headers=world.headers("exporter")
        ).status_code
        == 403
    )
    assert (
        client.post(
            url, json={"decision": "release"}, headers=world.headers("operator")
        ).status_code
        == 403
    )
    no_reason = client.post(url, json={"decision": "hold"}, headers=world.headers("customs"))
    assert no_reason.status_code == 422 and "reason is needed" in no_reason.json()["detail"]
    inspected = client.post(
        url, json={"decision": "inspect", "reason": "x-ray"}, headers=world.headers("customs")
    ).json()
    assert inspected["status"] == "inspection"
    assert inspected["decisions"][0]["organisation_id"] == world.ids["customs"]
    released = client.post(
        url, json={"decision": "release"}, headers=world.headers("customs")
    ).json()
    assert released["status"] == "released" and len(released["decisions"]) == 2
    again = client.post(
        url, json={"decision": "hold", "reason": "late"}, headers=world.headers("customs")
    )
    assert again.status_code == 409
    events = client.get(
        "/api/v1/events",
        params={"equipmentReference": "CSQU3054383"},
        headers=world.headers("exporter"),
    ).json()
    codes = [e["eventClassification"]["equipmentEventTypeCode"] for e in events]
    assert codes == ["CUSI", "CUSR"]


def test_visibility_and_one_declaration_along_the_route(client: TestClient, world: World) -> None:
    booking = _booking(client, world, HANOI, "CNCQI-GYP", "VNHAN")
    declaration = _declare(client, world, office="CNCQI-GYP", booking_id=booking).json()["id"]
    assert (
        client.get(
            f"/api/v1/declarations/{declaration}", headers=world.headers("importer")
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/declarations/{declaration}", headers=world.headers("operator")
        ).status_code
        == 403
    )
    mine = client.get("/api/v1/declarations", headers=world.headers("exporter")).json()
    assert [d["id"] for d in mine["data"]] == [declaration]
    assert (
        client.get("/api/v1/declarations", headers=world.headers("importer")).json()["count"] == 0
    )
    at_border = client.get(
        "/api/v1/declarations", params={"office": "Pingxiang"}, headers=world.headers("customs")
    ).json()
    assert [d["id"] for d in at_border["data"]] == [declaration]
    elsewhere = client.get(
        "/api/v1/declarations", params={"office": "CNMHN"}, headers=world.headers("customs")
    ).json()
    assert elsewhere["data"] == []
    by_lane = client.get(
        "/api/v1/declarations", params={"lane": "yellow"}, headers=world.headers("customs")
    ).json()
    assert [d["id"] for d in by_lane["data"]] == [declaration]
