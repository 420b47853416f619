"""Consolidation on the corridor: cargo requests, runs through the API and the command line,
the optimum against greedy on a hand-made case, capacity, reasons, apply, roles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landsea.cli.main import app
from landsea.services.jobs import Workers
from tests.api.conftest import World

TRAIN_0900 = "SR-CQ-QZH-20261207-0900"  # Tuanjiecun Mon 09:00 → Qinzhou Wed 09:00 (local)
TRAIN_2100 = "SR-CQ-QZH-20261207-2100"


def _request(
    client: TestClient,
    world: World,
    *,
    due: str,
    penalty: float,
    reference: str,
    teu: int = 2,
    ready: str = "2026-12-07T00:00:00",  # local time at the origin
) -> Any:
    response = client.post(
        "/api/v1/cargo-requests",
        json={
            "origin": "CNCQI-TJC",
            "destination": "Qinzhou",
            "teu": teu,
            "ready": ready,
            "due": due,
            "penalty_per_day": penalty,
            "reference": reference,
        },
        headers=world.headers("exporter"),
    )
    assert response.status_code == 201, response.text
    return response.json()


def _squeeze(client: TestClient, world: World, departure: str, teu: int) -> None:
    response = client.patch(
        f"/api/v1/departures/{departure}",
        json={"capacity_teu": teu},
        headers=world.headers("operator"),
    )
    assert response.status_code == 200, response.text


def _run(client: TestClient, world: World, **body: Any) -> Any:
    started = client.post(
        "/api/v1/consolidation/runs",
        json={"max_late_days": 3, **body},
        headers=world.headers("operator"),
    )
    assert started.status_code == 202, started.text
    assert started.json()["status"] == "queued"
    Workers(world.platform, concurrency=1).run(once=True)  # the embedded app runs no workers
    run = client.get(
        f"/api/v1/consolidation/runs/{started.json()['id']}", headers=world.headers("operator")
    ).json()
    assert run["status"] == "done", run
    return run["result"]


def test_the_optimum_gives_the_urgent_cargo_the_scarce_train(
    client: TestClient, world: World
) -> None:
    # Two 2-TEU consignments are ready by Monday; the 09:00 train has room for one (2 TEU).
    # "flexible" is due in a fortnight; "urgent" must be in Qinzhou by Wednesday noon, at
    # CNY 5,000 per TEU per day late. Greedy takes them in order (flexible first) and makes
    # the urgent one a day late; the optimum gives the flexible one a later train.
    _squeeze(client, world, TRAIN_0900, 2)
    flexible = _request(
        client, world, due="2026-12-20T12:00:00", penalty=100, reference="A",
        ready="2026-12-06T23:00:00",  # an hour earlier: greedy serves it first
    )  # fmt: skip
    urgent = _request(client, world, due="2026-12-09T12:00:00", penalty=5000, reference="B")

    greedy = _run(client, world, method="greedy")
    by_request = {a["request_id"]: a for a in greedy["assignments"]}
    assert by_request[flexible["id"]]["departure_ids"] == [TRAIN_0900]
    assert by_request[urgent["id"]]["departure_ids"] == [TRAIN_2100]
    assert by_request[urgent["id"]]["days_late"] == 1
    assert greedy["cost"]["lateness"] == 2 * 5000

    best = _run(client, world)
    assert best["status"] == "optimal" and best["gap"] == pytest.approx(0, abs=1e-9)
    by_request = {a["request_id"]: a for a in best["assignments"]}
    assert by_request[urgent["id"]]["departure_ids"] == [TRAIN_0900]
    assert by_request[urgent["id"]]["days_late"] == 0
    assert by_request[flexible["id"]]["departure_ids"] != [TRAIN_0900]  # a later train, on time
    assert by_request[flexible["id"]]["days_late"] == 0
    assert best["cost"]["lateness"] == 0
    assert best["objective"] == pytest.approx(greedy["objective"] - 10_000)
    assert best["greedy"]["saving"] == pytest.approx(10_000)
    assert best["bound"] <= best["objective"] + 1e-6
    train = next(d for d in best["departures"] if d["departure_id"] == TRAIN_0900)
    assert (train["capacity_teu"], train["assigned_teu"], train["utilisation"]) == (2, 2, 1.0)


def test_applying_books_every_assignment_and_never_overbooks(
    client: TestClient, world: World
) -> None:
    _squeeze(client, world, TRAIN_0900, 4)
    ids = [
        _request(client, world, due="2026-12-09T12:00:00", penalty=1000, reference=f"R{n}")["id"]
        for n in range(5)
    ]
    result = _run(client, world, apply=True)
    assert len(result["booking_ids"]) == len(result["assignments"]) == 5
    on_0900 = [a for a in result["assignments"] if a["departure_ids"] == [TRAIN_0900]]
    assert len(on_0900) == 2  # 2 × 2 TEU fill the 4 TEU left
    departure = client.get(
        f"/api/v1/departures/{TRAIN_0900}", headers=world.headers("exporter")
    ).json()
    assert departure["booked_teu"] == 4 and departure["remaining_teu"] == 0
    mine = client.get("/api/v1/cargo-requests", headers=world.headers("exporter")).json()
    assert {r["id"] for r in mine["data"]} == set(ids)
    assert {r["status"] for r in mine["data"]} == {"booked"}
    bookings = client.get("/api/v1/bookings", headers=world.headers("exporter")).json()["data"]
    assert {b["shipper_reference"] for b in bookings} == {f"R{n}" for n in range(5)}
    # Nothing is pending any more: a new run has nothing to do.
    assert _run(client, world)["requests"] == 0


def test_requests_that_cannot_go_are_explained(client: TestClient, world: World) -> None:
    for departure in (TRAIN_0900, TRAIN_2100):
        _squeeze(client, world, departure, 0)
    stuck = _request(client, world, due="2026-12-08T00:00:00", penalty=100, reference="late")
    result = _run(client, world, max_late_days=0)
    [item] = result["unassigned"]
    assert item["request_id"] == stuck["id"]
    assert item["reason"].startswith("no itinerary from CNCQI-TJC reaches CNQZH by")
    assert _run(client, world, max_late_days=0, require_all=True)["status"] == "infeasible"


def test_roles_and_bad_input(client: TestClient, world: World) -> None:
    response = client.post("/api/v1/consolidation/runs", json={}, headers=world.headers("exporter"))
    assert response.status_code == 403
    response = client.post(
        "/api/v1/cargo-requests",
        json={"origin": "Atlantis", "destination": "CNQZH", "teu": 1, "ready": "2026-12-07",
              "due": "2026-12-20"},
        headers=world.headers("exporter"),
    )  # fmt: skip
    assert response.status_code == 422 and "origin" in response.text
    response = client.post(
        "/api/v1/cargo-requests",
        json={"origin": "CNQZH", "destination": "SGSIN", "teu": 1, "ready": "2026-12-07",
              "due": "2026-12-01"},
        headers=world.headers("exporter"),
    )  # fmt: skip
    assert response.status_code == 422 and "due" in response.text
    request = _request(client, world, due="2026-12-20T00:00:00", penalty=0, reference="x")
    other = client.post(
        f"/api/v1/cargo-requests/{request['id']}/cancel", headers=world.headers("importer")
    )
    assert other.status_code == 404
    cancelled = client.post(
        f"/api/v1/cargo-requests/{request['id']}/cancel", headers=world.headers("exporter")
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.get("/api/v1/cargo-requests", headers=world.headers("importer")).json() == {
        "data": [],
        "count": 0,
        "next_cursor": None,
    }
    run = client.get("/api/v1/consolidation/runs/nope", headers=world.headers("operator"))
    assert run.status_code == 404


CSV = """request_id,origin,destination,teu,cargo_type,ready,due,penalty_per_day
tea-1,Tuanjiecun,CNQZH,2,general,2026-12-07T00:00:00+08:00,2026-12-20T00:00:00+08:00,100
tea-2,CNCQI-TJC,Qinzhou Port,4,general,2026-12-07T00:00:00+08:00,2026-12-09T12:00:00+08:00,800
"""


def test_the_command_line_reads_requests_from_csv(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "requests.csv"
    path.write_text(CSV, encoding="utf-8")
    monkeypatch.setenv("LANDSEA_DATABASE_URL", world.platform.database_url)
    result = CliRunner().invoke(
        app, ["consolidate", "--requests", str(path), "--time-limit", "30", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) >= {
        "status", "objective", "bound", "gap", "assignments", "unassigned", "departures"
    }  # fmt: skip
    assert document["status"] == "optimal" and document["requests"] == 2
    assert {a["request_id"] for a in document["assignments"]} == {"tea-1", "tea-2"}
    for assignment in document["assignments"]:
        assert set(assignment) >= {"request_id", "departure_ids"}
    for departure in document["departures"]:
        assert set(departure) >= {"departure_id", "capacity_teu", "assigned_teu"}
        assert departure["assigned_teu"] <= departure["capacity_teu"]
    table = CliRunner().invoke(app, ["consolidate", "--requests", str(path), "--method", "greedy"])
    assert table.exit_code == 0, table.output
    assert "greedy" in table.stdout and "assigned" in table.stdout

    applied = CliRunner().invoke(
        app, ["consolidate", "--requests", str(path), "--apply", "--format", "json"]
    )
    assert applied.exit_code == 0, applied.output
    assert len(json.loads(applied.stdout)["booking_ids"]) == 2

    path.write_text(CSV.replace("2026-12-20T00:00:00+08:00", "soon"), encoding="utf-8")
    bad = CliRunner().invoke(app, ["consolidate", "--requests", str(path)])
    assert bad.exit_code == 1
    assert "row 2, due 'soon' is not an ISO 8601 date-time" in bad.output
