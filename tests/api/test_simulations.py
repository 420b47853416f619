"""POST /api/v1/simulations: a durable job that a worker carries out; GET reads its results.
Other organisations' simulations do not exist for the caller; bad scenarios are refused with
the field and the value."""

from __future__ import annotations

from fastapi.testclient import TestClient

from landsea.services.jobs import Workers
from tests.api.conftest import World

SCENARIO = """
[baseline]
start = 2026-12-01
days = 3
[[baseline.lanes]]
origin = "CNCQI-TJC"
destination = "CNQZH"
teu_per_year = 7300

[[scenario]]
name = "no train from Tuanjiecun"
[[scenario.changes]]
kind = "close_service"
target = "SR-CQ-QZH"
"""


def test_a_simulation_runs_as_a_job_and_compares_scenarios(
    client: TestClient, world: World
) -> None:
    made = client.post("/api/v1/simulations", headers=world.headers("operator"),
                       json={"scenario": SCENARIO, "replications": 2, "seed": 4})  # fmt: skip
    assert made.status_code == 202, made.text
    assert made.json()["status"] == "queued"
    Workers(world.platform, concurrency=1).run(once=True)  # the embedded app runs no workers
    url = f"/api/v1/simulations/{made.json()['id']}"
    done = client.get(url, headers=world.headers("operator")).json()
    assert done["status"] == "done", done
    scenarios = done["result"]["scenarios"]
    assert [s["scenario"] for s in scenarios] == ["baseline", "no train from Tuanjiecun"]
    assert scenarios[0]["replications"] == 2
    assert len(scenarios[0]["backlog_teu"]) == 3
    assert done["result"]["comparison"][1]["scenario"] == "no train from Tuanjiecun"
    assert client.get(url, headers=world.headers("yuxinou")).status_code == 404
    assert client.get(url, headers=world.headers("exporter")).status_code == 403


def test_bad_scenarios_are_refused_naming_field_and_value(client: TestClient, world: World) -> None:
    bad = SCENARIO.replace('"close_service"', '"flood"')
    refused = client.post("/api/v1/simulations", headers=world.headers("operator"),
                          json={"scenario": bad})  # fmt: skip
    assert refused.status_code == 422
    assert "scenario[0].changes[0].kind 'flood'" in refused.text
    unknown = SCENARIO.replace('kind = "close_service"', 'kind = "add_service"\nweekdays = "mon"')
    unknown = unknown.replace("SR-CQ-QZH", "NO-SUCH")
    refused = client.post("/api/v1/simulations", headers=world.headers("operator"),
                          json={"scenario": unknown})  # fmt: skip
    assert refused.status_code == 422
    assert "'NO-SUCH'" in refused.text
    many = client.post("/api/v1/simulations", headers=world.headers("operator"),
                       json={"scenario": SCENARIO, "replications": 1000})  # fmt: skip
    assert many.status_code == 422
