"""Conformance of ``/dcsa/tnt/v2`` to DCSA Track & Trace 2.2.0, driven by DCSA's own example
messages (valid and wrong ones) and checked against DCSA's own 2.2.0 schema, on both databases.

The queries (every filter and operator, the pages) only read: they share one world of each
database kind with DCSA's valid example taken once (``taken``) instead of a world and the
example's import each."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.api.app import create_app
from landsea.feeds.dcsa_schema import V2_EVENT_LIST, TntVersion
from tests.api.conftest import World
from tests.dcsa.spec import assert_valid, example
from tests.fixtures.api import WorldTemplate

V2 = TntVersion.V2
VALID = example("tnt-220-response.json")
TRANSPORT, SHIPMENT, EQUIPMENT = VALID[0], VALID[1], VALID[2]
UUID = "0b8e5bd6-8f5a-4e5c-9a43-3c3d1b0f{:04d}"


def _post(client: TestClient, world: World, events: list[Any]) -> Any:
    return client.post("/dcsa/tnt/v2/events", json=events, headers=world.headers("operator"))


def _get(client: TestClient, world: World, **params: Any) -> Any:
    answer = client.get("/dcsa/tnt/v2/events", params=params, headers=world.headers("admin"))
    assert answer.status_code == 200, answer.text
    assert answer.headers["API-Version"] == "2.2.0"
    assert_valid(V2, V2_EVENT_LIST, answer.json())
    return answer


def _ids(answer: Any) -> list[str]:
    return sorted(e["eventID"][-4:] for e in answer.json())


@pytest.fixture(scope="module")
def taken(
    world_template: WorldTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, World]]:
    """A world with DCSA's valid example taken, for the tests that only read (SQLite, then
    PostgreSQL)."""
    with world_template.clone(tmp_path_factory.mktemp("tnt-v2")) as world:
        with TestClient(create_app(platform=world.platform)) as client:
            assert _post(client, world, VALID).status_code == 204
            yield client, world


def test_dcsa_valid_example_is_valid_against_the_schema() -> None:
    assert_valid(V2, V2_EVENT_LIST, VALID)


def test_the_valid_example_is_taken_and_read_back_as_sent(client: TestClient, world: World) -> None:
    taken = _post(client, world, VALID)
    assert taken.status_code == 204 and taken.headers["API-Version"] == "2.2.0"
    events = _get(client, world, limit=50).json()
    assert sorted(events, key=lambda e: e["eventID"]) == sorted(VALID, key=lambda e: e["eventID"])
    one = client.get(f"/dcsa/tnt/v2/events/{VALID[1]['eventID']}", headers=world.headers("admin"))
    assert one.json() == VALID[1] and one.headers["API-Version"] == "2.2.0"
    assert_valid(V2, "inline_response_200", one.json())


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"eventType": "SHIPMENT,TRANSPORT"}, ["51e2", "51e3", "51e5", "51e6", "51e8"]),
        ({"shipmentEventTypeCode": "DRFT"}, ["51e3", "51e6", "51e8"]),
        ({"shipmentEventTypeCode": "DRFT", "equipmentEventTypeCode": "LOAD"}, []),
        ({"transportEventTypeCode": "ARRI,DEPA"}, ["51e2", "51e5"]),
        ({"equipmentEventTypeCode": "LOAD"}, ["51e4", "51e7"]),
        ({"documentTypeCode": "SHI,TRD"}, ["51e3", "51e8"]),
        ({"carrierBookingReference": "ABC123123123"}, ["51e2", "51e4", "51e5", "51e6", "51e7"]),
        ({"transportCallID": "123e4567-e89b-12d3-a456-426614174000"},
         ["51e2", "51e4", "51e5", "51e7"]),
        ({"vesselIMONumber": "9321483", "eventType": "TRANSPORT"}, ["51e2", "51e5"]),
        ({"carrierServiceCode": "FE1", "exportVoyageNumber": "2103S"},
         ["51e2", "51e4", "51e5", "51e7"]),
        ({"carrierServiceCode": "XX9"}, []),
        ({"eventCreatedDateTime:gte": "2021-01-23T20:34:56+08:00"}, ["51e2", "51e3", "51e4"]),
        ({"eventCreatedDateTime:gt": "2021-01-23T20:34:56+08:00"}, []),
        ({"eventCreatedDateTime:lt": "2021-01-09T22:12:56+08:00"}, ["51e8"]),
        ({"eventCreatedDateTime:lte": "2021-01-09T22:12:56+08:00"}, ["51e5", "51e6", "51e7", "51e8"]),
        ({"eventCreatedDateTime": "2021-01-01T22:12:56+08:00"}, ["51e8"]),
    ],
)  # fmt: skip
def test_every_filter_and_operator(
    taken: tuple[TestClient, World], params: dict[str, str], expected: list[str]
) -> None:
    client, world = taken
    assert _ids(_get(client, world, **params)) == expected


def test_pages_link_the_next_and_a_large_limit_is_capped(taken: tuple[TestClient, World]) -> None:
    client, world = taken
    first = _get(client, world, limit=4)
    assert len(first.json()) == 4 and "cursor" not in first.headers["First-Page"]
    assert first.headers["Current-Page"].endswith("limit=4")
    rest = client.get(first.headers["Next-Page"], headers=world.headers("admin"))
    assert len(rest.json()) == 3 and "Next-Page" not in rest.headers
    assert len(_get(client, world, limit=10**9).json()) == 7


def _refused(client: TestClient, world: World, event: dict[str, Any]) -> dict[str, str]:
    answer = _post(client, world, [TRANSPORT, event])
    assert answer.status_code == 422 and answer.headers["API-Version"] == "2.2.0"
    body = answer.json()
    assert_valid(V2, "error", body)
    assert body["httpMethod"] == "POST" and body["requestUri"] == "/dcsa/tnt/v2/events"
    return {e["message"].split(":")[0]: e["message"] for e in body["errors"]}


def _without(event: dict[str, Any], *path: str) -> dict[str, Any]:
    changed = copy.deepcopy(event)
    holder = changed
    for key in path[:-1]:
        holder = holder[key]
    del holder[path[-1]]
    return changed


def _with(event: dict[str, Any], value: Any, *path: str) -> dict[str, Any]:
    changed = copy.deepcopy(event)
    holder = changed
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("event", "path", "said"),
    [
        (_without(SHIPMENT, "eventCreatedDateTime"), "$[1].eventCreatedDateTime", "missing"),
        (_without(TRANSPORT, "transportCall", "transportCallID"),
         "$[1].transportCall.transportCallID", "missing"),
        (_without(TRANSPORT, "transportCall", "modeOfTransport"),
         "$[1].transportCall.modeOfTransport", "missing"),
        (_with(EQUIPMENT, "FULL", "emptyIndicatorCode"), "$[1].emptyIndicatorCode", "EMPTY, LADEN"),
        (_with(SHIPMENT, "not-a-uuid", "eventID"), "$[1].eventID", "uuid"),
        (_with(TRANSPORT, "x" * 251, "changeRemark"), "$[1].changeRemark", "250"),
        (_with(TRANSPORT, "FE1234", "transportCall", "carrierServiceCode"),
         "$[1].transportCall.carrierServiceCode", "5"),
        (_with(SHIPMENT, "XYZ", "documentTypeCode"), "$[1].documentTypeCode", "CBR"),
        (example("tnt-300-request-shipment.json")["events"][0], "$[1].eventType", "SHIPMENT"),
    ],
)  # fmt: skip
def test_what_22_forbids_is_refused_with_path_and_reason(
    client: TestClient, world: World, event: dict[str, Any], path: str, said: str
) -> None:
    errors = _refused(client, world, event)
    assert path in errors and said in errors[path], errors
    assert _ids(_get(client, world)) == ["51e2"]  # the valid one of the batch is stored


@pytest.mark.parametrize(
    "name", ["tnt-220-response-wrong-date-times.json", "tnt-220-response-wrong-event-ids.json"]
)
def test_dcsa_wrong_examples_are_refused(client: TestClient, world: World, name: str) -> None:
    events = [{k: v for k, v in e.items() if k != "TEST_CASE"} for e in example(name)]
    answer = _post(client, world, events)
    assert answer.status_code == 422
    assert_valid(V2, "error", answer.json())
    refused = {m["message"].split("]")[0] for m in answer.json()["errors"]}
    assert len(refused) >= 2


def test_what_22_allows_is_taken(client: TestClient, world: World) -> None:
    resealed = {**_with(EQUIPMENT, "RSEA", "equipmentEventTypeCode"), "eventID": UUID.format(1)}
    anonymous = {**_without(EQUIPMENT, "equipmentReference"), "eventID": UUID.format(2)}
    assert _post(client, world, [resealed, anonymous]).status_code == 204
    assert _ids(_get(client, world)) == ["0001", "0002"]


def test_30_events_are_read_on_22_converted_where_22_can_say_them(
    client: TestClient, world: World
) -> None:
    body = example("tnt-300-response.json")
    assert (
        client.post("/dcsa/tnt/v3/events", json=body, headers=world.headers("operator")).json()
        == {}
    )
    events = _get(client, world).json()
    kinds = sorted(e["eventType"] for e in events)
    assert kinds == [
        "EQUIPMENT",
        "SHIPMENT",
    ]  # no IOT or REEFER; the transport call's service is 6 long
    assert all(len(e["eventID"]) == 36 for e in events)
