"""Run exceptions and closures through the API, on SQLite and PostgreSQL: the planner never
offers a cancelled run nor a run through a closed place, offers delayed and extra runs; bookings
on a cancelled run are marked, told (a DCSA event) and offered a re-accommodation, and the
capacity is released; tenancy of the rules table."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.fixtures.api import World

TRAIN = "SR-CQ-QZH-20261207-2100"  # Tuanjiecun → Qinzhou, the planner's pick for 7 December
SERVICE = "SR-CQ-QZH"
PLAN = {"origin": "Chongqing", "destination": "Qinzhou", "depart": "2026-12-07", "window_days": 1}
WHY = {"reason_en": "Typhoon", "reason_zh": "台风", "reason_code": "WEA"}


def _departures(plan: dict[str, Any]) -> set[str]:
    return {leg["departure_id"] for option in plan["options"] for leg in option["legs"]}


def _plan(client: TestClient, world: World) -> dict[str, Any]:
    made = client.post("/api/v1/plans", json=PLAN, headers=world.headers("exporter"))
    assert made.status_code == 200, made.text
    body: dict[str, Any] = made.json()
    return body


def _book(client: TestClient, world: World) -> str:
    body = {"legs": [{"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"}], "teu": 2}
    made = client.post("/api/v1/bookings", json=body, headers=world.headers("exporter"))
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _exception(client: TestClient, world: World, who: str = "operator", **body: Any) -> Any:
    return client.post(
        f"/api/v1/services/{SERVICE}/exceptions", json={**WHY, **body}, headers=world.headers(who)
    )


def test_a_cancelled_run_is_never_planned_and_lifting_it_restores_it(
    client: TestClient, world: World
) -> None:
    assert TRAIN in _departures(_plan(client, world))
    made = _exception(client, world, kind="cancel", departure_id=TRAIN)
    assert made.status_code == 201, made.text
    assert TRAIN not in _departures(_plan(client, world))
    capacity = client.get(f"/api/v1/departures/{TRAIN}", headers=world.headers("exporter"))
    assert capacity.json()["capacity_teu"] == 0
    lifted = client.delete(
        f"/api/v1/services/{SERVICE}/exceptions/{made.json()['id']}",
        headers=world.headers("operator"),
    )
    assert lifted.status_code == 204
    assert TRAIN in _departures(_plan(client, world))
    restored = client.get(f"/api/v1/departures/{TRAIN}", headers=world.headers("exporter"))
    assert restored.json()["capacity_teu"] > 0


def test_a_booking_on_a_cancelled_run_is_marked_told_and_reaccommodated(
    client: TestClient, world: World
) -> None:
    booking = _book(client, world)
    made = _exception(client, world, kind="cancel", departure_id=TRAIN)
    assert made.status_code == 201, made.text
    shown = client.get(f"/api/v1/bookings/{booking}", headers=world.headers("exporter")).json()
    assert shown["disrupted"] is True
    (disruption,) = shown["disruptions"]
    assert (disruption["kind"], disruption["reason"]["en"], disruption["reason"]["zh"]) == (
        "cancel",
        "Typhoon",
        "台风",
    )
    assert disruption["released_teu"] == 2
    offer = disruption["reaccommodation"]
    assert offer is not None and TRAIN not in {leg["departure_id"] for leg in offer["legs"]}
    departure = client.get(f"/api/v1/departures/{TRAIN}", headers=world.headers("exporter"))
    assert departure.json()["booked_teu"] == 0
    timeline = client.get(
        "/api/v1/events",
        params={"carrierBookingReference": booking},
        headers=world.headers("exporter"),
    ).json()
    events = timeline if isinstance(timeline, list) else timeline.get("events", timeline)
    told = [e for e in events if e.get("delayReasonCode") == "WEA"]
    assert told and told[0]["eventClassifierCode"] == "EST"
    assert told[0]["transportEventTypeCode"] == "DEPA"
    # Cancelling the disrupted booking releases nothing twice (the CHECK would refuse it).
    cancelled = client.post(f"/api/v1/bookings/{booking}/cancel", headers=world.headers("exporter"))
    assert cancelled.status_code == 200, cancelled.text


def test_a_closed_place_is_avoided_in_its_period(client: TestClient, world: World) -> None:
    before = _plan(client, world)["options"]
    closure = client.post(
        "/api/v1/closures",
        json={"subject": "place", "code": "CNQZH", "from": "2026-12-07", "to": "2026-12-12", **WHY},
        headers=world.headers("customs"),
    )
    assert closure.status_code == 201, closure.text
    assert any(o["arrival"] < "2026-12-12T00:00:00+08:00" for o in before)  # not yet closed
    after = _plan(client, world)["options"]
    assert after and all(o["arrival"] >= "2026-12-12T00:00:00+08:00" for o in after)
    listed = client.get("/api/v1/closures", headers=world.headers("exporter")).json()
    assert [c["code"] for c in listed["data"]] == ["CNQZH"]


def test_a_delayed_run_is_planned_at_its_new_time(client: TestClient, world: World) -> None:
    made = _exception(client, world, kind="delay", departure_id=TRAIN, delay_hours=3)
    assert made.status_code == 201, made.text
    legs = [leg for o in _plan(client, world)["options"] for leg in o["legs"]]
    moved = [leg for leg in legs if leg["departure_id"] == TRAIN]
    assert moved and all(leg["departure"].startswith("2026-12-08T00:00") for leg in moved)


def test_an_extra_run_is_planned(client: TestClient, world: World) -> None:
    made = _exception(client, world, kind="extra", departure="2026-12-07T18:00:00")
    assert made.status_code == 201, made.text
    extra = made.json()["departure_id"]
    assert extra == "SR-CQ-QZH-20261207-1800"
    assert extra in _departures(_plan(client, world))


def test_tenancy_another_operators_service_and_places(client: TestClient, world: World) -> None:
    refused = _exception(client, world, "yuxinou", kind="cancel", departure_id=TRAIN)
    assert refused.status_code == 403, refused.text
    shipper = _exception(client, world, "exporter", kind="cancel", departure_id=TRAIN)
    assert shipper.status_code == 403
    place = {"subject": "place", "code": "CNQZH", "from": "2026-12-07", "to": "2026-12-08", **WHY}
    operator = client.post("/api/v1/closures", json=place, headers=world.headers("operator"))
    assert operator.status_code == 403
    bad = _exception(client, world, kind="delay", departure_id=TRAIN, delay_hours=-1)
    assert bad.status_code == 422 and "delay_hours" in bad.text
