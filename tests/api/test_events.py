"""DCSA Track & Trace events through the API on SQLite and PostgreSQL, with the DCSA examples."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landsea.cli.main import app
from tests.api.conftest import World

EXAMPLES = Path(__file__).parents[1] / "data" / "dcsa_examples"  # DCSA's, Apache-2.0


def _example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _post(client: TestClient, world: World, body: Any, who: str = "operator") -> Any:
    return client.post("/api/v1/events", json=body, headers=world.headers(who))


def _truck_event(
    event_id: str,
    when: str,
    container: str = "APZU4812090",
    booking: str = "BK1",
    code: str = "GTIN",
) -> dict[str, Any]:
    return {
        "eventID": event_id,
        "eventDateTime": when,
        "eventUpdatedDateTime": when,
        "eventLocation": {"UNLocationCode": "CNQZH"},
        "eventClassification": {
            "eventTypeCode": "EQUIPMENT",
            "eventClassifierCode": "ACT",
            "equipmentEventTypeCode": code,
        },
        "equipmentDetails": {"equipmentReference": container, "emptyIndicatorCode": "LADEN"},
        "shipmentDetails": {"documentReference": {"typeCode": "BKG", "reference": booking}},
    }


def test_dcsa_22_array(client: TestClient, world: World) -> None:
    body = _example("tnt_v2.2_get_events_response.json")
    again = _post(client, world, body).json()
    assert again["stored"] == 7
    report = _post(client, world, body).json()
    assert report == {
        "stored": 0,
        "duplicates": 7,
        "superseded": 0,
        "retracted": 0,
        "unsupported": 0,
        "rejected": [],
        "eta_announced": 0,
    }


@pytest.mark.parametrize(
    ("name", "stored", "unsupported"),
    [
        ("tnt_v3.0.0_post_events_equipment.json", 1, 0),
        ("tnt_v3.0.0_post_events_transport.json", 1, 0),
        ("tnt_v3.0.0_post_events_shipment.json", 1, 0),
        ("tnt_v3.0.0_post_events_iot.json", 1, 0),
        ("tnt_v3.0.0_post_events_reefer.json", 1, 0),
        ("tnt_v3.0.0_get_events_response.json", 5, 0),
    ],
)
def test_dcsa_30_examples(
    client: TestClient, world: World, name: str, stored: int, unsupported: int
) -> None:
    report = _post(client, world, _example(name)).json()
    assert (report["stored"], report["unsupported"], report["rejected"]) == (
        stored,
        unsupported,
        [],
    )
    again = _post(client, world, _example(name)).json()
    assert again["stored"] == 0 and again["duplicates"] == stored


def test_dcsa_30_beta_events_and_a_retraction(client: TestClient, world: World) -> None:
    rail = _example("tnt_v3.0.0-beta1_transport_event_rail_ARRI.json")
    assert _post(client, world, [rail]).json()["stored"] == 1
    listed = client.get(
        "/api/v1/events", params={"UNLocationCode": "NLRAM"}, headers=world.headers("operator")
    ).json()
    assert [e["metadata"]["eventID"] for e in listed] == [rail["metadata"]["eventID"]]
    retraction = copy.deepcopy(_example("tnt_v3.0.0-beta1_transport_event_retracted.json"))
    retraction["metadata"]["retractedEventID"] = rail["metadata"]["eventID"]
    assert _post(client, world, [retraction]).json()["retracted"] == 1
    assert (
        client.get(
            "/api/v1/events", params={"UNLocationCode": "NLRAM"}, headers=world.headers("operator")
        ).json()
        == []
    )


def test_bad_events_are_listed_and_good_ones_kept(client: TestClient, world: World) -> None:
    drop_pick = _example("tnt_v3.0.0-beta1_equipment_events_DROP_PICK_list.json")
    report = _post(client, world, drop_pick).json()
    assert report["stored"] == 1
    assert report["rejected"] == [
        {
            "index": 1,
            "field": "payload.equipmentReference",
            "value": "APNR7744962",
            "reason": "is not an ISO 6346 container number (owner code, U/J/Z, 6 digits, check digit)",
        }
    ]
    bad = [
        _truck_event("e1", "2026-12-08T10:00:00+08:00", container="APZU4812091"),
        _truck_event("e2", "yesterday"),
        _truck_event("e3", "2026-12-08T10:00:00"),
        {
            **_truck_event("e4", "2026-12-08T10:00:00Z"),
            "eventLocation": {"UNLocationCode": "qinzhou"},
        },
        {
            **_truck_event("e5", "2026-12-08T10:00:00Z"),
            "eventClassification": {
                "eventTypeCode": "EQUIPMENT",
                "eventClassifierCode": "MAYBE",
                "equipmentEventTypeCode": "LOAD",
            },
        },
        _truck_event("e6", "2026-12-08T10:00:00Z", code="ARRI"),
        _truck_event("good", "2026-12-08T10:00:00Z"),
    ]
    report = _post(client, world, {"events": bad}).json()
    assert report["stored"] == 1
    assert [(r["index"], r["field"]) for r in report["rejected"]] == [
        (0, "equipmentDetails.equipmentReference"),
        (1, "eventDateTime"),
        (2, "eventDateTime"),
        (3, "eventLocation.UNLocationCode"),
        (4, "eventClassification.eventClassifierCode"),
        (5, "eventClassification.equipmentEventTypeCode"),
    ]
    assert report["rejected"][0]["reason"] == "has check digit 1; ISO 6346 gives 0"
    assert report["rejected"][2]["reason"].startswith("has no UTC offset")
    not_json_events = client.post(
        "/api/v1/events", json={"things": []}, headers=world.headers("operator")
    )
    assert not_json_events.status_code == 422


def test_updates_supersede_and_order_follows_event_time(client: TestClient, world: World) -> None:
    late = _truck_event("gate-out", "2026-12-08T18:00:00Z", code="GTOT")
    early = _truck_event("gate-in", "2026-12-08T06:00:00Z", code="GTIN")
    assert _post(client, world, [late, early]).json()["stored"] == 2
    events = client.get(
        "/api/v1/events",
        params={"equipmentReference": "APZU4812090"},
        headers=world.headers("operator"),
    ).json()
    assert [e["eventID"] for e in events] == ["gate-in", "gate-out"]
    corrected = {
        **late,
        "eventDateTime": "2026-12-08T05:00:00Z",
        "eventUpdatedDateTime": "2026-12-08T19:00:00Z",
    }
    assert _post(client, world, [corrected]).json()["superseded"] == 1
    stale = {**late, "eventUpdatedDateTime": "2026-12-08T01:00:00Z"}
    assert _post(client, world, [stale]).json()["duplicates"] == 1
    events = client.get(
        "/api/v1/events",
        params={"equipmentReference": "APZU4812090"},
        headers=world.headers("operator"),
    ).json()
    assert [e["eventID"] for e in events] == ["gate-out", "gate-in"]


def test_filters_and_pagination(client: TestClient, world: World) -> None:
    batch = [_truck_event(f"ev-{n:03d}", f"2026-12-08T{n % 24:02d}:00:00Z") for n in range(25)]
    batch.append(
        _truck_event("other", "2026-12-08T03:30:00Z", container="CSQU3054383", booking="BK2")
    )
    assert _post(client, world, {"events": batch}).json()["stored"] == 26
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 10, "carrierBookingReference": "BK1"}
        if cursor:
            params["cursor"] = cursor
        response = client.get("/api/v1/events", params=params, headers=world.headers("operator"))
        seen += [e["eventID"] for e in response.json()]
        cursor = response.headers.get("next-page-cursor")
        if not cursor:
            break
    assert len(seen) == 25 and "other" not in seen
    by_container = client.get(
        "/api/v1/events",
        params={"equipmentReference": "CSQU3054383"},
        headers=world.headers("operator"),
    ).json()
    assert [e["eventID"] for e in by_container] == ["other"]
    assert (
        client.get(
            "/api/v1/events", params={"eventType": "TRANSPORT"}, headers=world.headers("operator")
        ).json()
        == []
    )
    created = client.get(
        "/api/v1/events",
        params={"eventCreatedDateTime:gte": "2099-01-01T00:00:00Z"},
        headers=world.headers("operator"),
    ).json()
    assert created == []
    bad = client.get(
        "/api/v1/events",
        params={"eventCreatedDateTime:gte": "soon"},
        headers=world.headers("operator"),
    )
    assert bad.status_code == 422 and "eventCreatedDateTime:gte" in bad.json()["detail"]


def test_roles_and_tenancy(client: TestClient, world: World) -> None:
    assert (
        _post(
            client, world, [_truck_event("x", "2026-12-08T10:00:00Z")], who="exporter"
        ).status_code
        == 403
    )
    booking = client.post(
        "/api/v1/bookings",
        json={
            "legs": [
                {"departure_id": "SR-CQ-QZH-20261207-0900", "from": "CNCQI-TJC", "to": "CNQZH"}
            ],
            "teu": 1,
        },
        headers=world.headers("exporter"),
    ).json()["id"]
    _post(
        client,
        world,
        [
            _truck_event("mine", "2026-12-08T10:00:00Z", booking=booking),
            _truck_event("theirs", "2026-12-08T11:00:00Z", booking="SOMEONE-ELSE"),
        ],
    )
    mine = client.get("/api/v1/events", headers=world.headers("exporter")).json()
    assert [e["eventID"] for e in mine] == ["mine"]
    assert client.get("/api/v1/events", headers=world.headers("importer")).json() == []
    assert len(client.get("/api/v1/events", headers=world.headers("customs")).json()) == 2


def test_track_import_json_lines(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.jsonl"
    lines = [_truck_event(f"imp-{n}", f"2026-12-09T{n:02d}:00:00Z") for n in range(20)]
    lines.append({"eventID": "iot-1", "eventClassification": {"eventTypeCode": "CARBON"}})
    lines.append(_truck_event("bad", "2026-12-09T01:00:00Z", container="NOPE"))
    path.write_text("\n".join(json.dumps(e) for e in lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("LANDSEA_DATABASE_URL", world.platform.database_url)
    result = CliRunner().invoke(app, ["track", "import", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output  # one event was rejected
    report = json.loads(result.stdout)
    assert (report["stored"], report["unsupported"], len(report["rejected"])) == (20, 1, 1)
    again = CliRunner().invoke(app, ["track", "import", str(path)])
    assert "0 stored" in again.stdout and "20 duplicates" in again.stdout


def test_an_event_at_a_terminal_is_stored_there_and_found_by_its_place(
    client: TestClient, world: World
) -> None:
    at_terminal = _truck_event("t-tjc", "2026-12-03T09:00:00+08:00", booking="BK-TJC")
    at_terminal["eventLocation"] = {
        "UNLocationCode": "CNCQI",
        "facilityCode": "TJC",
        "facilityCodeListProvider": "SMDG",
    }
    elsewhere = _truck_event("t-qzh", "2026-12-03T10:00:00+08:00", booking="BK-TJC")
    assert _post(client, world, {"events": [at_terminal, elsewhere]}).json()["stored"] == 2

    def found(place: str) -> list[str]:
        answer = client.get(
            "/api/v1/events",
            params={"UNLocationCode": place, "carrierBookingReference": "BK-TJC"},
            headers=world.headers("admin"),
        )
        assert answer.status_code == 200, answer.text
        return [e["eventID"] for e in answer.json()]

    assert found("CNCQI") == ["t-tjc"]  # a UN/LOCODE takes in its terminals
    assert found("CNCQI-TJC") == ["t-tjc"]
    assert found("CNQZH") == ["t-qzh"]
    assert found("CNCQI-GYP") == []
