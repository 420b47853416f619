"""``POST /api/v1/bookings`` takes the cargo details of the review step (commodity, HS code,
ISO 6346 containers) and ``GET`` returns them; a wrong one is a 422 naming the field and the
value, with nothing reserved; the OpenAPI document describes them (SQLite and PostgreSQL)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import World

TRAIN = "SR-CQ-QZH-20261207-0900"  # Tuanjiecun → Qinzhou
LEG = {"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"}
BOX = "APZU4812090"


def test_a_booking_keeps_its_commodity_hs_code_and_containers(
    client: TestClient, world: World
) -> None:
    headers = world.headers("exporter")
    body = {"legs": [LEG], "teu": 1, "commodity": "Longan, dried", "hs_code": "0810.90",
            "containers": [BOX]}  # fmt: skip
    made = client.post("/api/v1/bookings", json=body, headers=headers)
    assert made.status_code == 201, made.text
    read = client.get(made.headers["location"], headers=headers).json()
    assert (read["commodity"], read["hs_code"], read["containers"]) == (
        "Longan, dried", "081090", [BOX])  # fmt: skip
    plain = client.post("/api/v1/bookings", json={"legs": [LEG], "teu": 1}, headers=headers)
    assert plain.json()["containers"] == [] and plain.json()["hs_code"] is None
    wrong = client.post("/api/v1/bookings", headers=headers,
                        json={**body, "containers": ["APZU4812091"]})  # fmt: skip
    assert wrong.status_code == 422, wrong.text
    assert "containers[0] 'APZU4812091' has check digit 1" in wrong.json()["detail"]
    too_many = client.post("/api/v1/bookings", headers=headers,
                           json={**body, "containers": [BOX, "CSQU3054383"]})  # fmt: skip
    assert too_many.status_code == 422 and "the booking has 1 box" in too_many.json()["detail"]
    departure = client.get(f"/api/v1/departures/{TRAIN}", headers=headers).json()
    assert departure["booked_teu"] == 2  # the two bookings made, not the refused ones
    spec = client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("commodity", "hs_code", "containers"):
        assert name in spec["BookingCreate"]["properties"], name
        assert name in spec["BookingPublic"]["properties"], name
