"""The customs, event, subscription and statistics routes publish their response schemas and
the statuses they answer (issue 11). The document depends on no database: one per run
(the ``openapi`` fixture)."""

from __future__ import annotations

from typing import Any

import pytest

TYPED = [
    ("post", "/api/v1/declarations", "201", "DeclarationPublic"),
    ("get", "/api/v1/declarations/{declaration_id}", "200", "DeclarationPublic"),
    ("post", "/api/v1/declarations/{declaration_id}/decision", "200", "DeclarationPublic"),
    ("post", "/api/v1/event-subscriptions", "201", "SubscriptionPublic"),
    ("get", "/api/v1/event-subscriptions/{subscription_id}", "200", "SubscriptionPublic"),
]


@pytest.mark.parametrize(("method", "path", "status", "schema"), TYPED)
def test_the_route_declares_its_response_model(
    openapi: dict[str, Any], method: str, path: str, status: str, schema: str
) -> None:
    spec = openapi
    content = spec["paths"][path][method]["responses"][status]["content"]["application/json"]
    assert content["schema"] == {"$ref": f"#/components/schemas/{schema}"}


def test_a_subscriptions_deliveries_are_typed(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    deliveries = schemas["SubscriptionPublic"]["properties"]["deliveries"]
    assert {"$ref": "#/components/schemas/DeliveriesPublic"} in deliveries["anyOf"]
    entry = schemas["OutboxEntryPublic"]["properties"]
    assert {"attempts", "next_attempt_at", "last_error"} <= set(entry)


def test_lists_and_events_declare_their_items(openapi: dict[str, Any]) -> None:
    paths = openapi["paths"]
    listed = paths["/api/v1/event-subscriptions"]["get"]["responses"]["200"]
    assert listed["content"]["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/SubscriptionPublic"
    }
    events = paths["/api/v1/events"]["get"]["responses"]["200"]
    assert "Next-Page-Cursor" in events["headers"]
    assert events["content"]["application/json"]["schema"]["type"] == "array"
    deleted = paths["/api/v1/event-subscriptions/{subscription_id}"]["delete"]["responses"]
    assert "204" in deleted and "404" in deleted
    assert "409" in paths["/api/v1/declarations/{declaration_id}/decision"]["post"]["responses"]
