"""No input makes the API fail or lie (issue 10, items 5, 6, 7, 11, 12): each test is an attack
that once gave a 5xx, a lax reading or an endless answer, on SQLite and PostgreSQL.

Every request here is refused (the one consolidation run is checked by its own id), so the
module's tests share one world of each database kind: ``world`` and ``client`` are module-scoped
here, instead of a clone of the run's world for each of the 70 tests."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.api.app import create_app
from landsea.config import Settings
from tests.api.conftest import World
from tests.fixtures.api import WorldTemplate

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def world(
    world_template: WorldTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """One world of each kind for the module (see the module's documentation)."""
    with world_template.clone(tmp_path_factory.mktemp("limits")) as shared:
        yield shared


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(platform=world.platform)) as shared:
        yield shared


def _cargo(**changes: Any) -> dict[str, Any]:
    return {
        "origin": "CNCKG",
        "destination": "SGSIN",
        "teu": 2,
        "ready": "2026-12-03T08:00:00+08:00",
        "due": "2026-12-25T00:00:00+08:00",
    } | changes


def _problem(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = json.loads(response.content)  # RFC 8259: no NaN, no Infinity
    return body


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"ready": "0001-01-01T00:00:00+00:00"}, "ready"), ({"due": "9999-12-31"}, "due")],
)
def test_cargo_requests_outside_the_platform_dates_are_refused(
    client: TestClient, world: World, changes: dict[str, str], field: str
) -> None:
    response = client.post(
        "/api/v1/cargo-requests", json=_cargo(**changes), headers=world.headers("exporter")
    )
    detail = _problem(response)["detail"]
    assert f"{field} " in detail and "outside the platform's dates" in detail
    run = client.post(
        "/api/v1/consolidation/runs", json={"method": "greedy"}, headers=world.headers("operator")
    )
    assert run.status_code == 202, run.text
    found = client.get(
        f"/api/v1/consolidation/runs/{run.json()['id']}", headers=world.headers("operator")
    )
    assert found.json()["status"] != "failed", found.text


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "1" * 400])
def test_non_finite_and_huge_numbers_are_refused_in_json(
    client: TestClient, world: World, number: str
) -> None:
    response = client.patch(
        "/api/v1/departures/nowhere",
        content=f'{{"capacity_teu": {number}}}',
        headers=world.headers("operator") | {"content-type": "application/json"},
    )
    problem = _problem(response)
    assert len(response.content) < 2000
    assert problem["errors"][0]["field"] == "body"


@pytest.mark.parametrize(("text", "what"), [("\\ud800", "lone surrogate"), ("a\\u0000b", "NUL")])
def test_unstorable_strings_are_refused_naming_the_field(
    client: TestClient, world: World, text: str, what: str
) -> None:
    body = f'{{"legs": [{{"departure_id": "x", "from": "{text}", "to": "SGSIN"}}], "teu": 1}}'
    response = client.post(
        "/api/v1/bookings",
        content=body,
        headers=world.headers("exporter") | {"content-type": "application/json"},
    )
    problem = _problem(response)
    assert problem["errors"][0]["field"] == "legs[0].from"
    assert what in problem["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/bookings/a%00b",
        "/api/v1/departures?origin=CN%00CKG",
        "/api/v1/declarations?office=%00",
        "/api/v1/locations/%00",
    ],
)
def test_nul_in_the_url_is_refused(client: TestClient, world: World, url: str) -> None:
    assert "NUL" in _problem(client.get(url, headers=world.headers("admin")))["detail"]


def _cursor(moment: str) -> str:
    raw = json.dumps([moment, "x"]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/departures?date=9999-12-31",
        "/api/v1/departures?date=0001-01-01",
        "/api/v1/departures?date=1.74e-75",
        f"/api/v1/departures?cursor={_cursor('9999-12-31T23:59:59+00:00')}",
        f"/api/v1/cargo-requests?cursor={_cursor('0001-01-01T00:00:00-05:00')}",
        "/api/v1/stats/clearance?from=0001-01-01&to=0001-06-01",
        "/api/v1/stats/clearance?to=9999-12-31T23:59:59-12:00",
        "/api/v1/events?eventCreatedDateTime:gte=0001-01-01T00:00:00Z",
    ],
)
def test_extreme_dates_in_queries_are_refused(client: TestClient, world: World, url: str) -> None:
    _problem(client.get(url, headers=world.headers("operator")))


@pytest.mark.parametrize("depart", ["9999-12-31", "0001-01-01T00:00:00+14:00", 1.74e-75])
def test_extreme_dates_in_plans_are_refused(client: TestClient, world: World, depart: Any) -> None:
    body = {"origin": "CNCKG", "destination": "SGSIN", "depart": depart}
    problem = _problem(client.post("/api/v1/plans", json=body, headers=world.headers("exporter")))
    assert problem["errors"][0]["field"] == "depart"


@pytest.mark.parametrize(
    ("url", "method", "body"),
    [
        ("/api/v1/departures/x", "patch", {"capacity_teu": True}),
        ("/api/v1/departures/x", "patch", {"capacity_teu": "5"}),
        ("/api/v1/departures/x", "patch", {"capacity_teu": 5.0}),
        ("/api/v1/plans", "post", {"origin": "CNCKG", "destination": "SGSIN", "teu": "1"}),
        ("/api/v1/plans", "post", {"origin": "CNCKG", "destination": "SGSIN", "teu": True}),
        ("/api/v1/consolidation/runs", "post", {"apply": "true"}),
        ("/api/v1/cargo-requests", "post", _cargo(teu="2")),
    ],
)
def test_types_are_strict(
    client: TestClient, world: World, url: str, method: str, body: dict[str, Any]
) -> None:
    response = client.request(method, url, json=body, headers=world.headers("admin"))
    assert _problem(response)["code"] == "invalid_input"


def test_a_422_echoes_only_an_excerpt(client: TestClient, world: World) -> None:
    huge = "x" * 1_000_000
    response = client.post(
        "/api/v1/plans",
        json={"origin": huge, "destination": "SGSIN", "avoid": [huge] * 5, "extra": [huge]},
        headers=world.headers("exporter"),
    )
    problem = _problem(response)
    assert len(response.content) < 5000
    assert all(len(json.dumps(e["value"])) < 100 for e in problem["errors"])


@pytest.fixture
def small(world: World) -> Iterator[TestClient]:
    app = create_app(Settings(max_body_bytes=4096), platform=world.platform)
    with TestClient(app) as client:
        yield client


def test_a_body_over_the_limit_is_413(small: TestClient, world: World) -> None:
    events = [{"eventID": str(i)} for i in range(1000)]
    response = small.post("/api/v1/events", json=events, headers=world.headers("operator"))
    assert _problem(response, 413)["code"] == "content_too_large"


def test_a_chunked_body_over_the_limit_is_413(small: TestClient, world: World) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"["
        for i in range(2000):
            yield b'{"eventID": "%d"},' % i
        yield b"{}]"

    response = small.post(
        "/api/v1/events",
        content=chunks(),
        headers=world.headers("operator") | {"content-type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    _problem(response, 413)


def test_405_names_the_allowed_methods(client: TestClient, world: World) -> None:
    response = client.put("/api/v1/bookings", headers=world.headers("exporter"))
    _problem(response, 405)
    assert response.headers["allow"] == "GET, POST"


def test_openapi_documents_every_problem(openapi: dict[str, Any]) -> None:
    document = openapi
    assert "ProblemDetails" in document["components"]["schemas"]
    cs_error = {"schema": {"$ref": "#/components/schemas/CsErrorResponse"}}
    for path, operations in document["paths"].items():
        # The DCSA faces answer in their standard's own error shape (docs/dcsa.md).
        media = "application/json" if path.startswith("/dcsa/tnt/") else PROBLEM
        for method, operation in operations.items():
            if path.startswith("/dcsa/cs/"):  # DCSA CS answers its own ErrorResponse, with 400
                for status in ("400", "401", "413"):
                    answer = operation["responses"][status]
                    assert answer["content"] == {"application/json": cs_error}, (path, status)
                continue
            for status in ("401", "403", "404", "413", "422"):
                answer = operation["responses"][status]
                assert list(answer["content"]) == [media], (path, method, status)
    booking = document["paths"]["/api/v1/bookings"]["post"]["responses"]
    assert "409" in booking
