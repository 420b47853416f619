"""A booking's timeline: planned, estimated and actual times, ETA shifts, missed connections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from landsea.units import LocationCode
from tests.api.conftest import World

TRAIN = "SR-CQ-QZH-20261207-0900"  # Tuanjiecun Mon 09:00 → Qinzhou Wed 09:00
SHIP = "QZH-SIN-DAILY-20261211-2000"  # Qinzhou Fri 20:00 → Singapore (24 h cut-off, 12 h handling)


def _transport(
    event_id: str, code: str, where: str, when: str, booking: str, classifier: str = "ACT"
) -> dict[str, Any]:
    return {
        "eventID": event_id,
        "eventType": "TRANSPORT",
        "eventClassifierCode": classifier,
        "eventDateTime": when,
        "transportEventTypeCode": code,
        "transportCall": {"UNLocationCode": where, "modeOfTransport": "RAIL"},
        "documentReferences": [{"documentReferenceType": "BKG", "documentReferenceValue": booking}],
    }


def _book(client: TestClient, world: World) -> str:
    response = client.post(
        "/api/v1/bookings",
        json={
            "legs": [
                {"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"},
                {"departure_id": SHIP, "from": "CNQZH", "to": "SGSIN"},
            ],
            "teu": 1,
        },
        headers=world.headers("exporter"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _timeline(client: TestClient, world: World, booking: str, who: str = "exporter") -> Any:
    return client.get(f"/api/v1/bookings/{booking}/timeline", headers=world.headers(who))


def test_planned_then_actual_then_a_missed_connection(client: TestClient, world: World) -> None:
    booking = _book(client, world)
    planned = _timeline(client, world, booking).json()
    assert planned["eta"] == planned["planned_arrival"] and planned["missed_connection"] is None
    assert planned["legs"][0]["planned"]["departure"] == "2026-12-07T09:00:00+08:00"
    assert planned["legs"][0]["estimated"]["arrival"] == planned["legs"][0]["planned"]["arrival"]

    # The train leaves an hour late: its arrival moves, the ship still holds (23 h of slack).
    client.post(
        "/api/v1/events",
        json=[_transport("d1", "DEPA", "CNCQI", "2026-12-07T02:00:00Z", booking)],
        headers=world.headers("operator"),
    )
    late = _timeline(client, world, booking).json()
    assert late["legs"][0]["actual"]["departure"] == "2026-12-07T10:00:00+08:00"
    assert late["legs"][0]["estimated"]["arrival"] == "2026-12-09T10:00:00+08:00"
    assert late["eta"] == late["planned_arrival"] and late["missed_connection"] is None
    assert [e["eventID"] for e in late["legs"][0]["events"]] == ["d1"]

    # It arrives on Thursday afternoon: too late for Friday's ship (handling + cut-off).
    client.post(
        "/api/v1/events",
        json=[_transport("a1", "ARRI", "CNQZH", "2026-12-10T07:00:00Z", booking)],
        headers=world.headers("operator"),
    )
    missed = _timeline(client, world, booking).json()
    assert missed["missed_connection"] == {"leg": 1, "at": "CNQZH"}
    assert missed["legs"][1]["missed"] is True
    continuation = missed["continuation"]
    assert continuation["ready"] == "2026-12-10T15:00:00+08:00"
    assert continuation["option"]["legs"][0]["from"] == "CNQZH"
    assert missed["eta"] > missed["planned_arrival"] and missed["delay_hours"] > 0


def test_only_the_shipper_and_those_it_concerns_see_it(client: TestClient, world: World) -> None:
    booking = _book(client, world)
    assert _timeline(client, world, booking, "importer").status_code == 404
    assert _timeline(client, world, booking, "operator").status_code == 200


def test_trucks_are_planned_from_the_runs_they_feed(client: TestClient, world: World) -> None:
    # A truck from the city to Tuanjiecun before the train: planned to arrive just in time for
    # the train's cut-off after handling (as the planner times it), leaving its ride earlier.
    response = client.post(
        "/api/v1/bookings",
        json={
            "legs": [
                {"from": "CNCQI", "to": "CNCQI-TJC", "service_id": "DR-CQI-TJC"},
                {"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"},
                {"departure_id": SHIP, "from": "CNQZH", "to": "SGSIN"},
            ],
            "teu": 1,
        },
        headers=world.headers("exporter"),
    )
    assert response.status_code == 201, response.text
    booking = response.json()["id"]
    network = world.platform.network
    train = network.service("SR-CQ-QZH")
    truck = network.service("DR-CQI-TJC")
    tjc = network.locations[LocationCode("CNCQI-TJC")]
    ride = (truck.stops[-1].arrival or dt.timedelta(0)) - (
        truck.stops[0].departure or dt.timedelta(0)
    )
    document = _timeline(client, world, booking).json()
    truck_leg, train_leg = document["legs"][0], document["legs"][1]
    train_leaves = dt.datetime.fromisoformat(train_leg["planned"]["departure"])
    assert tjc.handling is not None
    arrives = train_leaves - dt.timedelta(hours=network.cutoff_for(train) + tjc.handling.hours)
    assert dt.datetime.fromisoformat(truck_leg["planned"]["arrival"]) == arrives
    assert dt.datetime.fromisoformat(truck_leg["planned"]["departure"]) == arrives - ride
    assert truck_leg["missed"] is False and document["eta"] == document["planned_arrival"]
    # Timed just in time, a truck two hours late misses the train's cut-off: a missed connection.
    late = (arrives - ride + dt.timedelta(hours=2)).isoformat()
    event = _transport("t1", "DEPA", "CNCQI", late, booking)
    event["transportCall"]["modeOfTransport"] = "TRUCK"
    client.post("/api/v1/events", json=[event], headers=world.headers("operator"))
    later = _timeline(client, world, booking).json()
    assert dt.datetime.fromisoformat(
        later["legs"][0]["estimated"]["arrival"]
    ) == arrives + dt.timedelta(hours=2)
    assert later["missed_connection"] == {"leg": 1, "at": "CNCQI-TJC"}
    assert later["continuation"]["from"] == "CNCQI-TJC"
