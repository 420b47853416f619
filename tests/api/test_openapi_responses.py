"""The published OpenAPI document gives a response schema for the operations use cases (one
document per run: the ``openapi`` fixture)."""

from __future__ import annotations

from typing import Any

import pytest

TYPED = [
    ("post", "/api/v1/events", "200", "IngestReportPublic"),
    ("get", "/api/v1/stats/clearance", "200", "ClearancePublic"),
    ("post", "/api/v1/consolidation/runs", "202", "RunPublic"),
    ("get", "/api/v1/consolidation/runs/{run_id}", "200", "RunPublic"),
    ("post", "/api/v1/cargo-requests", "201", "CargoRequestPublic"),
]


@pytest.mark.parametrize(("method", "path", "status", "schema"), TYPED)
def test_the_route_declares_its_response_model(
    openapi: dict[str, Any], method: str, path: str, status: str, schema: str
) -> None:
    spec = openapi
    content = spec["paths"][path][method]["responses"][status]["content"]["application/json"]
    assert content["schema"] == {"$ref": f"#/components/schemas/{schema}"}


def test_a_run_result_keeps_designs_consolidation_contract(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    result = schemas["ConsolidationResultPublic"]["properties"]
    assert {"status", "objective", "bound", "gap", "assignments", "unassigned", "departures"} <= (
        set(result)
    )
    assignment = schemas["AssignmentPublic"]["properties"]
    assert {"request_id", "departure_ids"} <= set(assignment)
    departure = schemas["DepartureUsePublic"]["properties"]
    assert {"departure_id", "capacity_teu", "assigned_teu"} <= set(departure)
    leg = schemas["AssignedLegPublic"]["properties"]
    assert {"from", "to"} <= set(leg)
