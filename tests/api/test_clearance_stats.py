"""Clearance statistics from events, and the planner using them once there are enough."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.domain.codes import container_check_digit
from landsea.services.analytics import clearance as stats
from tests.api.conftest import World

# Within the trailing 90 days the planner measures, whenever the suite runs.
T0 = (dt.datetime.now(dt.UTC) - dt.timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
PERIOD = {
    "from": (T0 - dt.timedelta(days=1)).date().isoformat(),
    "to": (T0 + dt.timedelta(days=28)).isoformat(),
}


def _container(n: int) -> str:
    first_ten = f"TGHU{n:06d}"
    return first_ten + str(container_check_digit(first_ten) % 10)


def _equipment(
    event_id: str, code: str, container: str, where: str, when: dt.datetime, booking: str = ""
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventID": event_id,
        "eventType": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": when.isoformat(),
        "equipmentEventTypeCode": code,
        "equipmentReference": container,
        "emptyIndicatorCode": "LADEN",
        "eventLocation": {"UNLocationCode": where},
    }
    if booking:
        event["documentReferences"] = [
            {"documentReferenceType": "BKG", "documentReferenceValue": booking}
        ]
    return event


def _arrival(event_id: str, where: str, when: dt.datetime, booking: str) -> dict[str, Any]:
    return {
        "eventID": event_id,
        "eventType": "TRANSPORT",
        "eventClassifierCode": "ACT",
        "eventDateTime": when.isoformat(),
        "transportEventTypeCode": "ARRI",
        "transportCall": {"UNLocationCode": where, "modeOfTransport": "VESSEL"},
        "documentReferences": [{"documentReferenceType": "BKG", "documentReferenceValue": booking}],
    }


def _post(client: TestClient, world: World, events: list[dict[str, Any]]) -> None:
    # gate-ins and arrivals are the operator's to report, releases customs' (the operator of
    # every service may write both)
    response = client.post("/api/v1/events", json=events, headers=world.headers("operator"))
    assert response.status_code == 200, response.text
    assert response.json()["rejected"] == [], response.text


def _pingxiang_clearances(client: TestClient, world: World, count: int) -> list[float]:
    """``count`` containers in at Pingxiang's gate, released after 1, 2, … ``count`` hours."""
    events = []
    for n in range(count):
        container = _container(n)
        gate_in = T0 + dt.timedelta(hours=3 * n)
        events.append(_equipment(f"in-{n}", "GTIN", container, "CNPIN", gate_in))
        events.append(
            _equipment(f"out-{n}", "CUSR", container, "CNPIN", gate_in + dt.timedelta(hours=n + 1))
        )
    _post(client, world, events)
    return [float(n + 1) for n in range(count)]


def _stats(client: TestClient, world: World, **params: str) -> Any:
    return client.get(
        "/api/v1/stats/clearance",
        params={**PERIOD, **params},
        headers=world.headers("exporter"),
    )


def test_p50_and_p90_per_place_from_arrival_to_release(client: TestClient, world: World) -> None:
    hours = _pingxiang_clearances(client, world, 25)
    # Qinzhou: a ship's arrival (by booking) starts the clock; a scan selection before the
    # discharge makes the visit start earlier; a release with no start is unmatched, not guessed.
    _post(
        client,
        world,
        [
            _arrival("ship", "CNQZH", T0, "BKG-QZH-1"),
            _equipment(
                "qzh-out",
                "CUSR",
                _container(900),
                "CNQZH",
                T0 + dt.timedelta(hours=10),
                "BKG-QZH-1",
            ),
            _equipment("scan", "CUSS", _container(901), "CNQZH", T0 + dt.timedelta(hours=1)),
            _equipment("disc", "DISC", _container(901), "CNQZH", T0 + dt.timedelta(hours=2)),
            _equipment("qzh-out-2", "CUSR", _container(901), "CNQZH", T0 + dt.timedelta(hours=5)),
            _equipment("lost", "CUSR", _container(902), "CNQZH", T0 + dt.timedelta(hours=7)),
        ],
    )
    document = _stats(client, world).json()
    places = {row["location"]: row for row in document["locations"]}
    pingxiang = places["CNPIN"]
    assert pingxiang["samples"] == 25 and pingxiang["unmatched"] == 0
    assert pingxiang["p50_hours"] == pytest.approx(stats.quantile(hours, 0.5)) == 13.0
    assert pingxiang["p90_hours"] == pytest.approx(22.6)  # 1 + 24 × 0.9, interpolated
    assert pingxiang["name"] == {
        "en": "Pingxiang railway port",
        "zh": places["CNPIN"]["name"]["zh"],
    }
    assert pingxiang["name"]["zh"] and pingxiang["border"] == "CN-VN"
    assert pingxiang["dataset"] == {"typical_hours": 3.0, "p90_hours": 12.0}
    assert pingxiang["used_by_planner"] is True  # 25 ≥ the 20 clearances needed
    qinzhou = places["CNQZH"]
    assert (qinzhou["samples"], qinzhou["unmatched"]) == (2, 1)
    assert qinzhou["p50_hours"] == pytest.approx(7.0)  # the median of 10 h and 4 h
    assert qinzhou["used_by_planner"] is False

    # A period that holds none of the releases, and one place only.
    assert _stats(client, world, to=T0.isoformat()).json()["locations"] == []
    only = _stats(client, world, location="CNQZH").json()["locations"]
    assert [row["location"] for row in only] == ["CNQZH"]


def test_a_second_visit_is_measured_from_its_own_arrival(client: TestClient, world: World) -> None:
    container = _container(7)
    _post(
        client,
        world,
        [
            _equipment("v1-in", "GTIN", container, "CNPIN", T0),
            _equipment("v1-out", "CUSR", container, "CNPIN", T0 + dt.timedelta(hours=2)),
            _equipment("v2-in", "GTIN", container, "CNPIN", T0 + dt.timedelta(days=9)),
            _equipment("v2-out", "CUSR", container, "CNPIN", T0 + dt.timedelta(days=9, hours=5)),
        ],
    )
    row = _stats(client, world).json()["locations"][0]
    assert row["samples"] == 2 and sorted([row["p50_hours"]]) == [3.5]


def test_the_planner_uses_measured_clearance_once_there_is_enough(
    client: TestClient, world: World
) -> None:
    question = {"origin": "CNQZH", "destination": "SGSIN", "depart": "2026-12-07", "teu": 1}

    def export_clearance() -> tuple[Any, float]:
        response = client.post("/api/v1/plans", json=question, headers=world.headers("exporter"))
        assert response.status_code == 200, response.text
        document = response.json()
        return document["clearance_measured"], document["options"][0]["legs"][0][
            "export_clearance_hours"
        ]

    assert export_clearance() == ({}, 6.0)  # the dataset's typical figure for Qinzhou
    events = []
    for n in range(19):  # one short of enough: 19 clearances of 30 h
        gate_in = T0 + dt.timedelta(hours=n)
        events.append(_equipment(f"in-{n}", "GTIN", _container(n), "CNQZH", gate_in))
        events.append(
            _equipment(f"out-{n}", "CUSR", _container(n), "CNQZH", gate_in + dt.timedelta(hours=30))
        )
    _post(client, world, events)
    assert export_clearance() == ({}, 6.0)
    _post(
        client,
        world,
        [
            _equipment("in-x", "GTIN", _container(99), "CNQZH", T0),
            _equipment("out-x", "CUSR", _container(99), "CNQZH", T0 + dt.timedelta(hours=2)),
        ],
    )
    assert export_clearance() == ({"CNQZH": 30.0}, 30.0)


def test_bad_periods_name_the_parameter(client: TestClient, world: World) -> None:
    for params, name in (
        ({"from": "2026-12-01", "to": "2026-11-01"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-13-01"}, "to"),
        ({"location": "Pingxiang"}, "location"),
    ):
        response = client.get(
            "/api/v1/stats/clearance", params=params, headers=world.headers("exporter")
        )
        assert response.status_code == 422, response.text
        assert name in response.text
    assert client.get("/api/v1/stats/clearance").status_code == 401
