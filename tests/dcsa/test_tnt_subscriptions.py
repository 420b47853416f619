"""Event subscriptions on the DCSA faces: 2.2.0's API exactly (checked against its schema), the
same resource on 3.0, and notifications in each subscription's own version, with its headers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.domain.booking import Principal
from landsea.feeds.dcsa_schema import V2_EVENT_LIST, TntVersion, document_violations
from landsea.services import accounts, subscriptions, webhook_target
from tests.api.conftest import World
from tests.dcsa.spec import assert_valid, example

SECRET = base64.b64encode(b"0123456789abcdef0123").decode()
CALLBACK = "https://hooks.example.com/dcsa"


@pytest.fixture(autouse=True)
def _public_callbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The callback host is not resolved (no network): it is taken as public."""
    monkeypatch.setattr(webhook_target, "check_callback", lambda url, policy: None)


def _subscribe(client: TestClient, world: World, face: str, **filters: Any) -> Any:
    body = {"callbackUrl": CALLBACK, "secret": SECRET, **filters}
    answer = client.post(
        f"/dcsa/tnt/{face}/event-subscriptions", json=body, headers=world.headers("admin")
    )
    assert answer.status_code == 201, answer.text
    return answer


def test_22_subscriptions_are_created_listed_read_updated_rotated_and_deleted(
    client: TestClient, world: World
) -> None:
    made = _subscribe(client, world, "v2", eventType=["SHIPMENT"], carrierBookingReference="BK1")
    assert made.headers["API-Version"] == "2.2.0"
    assert_valid(TntVersion.V2, "subscription", made.json())
    sid = made.json()["subscriptionID"]
    assert (
        made.json()["eventType"] == ["SHIPMENT"] and made.json()["carrierBookingReference"] == "BK1"
    )
    second = _subscribe(client, world, "v2").json()["subscriptionID"]
    admin = world.headers("admin")
    page = client.get("/dcsa/tnt/v2/event-subscriptions", params={"limit": 1}, headers=admin)
    assert len(page.json()) == 1 and "Next-Page" in page.headers
    rest = client.get(page.headers["Next-Page"], headers=admin)
    assert {s["subscriptionID"] for s in page.json() + rest.json()} == {sid, second}
    changed = client.put(
        f"/dcsa/tnt/v2/event-subscriptions/{sid}",
        json={"callbackUrl": CALLBACK + "/2", "transportEventTypeCode": ["ARRI"]},
        headers=admin,
    )
    assert changed.status_code == 200 and changed.json()["transportEventTypeCode"] == ["ARRI"]
    assert_valid(TntVersion.V2, "subscription", changed.json())
    read = client.get(f"/dcsa/tnt/v2/event-subscriptions/{sid}", headers=admin).json()
    assert read == changed.json() and "carrierBookingReference" not in read
    new_secret = base64.b64encode(b"fedcba9876543210fedc").decode()
    rotated = client.put(
        f"/dcsa/tnt/v2/event-subscriptions/{sid}/secret", json={"secret": new_secret}, headers=admin
    )
    assert rotated.status_code == 204 and rotated.headers["API-Version"] == "2.2.0"
    stored = subscriptions.get_subscription(world.platform, _admin(world), sid).subscription
    assert stored.secret == new_secret
    gone = client.delete(f"/dcsa/tnt/v2/event-subscriptions/{sid}", headers=admin)
    assert gone.status_code == 204
    missing = client.get(f"/dcsa/tnt/v2/event-subscriptions/{sid}", headers=admin)
    assert (
        missing.status_code == 404
        and document_violations(TntVersion.V2, "error", missing.json()) == []
    )


def test_a_22_subscription_refuses_what_22_forbids(client: TestClient, world: World) -> None:
    answer = client.post(
        "/dcsa/tnt/v2/event-subscriptions",
        json={"callbackUrl": CALLBACK, "secret": SECRET, "equipmentEventTypeCode": ["LOST"]},
        headers=world.headers("admin"),
    )
    assert answer.status_code == 422 and "LOST" in answer.json()["errors"][0]["message"]


def _admin(world: World) -> Principal:
    return accounts.system_principal(world.platform)


def _outbox(world: World) -> dict[str, Any]:
    with world.platform.uow(read_only=True) as uow:
        due = uow.subscriptions.due(
            __import__("datetime").datetime.now(__import__("datetime").UTC), 100
        )
    return {n.subscription_id: n for n in due}


def test_notifications_speak_each_subscriptions_version(client: TestClient, world: World) -> None:
    v2 = _subscribe(client, world, "v2", eventType=["EQUIPMENT", "SHIPMENT"]).json()[
        "subscriptionID"
    ]
    v3 = _subscribe(client, world, "v3", eventTypes=["EQUIPMENT", "IOT"]).json()["subscriptionID"]
    body = example("tnt-300-response.json")
    posted = client.post("/dcsa/tnt/v3/events", json=body, headers=world.headers("operator"))
    assert posted.json() == {}
    due = _outbox(world)
    v2_body = json.loads(due[v2].payload)
    assert_valid(TntVersion.V2, V2_EVENT_LIST, v2_body)
    assert sorted(e["eventType"] for e in v2_body) == ["EQUIPMENT", "SHIPMENT"]
    v3_body = json.loads(due[v3].payload)
    assert_valid(TntVersion.V3, "PostEventsRequest", v3_body)
    kinds = sorted(e["eventClassification"]["eventTypeCode"] for e in v3_body["events"])
    assert kinds == ["EQUIPMENT", "IOT"]
    payload = due[v2].payload.encode()
    headers = subscriptions._version_headers(due[v2], payload)
    assert headers["API-Version"] == "2.2.0"
    mac = base64.b64encode(hmac.new(base64.b64decode(SECRET), payload, hashlib.sha256).digest())
    assert f'signature="{mac.decode()}"' in headers["Signature"]
    assert f'keyId="{v2}"' in headers["Signature"]
    assert subscriptions._version_headers(due[v3], b"{}") == {"API-Version": "3.0.0"}
