"""The HTTP API on SQLite and PostgreSQL: each resource's success and error paths, tenancy,
idempotency, and problem details that name the field."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from landsea.api.app import create_app
from tests.api.conftest import World
from tests.fixtures.api import ORGANISATIONS

TRAIN = "SR-CQ-QZH-20261207-0900"  # Tuanjiecun → Qinzhou, a 100-TEU daily sea-rail train
SHIP = "QZH-SIN-DAILY-20261211-2000"  # Qinzhou → Singapore, after the train's handling and cut-off


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["code"] == code and body["detail"]
    return body


def _book(
    client: TestClient, world: World, who: str = "exporter", teu: int = 2, **extra: Any
) -> Any:
    body = {
        "legs": [{"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"}],
        "teu": teu,
        **extra,
    }
    return client.post("/api/v1/bookings", json=body, headers=world.headers(who))


# -- authentication -------------------------------------------------------------------------------


def test_every_call_needs_a_key(client: TestClient, world: World) -> None:
    body = _problem(client.get("/api/v1/locations"), 401, "unauthorized")
    assert "Authorization: Bearer" in body["detail"]
    _problem(
        client.get("/api/v1/bookings", headers={"Authorization": "Bearer lsk_00000000_x"}),
        401,
        "unauthorized",
    )
    _problem(
        client.get("/api/v1/bookings", headers={"Authorization": "Basic abc"}), 401, "unauthorized"
    )
    assert client.get("/api/v1/locations", headers=world.headers("customs")).status_code == 200


# -- the network ----------------------------------------------------------------------------------


def test_locations_paginate_with_a_cursor(client: TestClient, world: World) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 25}
        if cursor:
            params["cursor"] = cursor
        page = client.get(
            "/api/v1/locations", params=params, headers=world.headers("exporter")
        ).json()
        seen += [loc["locode"] for loc in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == len(world.platform.network.locations)
    bad = client.get(
        "/api/v1/locations", params={"cursor": "@@"}, headers=world.headers("exporter")
    )
    _problem(bad, 422, "invalid_input")


def test_a_location_by_name_and_an_unknown_one(client: TestClient, world: World) -> None:
    found = client.get("/api/v1/locations/钦州", headers=world.headers("exporter")).json()
    assert found["locode"] == "CNQZH" and found["name"]["zh"] == "钦州港"
    missing = _problem(
        client.get("/api/v1/locations/Chungking", headers=world.headers("exporter")),
        404,
        "unknown_location",
    )
    assert "CNCQI" in missing["detail"]


def test_services(client: TestClient, world: World) -> None:
    sea = client.get(
        "/api/v1/services", params={"mode": "sea", "limit": 500}, headers=world.headers("exporter")
    ).json()
    assert sea["count"] > 20 and {s["mode"] for s in sea["data"]} == {"sea"}
    one = client.get("/api/v1/services/SR-CQ-QZH", headers=world.headers("exporter")).json()
    assert one["stops"][0]["locode"] == "CNCQI-TJC"
    _problem(
        client.get("/api/v1/services/NOPE", headers=world.headers("exporter")),
        404,
        "unknown_service",
    )
    bad = client.get("/api/v1/services", params={"mode": "air"}, headers=world.headers("exporter"))
    assert bad.json()["errors"][0]["field"] == "mode"


# -- departures -----------------------------------------------------------------------------------


def test_departures_by_origin_destination_and_date(client: TestClient, world: World) -> None:
    page = client.get(
        "/api/v1/departures",
        params={"origin": "Tuanjiecun", "destination": "钦州", "date": "2026-12-07"},
        headers=world.headers("exporter"),
    ).json()
    ids = [d["id"] for d in page["data"]]
    assert TRAIN in ids and all(i.startswith("SR-CQ-") for i in ids)
    first = page["data"][0]
    assert first["remaining_teu"] == first["capacity_teu"] - first["booked_teu"]
    assert first["calls"][0]["locode"] == "CNCQI-TJC"
    bad = client.get(
        "/api/v1/departures", params={"origin": "Atlantis"}, headers=world.headers("exporter")
    )
    assert "origin: unknown place 'Atlantis'" in _problem(bad, 422, "invalid_input")["detail"]
    _problem(
        client.get("/api/v1/departures/NOPE-1", headers=world.headers("exporter")), 404, "not_found"
    )


def test_operators_change_capacity_audited(client: TestClient, world: World) -> None:
    changed = client.patch(
        f"/api/v1/departures/{TRAIN}", json={"capacity_teu": 60}, headers=world.headers("operator")
    )
    assert changed.status_code == 200 and changed.json()["capacity_teu"] == 60
    with world.platform.uow(read_only=True) as uow:
        trail = uow.departures.audit_trail(TRAIN)
    assert [(c.organisation_id, c.field, c.old, c.new) for c in trail] == [
        (world.ids["operator"], "capacity_teu", "100", "60")
    ]
    _problem(
        client.patch(
            f"/api/v1/departures/{TRAIN}",
            json={"capacity_teu": 50},
            headers=world.headers("exporter"),
        ),
        403,
        "forbidden",
    )
    _problem(
        client.patch(
            f"/api/v1/departures/{TRAIN}",
            json={"capacity_teu": 50},
            headers=world.headers("yuxinou"),
        ),
        403,
        "forbidden",
    )
    bad = client.patch(
        f"/api/v1/departures/{TRAIN}", json={"capacity_teu": -1}, headers=world.headers("operator")
    )
    assert _problem(bad, 422, "invalid_input")["errors"][0]["field"] == "capacity_teu"
    assert _book(client, world, teu=10).status_code == 201
    below = client.patch(
        f"/api/v1/departures/{TRAIN}", json={"capacity_teu": 5}, headers=world.headers("operator")
    )
    assert "below the 10 TEU already booked" in _problem(below, 409, "conflict")["detail"]


# -- plans ----------------------------------------------------------------------------------------


def test_plans_use_the_capacity_left(client: TestClient, world: World) -> None:
    body = {
        "origin": "Chongqing",
        "destination": "Qinzhou",
        "depart": "2026-12-07",
        "window_days": 1,
    }
    first = client.post("/api/v1/plans", json=body, headers=world.headers("exporter")).json()
    departure = first["options"][0]["legs"][1]["departure_id"]
    assert departure == "SR-CQ-QZH-20261207-2100"
    client.patch(
        f"/api/v1/departures/{departure}",
        json={"capacity_teu": 0},
        headers=world.headers("operator"),
    )
    again = client.post("/api/v1/plans", json=body, headers=world.headers("exporter")).json()
    assert all(leg["departure_id"] != departure for o in again["options"] for leg in o["legs"])
    bad = client.post(
        "/api/v1/plans",
        json={"origin": "Chongqing", "destination": "Atlantis"},
        headers=world.headers("exporter"),
    )
    assert "destination: unknown place" in _problem(bad, 422, "invalid_input")["detail"]
    missing = client.post(
        "/api/v1/plans", json={"origin": "Chongqing"}, headers=world.headers("exporter")
    )
    assert _problem(missing, 422, "invalid_input")["errors"][0]["field"] == "destination"


def test_a_plan_with_epsilon_says_it_is_approximate(client: TestClient, world: World) -> None:
    body = {"origin": "Chongqing", "destination": "Singapore", "depart": "2026-12-07"}
    exact = client.post("/api/v1/plans", json=body, headers=world.headers("exporter")).json()
    assert (exact["approximate"], exact["epsilon"], exact["capped"]) == (False, None, False)
    asked = {**body, "epsilon": {"cost": 0.05, "hours": 2}}
    bounded = client.post("/api/v1/plans", json=asked, headers=world.headers("exporter")).json()
    assert bounded["approximate"] is True
    assert bounded["epsilon"] == {"cost": 0.05, "co2e": 0.01, "hours": 2}
    assert 0 < len(bounded["options"]) <= len(exact["options"])
    wrong = client.post(
        "/api/v1/plans", json={**body, "epsilon": {"cost": 2}}, headers=world.headers("exporter")
    )
    assert _problem(wrong, 422, "invalid_input")["errors"][0]["field"] == "epsilon.cost"


# -- bookings -------------------------------------------------------------------------------------


def test_booking_reserves_prices_and_cancels(client: TestClient, world: World) -> None:
    made = _book(client, world, teu=3, shipper_reference="PO-1")
    assert made.status_code == 201, made.text
    booking = made.json()
    assert booking["status"] == "confirmed" and booking["price"]["currency"] == "CNY"
    assert booking["price"]["amount"] == 5470.0 + 4060.0  # one FEU and one TEU on the train
    assert booking["co2e_kg"] > 0 and booking["legs"][0]["from"] == "CNCQI-TJC"
    assert made.headers["location"] == f"/api/v1/bookings/{booking['id']}"
    departure = client.get(f"/api/v1/departures/{TRAIN}", headers=world.headers("exporter")).json()
    assert departure["booked_teu"] == 3
    cancelled = client.post(
        f"/api/v1/bookings/{booking['id']}/cancel", headers=world.headers("exporter")
    )
    assert cancelled.json()["status"] == "cancelled"
    assert (
        client.get(f"/api/v1/departures/{TRAIN}", headers=world.headers("exporter")).json()[
            "booked_teu"
        ]
        == 0
    )
    twice = client.post(
        f"/api/v1/bookings/{booking['id']}/cancel", headers=world.headers("exporter")
    )
    assert (
        _problem(twice, 409, "invalid_state_transition")["detail"]
        == "a cancelled booking cannot become cancelled"
    )


def test_all_legs_or_none(client: TestClient, world: World) -> None:
    client.patch(
        f"/api/v1/departures/{SHIP}", json={"capacity_teu": 1}, headers=world.headers("operator")
    )
    body = {
        "legs": [
            {"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"},
            {"departure_id": SHIP, "from": "CNQZH", "to": "SGSIN"},
        ],
        "teu": 2,
    }
    refused = _problem(
        client.post("/api/v1/bookings", json=body, headers=world.headers("exporter")),
        409,
        "capacity_exceeded",
    )
    assert refused["detail"].startswith(f"legs[1].departure_id '{SHIP}' has 1 TEU")
    train = client.get(f"/api/v1/departures/{TRAIN}", headers=world.headers("exporter")).json()
    assert train["booked_teu"] == 0  # the first leg was not kept either


def test_bad_legs_name_the_field(client: TestClient, world: World) -> None:
    cases = [
        (
            {"departure_id": "NOPE", "from": "CNCQI-TJC", "to": "CNQZH"},
            "legs[0].departure_id 'NOPE' is not a stored departure",
        ),
        (
            {"departure_id": TRAIN, "from": "SGSIN", "to": "CNQZH"},
            "legs[0].from 'SGSIN': service SR-CQ-QZH does not call there",
        ),
        (
            {"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "Atlantis"},
            "legs[0].to: unknown place 'Atlantis'",
        ),
        ({"from": "CNCQI", "to": "CNCQI-TJC"}, "legs[0]: an on-demand leg needs service_id"),
    ]
    for leg, message in cases:
        response = client.post(
            "/api/v1/bookings", json={"legs": [leg], "teu": 1}, headers=world.headers("exporter")
        )
        assert message in _problem(response, 422, "invalid_input")["detail"]
    broken = client.post(
        "/api/v1/bookings", json={"legs": [], "teu": 0}, headers=world.headers("exporter")
    )
    fields = [e["field"] for e in _problem(broken, 422, "invalid_input")["errors"]]
    assert fields == ["legs", "teu"]


def test_an_on_demand_truck_then_a_train(client: TestClient, world: World) -> None:
    body = {
        "legs": [
            {"service_id": "DR-CQI-TJC", "from": "CNCQI", "to": "CNCQI-TJC"},
            {"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"},
        ],
        "teu": 1,
    }
    made = client.post("/api/v1/bookings", json=body, headers=world.headers("exporter"))
    assert made.status_code == 201, made.text
    assert [leg["departure_id"] for leg in made.json()["legs"]] == [None, TRAIN]


def test_idempotency(client: TestClient, world: World) -> None:
    key = {"Idempotency-Key": "order-42"}
    body = {"legs": [{"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"}], "teu": 2}
    first = client.post("/api/v1/bookings", json=body, headers={**world.headers("exporter"), **key})
    again = client.post("/api/v1/bookings", json=body, headers={**world.headers("exporter"), **key})
    assert first.status_code == again.status_code == 201
    assert (
        again.json()["id"] == first.json()["id"] and again.headers["idempotent-replayed"] == "true"
    )
    assert (
        client.get(f"/api/v1/departures/{TRAIN}", headers=world.headers("exporter")).json()[
            "booked_teu"
        ]
        == 2
    )
    other = client.post(
        "/api/v1/bookings", json={**body, "teu": 3}, headers={**world.headers("exporter"), **key}
    )
    assert "used for a different request" in _problem(other, 422, "idempotency_mismatch")["detail"]
    # Keys belong to an organisation: another shipper may use the same one.
    theirs = client.post(
        "/api/v1/bookings", json=body, headers={**world.headers("importer"), **key}
    )
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]


def test_tenant_isolation(client: TestClient, world: World) -> None:
    mine = _book(client, world).json()["id"]
    assert (
        client.get(f"/api/v1/bookings/{mine}", headers=world.headers("exporter")).status_code == 200
    )
    _problem(
        client.get(f"/api/v1/bookings/{mine}", headers=world.headers("importer")), 404, "not_found"
    )
    _problem(
        client.post(f"/api/v1/bookings/{mine}/cancel", headers=world.headers("importer")),
        404,
        "not_found",
    )
    assert client.get("/api/v1/bookings", headers=world.headers("importer")).json()["count"] == 0
    # The corridor operator runs the train and sees the booking; Yuxinou (CR Express) does not.
    assert (
        client.get(f"/api/v1/bookings/{mine}", headers=world.headers("operator")).status_code == 200
    )
    _problem(
        client.get(f"/api/v1/bookings/{mine}", headers=world.headers("yuxinou")), 404, "not_found"
    )
    assert [
        b["id"]
        for b in client.get("/api/v1/bookings", headers=world.headers("operator")).json()["data"]
    ] == [mine]
    assert client.get("/api/v1/bookings", headers=world.headers("yuxinou")).json()["data"] == []
    _problem(_book(client, world, who="customs"), 403, "forbidden")
    _problem(
        client.post(f"/api/v1/bookings/{mine}/cancel", headers=world.headers("operator")),
        403,
        "forbidden",
    )


def test_booking_list_paginates(client: TestClient, world: World) -> None:
    made = {_book(client, world, teu=1).json()["id"] for _ in range(5)}
    first = client.get(
        "/api/v1/bookings", params={"limit": 3}, headers=world.headers("exporter")
    ).json()
    second = client.get(
        "/api/v1/bookings",
        params={"limit": 3, "cursor": first["next_cursor"]},
        headers=world.headers("exporter"),
    ).json()
    assert {b["id"] for b in first["data"] + second["data"]} == made and second[
        "next_cursor"
    ] is None


# -- organisations ----------------------------------------------------------------------------------


def test_admins_manage_organisations_and_keys(client: TestClient, world: World) -> None:
    created = client.post(
        "/api/v1/organisations",
        json={"name": "Guizhou Tea Export", "role": "shipper"},
        headers=world.headers("admin"),
    )
    assert created.status_code == 201
    org = created.json()["id"]
    key = client.post(f"/api/v1/organisations/{org}/keys", headers=world.headers("admin")).json()[
        "api_key"
    ]
    assert (
        client.get("/api/v1/bookings", headers={"Authorization": f"Bearer {key}"}).status_code
        == 200
    )
    assert (
        client.get(
            f"/api/v1/organisations/{org}", headers={"Authorization": f"Bearer {key}"}
        ).status_code
        == 200
    )
    duplicate = client.post(
        "/api/v1/organisations",
        json={"name": "Guizhou Tea Export", "role": "shipper"},
        headers=world.headers("admin"),
    )
    _problem(duplicate, 409, "conflict")
    _problem(
        client.post(
            "/api/v1/organisations",
            json={"name": "X", "role": "shipper"},
            headers=world.headers("exporter"),
        ),
        403,
        "forbidden",
    )
    bad = client.post(
        "/api/v1/organisations",
        json={"name": "Y", "role": "pirate"},
        headers=world.headers("admin"),
    )
    assert _problem(bad, 422, "invalid_input")["errors"][0]["field"] == "role"
    listed = client.get("/api/v1/organisations", headers=world.headers("admin")).json()
    assert listed["count"] == len(ORGANISATIONS) + 1  # the world's and Guizhou Tea Export
    _problem(
        client.post("/api/v1/organisations/nope/keys", headers=world.headers("admin")),
        404,
        "not_found",
    )


def test_openapi_and_docs(openapi: dict[str, Any]) -> None:
    assert "/api/v1/bookings" in openapi["paths"] and "/api/v1/plans" in openapi["paths"]
    assert TestClient(create_app()).get("/docs").status_code == 200  # no database needed
