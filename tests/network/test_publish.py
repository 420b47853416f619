"""Operators publish through the API: a change is a new version, used at once; another
operator's service is hidden; every problem is named by field and value, nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from landsea.feeds.dataset import loads
from tests.fixtures.api import World

OWN, OTHERS = "CRE-CQ-DUI", "SR-CQ-QZH"


def _table(world: World, service_id: str) -> dict[str, Any]:
    with world.platform.uow(read_only=True) as uow:
        record = uow.network.current("service", service_id)
    assert record is not None
    return loads(record.body)


def _versions(client: TestClient, world: World) -> list[dict[str, Any]]:
    found = client.get("/api/v1/network/versions", headers=world.headers("admin"))
    assert found.status_code == 200, found.text
    return list(found.json()["data"])


def test_a_published_change_is_a_version_used_at_once(client: TestClient, world: World) -> None:
    table = _table(world, OWN) | {"capacity_teu": 7}
    done = client.put(f"/api/v1/services/{OWN}", json=table, headers=world.headers("yuxinou"))
    assert done.status_code == 200, done.text
    newest = _versions(client, world)[0]
    assert (newest["id"], newest["author"]) == (done.json()["id"], "yuxinou")
    assert newest["summary"] == f"changed service {OWN}"
    shown = client.get(f"/api/v1/services/{OWN}", headers=world.headers("exporter"))
    assert shown.json()["capacity_teu"] == 7
    cited = _table(world, OWN)["capacity_teu"]
    assert cited["value"] == 7 and cited["source"].startswith("published-")


def test_another_operators_service_is_not_found(client: TestClient, world: World) -> None:
    table = _table(world, OTHERS) | {"capacity_teu": 7}
    done = client.put(f"/api/v1/services/{OTHERS}", json=table, headers=world.headers("yuxinou"))
    assert done.status_code == 404, done.text
    gone = client.delete(
        f"/api/v1/services/{OTHERS}",
        params={"from": "2027-01-01"},
        headers=world.headers("yuxinou"),
    )
    assert gone.status_code == 404, gone.text
    assert _table(world, OTHERS)["capacity_teu"] != {"value": 7}


def test_every_problem_is_named_and_nothing_is_stored(client: TestClient, world: World) -> None:
    before = _versions(client, world)
    table = _table(world, OWN) | {"capacity_teu": -3, "mode": "rocket"}
    done = client.put(f"/api/v1/services/{OWN}", json=table, headers=world.headers("yuxinou"))
    assert done.status_code == 422, done.text
    text = done.text
    assert "capacity_teu" in text and "-3" in text
    assert "mode" in text and "rocket" in text
    assert _versions(client, world) == before


def test_a_withdrawn_service_runs_until_the_day_before(client: TestClient, world: World) -> None:
    done = client.delete(
        f"/api/v1/services/{OWN}", params={"from": "2026-12-10"}, headers=world.headers("yuxinou")
    )
    assert done.status_code == 200, done.text
    service = world.platform.network.service(OWN)
    runs = service.departures(start=dt.date(2026, 12, 1), days=30, timezone="Asia/Shanghai")
    days = {run.departure.date() for run in runs}
    assert days and max(days) < dt.date(2026, 12, 10)


def test_plans_say_their_version_and_reads_answer_as_of(client: TestClient, world: World) -> None:
    body = {"origin": "CNCQI-TJC", "destination": "CNLAZ", "depart": "2026-12-03T00:00:00+08:00"}
    admin = world.headers("admin")
    first = client.post("/api/v1/plans", json=body, headers=world.headers("exporter")).json()
    assert first["network_version"] == _versions(client, world)[0]["id"]
    before = dt.datetime.now(dt.UTC).isoformat()
    old = _table(world, OWN)["capacity_teu"]["value"]
    table = _table(world, OWN) | {"capacity_teu": old + 1}
    done = client.put(f"/api/v1/services/{OWN}", json=table, headers=world.headers("yuxinou"))
    assert done.status_code == 200, done.text
    then = client.get(f"/api/v1/services/{OWN}", params={"as_of": before}, headers=admin)
    now = client.get(f"/api/v1/services/{OWN}", headers=admin)
    assert (then.json()["capacity_teu"], now.json()["capacity_teu"]) == (old, old + 1)
    second = client.post("/api/v1/plans", json=body, headers=world.headers("exporter")).json()
    assert second["network_version"] == done.json()["id"] > first["network_version"]
    ancient = client.get(
        "/api/v1/services", params={"as_of": "2000-01-01T00:00:00Z"}, headers=admin
    )
    assert ancient.status_code == 404, ancient.text


def _arrivals(plan: dict[str, Any], service_id: str) -> set[str]:
    return {
        leg["arrival"]
        for option in plan["options"]
        for leg in option["legs"]
        if leg["service_id"] == service_id
    }


def test_a_plan_as_of_a_past_instant_uses_the_version_then(
    client: TestClient, world: World
) -> None:
    body = {"origin": "CNCQI-TJC", "destination": "CNLAZ", "depart": "2026-12-03T00:00:00+08:00"}
    shipper = world.headers("exporter")
    first = client.post("/api/v1/plans", json=body, headers=shipper).json()
    assert _arrivals(first, OWN)
    before = dt.datetime.now(dt.UTC).isoformat()
    table = _table(world, OWN)
    table["stops"][1] |= {"arrival_h": 26, "departure_h": 27}  # Lanzhou six hours later
    done = client.put(f"/api/v1/services/{OWN}", json=table, headers=world.headers("yuxinou"))
    assert done.status_code == 200, done.text
    now = client.post("/api/v1/plans", json=body, headers=shipper).json()
    then = client.post("/api/v1/plans", json=body | {"as_of": before}, headers=shipper).json()
    assert now["network_version"] == done.json()["id"]
    assert then["network_version"] == first["network_version"] < now["network_version"]
    assert _arrivals(then, OWN) == _arrivals(first, OWN) != _arrivals(now, OWN)
    naive = client.post("/api/v1/plans", json=body | {"as_of": "2026-12-01T00:00"}, headers=shipper)
    assert naive.status_code == 422 and "as_of" in naive.text
    ancient = client.post(
        "/api/v1/plans", json=body | {"as_of": "2000-01-01T00:00:00Z"}, headers=shipper
    )
    assert ancient.status_code == 404 and "as_of" in ancient.text
