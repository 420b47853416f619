"""Conformance of ``/dcsa/tnt/v3`` to DCSA Track & Trace 3.0.0, driven by DCSA's own example
messages and checked against DCSA's own schema (with its code lists), on both databases."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.feeds.dcsa_schema import TntVersion
from tests.api.conftest import World
from tests.dcsa.spec import assert_valid, example, names

V3 = TntVersion.V3
REQUESTS = names("tnt-300-request-")


def _post(client: TestClient, world: World, events: list[Any]) -> Any:
    return client.post(
        "/dcsa/tnt/v3/events", json={"events": events}, headers=world.headers("operator")
    )


def _get(client: TestClient, world: World, **params: Any) -> Any:
    answer = client.get("/dcsa/tnt/v3/events", params=params, headers=world.headers("admin"))
    assert answer.status_code == 200, answer.text
    assert answer.headers["API-Version"] == "3.0.0"
    assert_valid(V3, "GetEventsResponse", answer.json())
    return answer


def _all_requests() -> list[dict[str, Any]]:
    return [event for name in REQUESTS for event in example(name)["events"]]


@pytest.mark.parametrize("name", [*REQUESTS, *names("tnt-300-response")])
def test_dcsa_examples_are_valid_against_the_schema_landsea_checks_with(name: str) -> None:
    document = example(name)
    assert_valid(V3, "PostEventsRequest" if "request" in name else "GetEventsResponse", document)


def test_every_request_example_is_taken_and_read_back_as_sent(
    client: TestClient, world: World
) -> None:
    for name in REQUESTS:
        answer = client.post(
            "/dcsa/tnt/v3/events", json=example(name), headers=world.headers("operator")
        )
        assert answer.status_code == 200, (name, answer.text)
        assert answer.headers["API-Version"] == "3.0.0"
        assert_valid(V3, "PostEventsResponse", answer.json())
    events = _get(client, world, limit=100).json()["events"]
    assert {e["eventID"]: e for e in events} == {e["eventID"]: e for e in _all_requests()}
    kinds = {e["eventClassification"]["eventTypeCode"] for e in events}
    assert kinds == {"SHIPMENT", "TRANSPORT", "EQUIPMENT", "IOT", "REEFER"}
    iot = _get(client, world, eventTypes="IOT,REEFER").json()["events"]
    assert {e["eventClassification"]["eventTypeCode"] for e in iot} == {"IOT", "REEFER"}
    one = events[0]["eventID"]
    by_id = client.get(f"/dcsa/tnt/v3/events/{one}", headers=world.headers("admin"))
    assert by_id.json() == events[0] and by_id.headers["API-Version"] == "3.0.0"
    assert_valid(V3, "Event", by_id.json())


def test_pages_follow_the_cursor_and_a_large_limit_is_capped_not_refused(
    client: TestClient, world: World
) -> None:
    assert _post(client, world, _all_requests()).status_code == 200
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 2}
    while True:
        answer = _get(client, world, **params)
        seen += [e["eventID"] for e in answer.json()["events"]]
        if "Next-Page-Cursor" not in answer.headers:
            break
        params = {"limit": 2, "cursor": answer.headers["Next-Page-Cursor"]}
    assert sorted(seen) == sorted(e["eventID"] for e in _all_requests())
    assert len(_get(client, world, limit=1_000_000).json()["events"]) == len(seen)


def test_codes_only_30_allows_are_taken(client: TestClient, world: World) -> None:
    base = example("tnt-300-request-equipment.json")["events"][0]
    events = []
    for code in ("AVDO", "AVPU", "CROS", "RSEA"):
        event = copy.deepcopy(base)
        event["eventID"] = f"v3-{code}"
        event["eventClassification"]["equipmentEventTypeCode"] = code
        events.append(event)
    transport = copy.deepcopy(example("tnt-300-request-transport.json")["events"][0])
    transport["eventID"] = "v3-multimodal"
    transport["transportDetails"]["transportCall"]["modeOfTransport"] = "MULTIMODAL"
    answer = _post(client, world, [*events, transport])
    assert answer.json() == {}, answer.text
    assert len(_get(client, world).json()["events"]) == 5


def test_each_violation_is_refused_with_its_path_value_and_reason(
    client: TestClient, world: World
) -> None:
    good = example("tnt-300-request-equipment.json")["events"][0]
    bad = copy.deepcopy(good)
    bad["eventID"] = "v3-bad"
    bad["eventClassification"]["equipmentEventTypeCode"] = "LOST"
    bad["transportDetails"] = {"transportCall": {"modeOfTransport": "PLANE"}}
    answer = _post(client, world, [good, bad])
    assert answer.status_code == 200
    assert_valid(V3, "PostEventsResponse", answer.json())
    paths = {f["propertyPath"]: f for f in answer.json()["feedbackElements"]}
    assert set(paths) == {
        "$.events[1].eventClassification.equipmentEventTypeCode",
        "$.events[1].transportDetails.transportCall.modeOfTransport",
    }
    assert "'LOST'" in paths["$.events[1].eventClassification.equipmentEventTypeCode"]["message"]
    assert [e["eventID"] for e in _get(client, world).json()["events"]] == [good["eventID"]]
    refused = _post(client, world, [bad])
    assert refused.status_code == 422 and refused.headers["API-Version"] == "3.0.0"
    assert_valid(V3, "PostEventsError", refused.json())
    assert {f["severity"] for f in refused.json()["feedbackElements"]} == {"ERROR"}


def test_a_22_event_is_refused_by_the_30_face(client: TestClient, world: World) -> None:
    v22 = example("tnt-220-response.json")[0]
    refused = _post(client, world, [v22])
    assert refused.status_code == 422
    assert_valid(V3, "PostEventsError", refused.json())


def test_a_retraction_withdraws_the_event(client: TestClient, world: World) -> None:
    event = example("tnt-300-request-shipment.json")["events"][0]
    assert _post(client, world, [event]).status_code == 200
    assert len(_get(client, world).json()["events"]) == 1
    assert _post(client, world, [{"eventID": event["eventID"], "isRetracted": True}]).json() == {}
    assert _get(client, world).json()["events"] == []
    gone = client.get(f"/dcsa/tnt/v3/events/{event['eventID']}", headers=world.headers("admin"))
    assert gone.status_code == 404 and gone.headers["API-Version"] == "3.0.0"
    assert_valid(V3, "GetEventsError", gone.json())


def test_22_events_are_read_on_30_converted(client: TestClient, world: World) -> None:
    taken = client.post(
        "/dcsa/tnt/v2/events",
        json=example("tnt-220-response.json"),
        headers=world.headers("operator"),
    )
    assert taken.status_code == 204, taken.text
    events = _get(client, world).json()["events"]
    assert len(events) == len(example("tnt-220-response.json"))
    transport = next(e for e in events if e["eventID"] == "3cecb101-7a1a-43a4-9d62-e88a131651e2")
    call = transport["transportDetails"]["transportCall"]
    assert call["transportCallReference"] == "123e4567-e89b-12d3-a456-426614174000"
    assert transport["eventUpdatedDateTime"] == "2021-01-23T12:34:56Z"


def test_update_time_filters_honour_the_offset(client: TestClient, world: World) -> None:
    early = copy.deepcopy(example("tnt-300-request-shipment.json")["events"][0])
    late = {**copy.deepcopy(early), "eventID": "v3-late"}
    early["eventUpdatedDateTime"] = "2026-01-20T01:00:00Z"
    late["eventUpdatedDateTime"] = "2026-01-20T03:00:00Z"
    assert _post(client, world, [early, late]).json() == {}
    # 10:00+08:00 is 02:00Z: only the late event is at or after it.
    found = _get(client, world, eventUpdatedDateTimeMin="2026-01-20T10:00:00+08:00").json()
    assert [e["eventID"] for e in found["events"]] == ["v3-late"]
