"""Every departure and arrival leaving the platform is in the local time of its place, with
that place's offset (docs/platform.md, "Time"): one booking from Chongqing (+08:00) to Bangkok
(+07:00) followed through the plan, the booking, its departures and its timeline, each response
walked along the schema OpenAPI declares for it, and the corridor map's service data."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from landsea.services import departures
from landsea.web.app import create_app
from tests.api.conftest import World

AUDIT = {"created_at", "updated_at"}  # record times of no place: UTC
LAST = {"arrival", "planned_arrival", "eta", "announced_eta"}


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _timestamps(
    spec: dict[str, Any], schema: dict[str, Any], value: Any, key: str, parents: list[Any]
) -> list[tuple[str, str, list[Any]]]:
    """Every ``(key, value, objects above it)`` the schema declares as a date-time."""
    schema = _resolve(spec, schema)
    if value is None:
        return []
    for choice in schema.get("anyOf", []):
        if _resolve(spec, choice).get("type") != "null":
            return _timestamps(spec, choice, value, key, parents)
    if schema.get("format") == "date-time":
        return [(key, value, parents)]
    found = []
    if isinstance(value, list):
        for item in value:
            found += _timestamps(spec, schema.get("items", {}), item, key, parents)
    elif isinstance(value, dict):
        properties = schema.get("properties", {})
        for name, item in value.items():
            found += _timestamps(spec, properties.get(name, {}), item, name, [*parents, value])
    return found


def _place(key: str, parents: list[Any]) -> str:
    """The place a timestamp is about, from the object holding it (or the nearest above)."""
    for holder in reversed(parents):
        if key == "eventDateTime":
            return str(holder["UNLocationCode"])
        if "locode" in holder:
            return str(holder["locode"])
        if key in {"departure", "ready", "cutoff"} and "from" in holder:
            return str(holder["from"])
        if key == "arrival" and "to" in holder:
            return str(holder["to"])
        if key == "depart" and "origin" in holder:
            return str(holder["origin"])
        for many in ("calls", "legs"):
            if holder.get(many):
                first, last = holder[many][0], holder[many][-1]
                if key == "departure":
                    return str(first.get("locode") or first.get("from"))
                if key in LAST:
                    return str(last.get("locode") or last.get("to"))
    raise AssertionError(f"{key} in {parents[-1]!r}: the test does not know its place")


def _check(world: World, spec: dict[str, Any], path: str, method: str, body: Any) -> set[str]:
    """The offsets of the timestamps of ``body`` (a response of ``method path``), each checked
    against its place's."""
    responses = spec["paths"][path][method]["responses"]
    ok = next(r for status, r in responses.items() if status.startswith("2"))
    schema = ok["content"]["application/json"]["schema"]
    offsets = set()
    for key, value, parents in _timestamps(spec, schema, body, "", []):
        moment = dt.datetime.fromisoformat(value)
        assert moment.utcoffset() is not None, f"{path} {key}={value!r} has no offset"
        if key in AUDIT:
            assert moment.utcoffset() == dt.timedelta(0), f"{path} {key}={value!r}"
            continue
        place = world.platform.network.location(_place(key, parents))
        expected = moment.astimezone(ZoneInfo(place.timezone)).utcoffset()
        assert moment.utcoffset() == expected, f"{path} {key}={value!r} is not the time at {place}"
        offsets.add(value[-6:])
    return offsets


def test_every_departure_and_arrival_has_the_offset_of_its_place(
    client: TestClient, world: World
) -> None:
    spec = client.get("/openapi.json").json()
    headers = world.headers("exporter")
    planned = client.post(
        "/api/v1/plans",
        json={"origin": "CNCQI", "destination": "THBKK", "depart": "2026-12-07"},
        headers=headers,
    )
    assert planned.status_code == 200, planned.text
    offsets = _check(world, spec, "/api/v1/plans", "post", planned.json())
    option = next(
        o for o in planned.json()["options"] if any(leg["departure_id"] for leg in o["legs"])
    )
    legs = [
        {"departure_id": leg["departure_id"], "from": leg["from"], "to": leg["to"]}
        | ({} if leg["departure_id"] else {"service_id": leg["service_id"]})
        for leg in option["legs"]
    ]
    booked = client.post("/api/v1/bookings", json={"legs": legs, "teu": 1}, headers=headers)
    assert booked.status_code == 201, booked.text
    booking = booked.json()["id"]
    for path, url in (
        ("/api/v1/bookings", "/api/v1/bookings"),
        ("/api/v1/bookings/{booking_id}", f"/api/v1/bookings/{booking}"),
        ("/api/v1/bookings/{booking_id}/timeline", f"/api/v1/bookings/{booking}/timeline"),
        *[
            ("/api/v1/departures/{departure_id}", f"/api/v1/departures/{leg['departure_id']}")
            for leg in legs
            if leg["departure_id"]
        ],
        ("/api/v1/departures", f"/api/v1/departures?origin={legs[-1]['from']}&date=2026-12-10"),
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, f"{url}: {response.text}"
        offsets |= _check(world, spec, path, "get", response.json())
    assert {"+08:00", "+07:00"} <= offsets


def test_the_corridor_maps_departures_are_in_the_local_time_of_the_first_stop(
    world: World,
) -> None:
    departures.sync_departures(world.platform)  # the map shows the next 30 days from today
    network = world.platform.network
    for service_id in ("SR-CQ-QZH", "CLR-VTE-LCH"):  # from Chongqing, from Vientiane
        with TestClient(create_app(platform=world.platform)) as web:
            response = web.get(f"/web/data/services/{service_id}")
        assert response.status_code == 200, response.text
        data = response.json()
        zone = ZoneInfo(network.location(data["stops"][0]["locode"]).timezone)
        assert data["departures"]
        for departure in data["departures"]:
            moment = dt.datetime.fromisoformat(departure["departure"])
            assert moment.utcoffset() == moment.astimezone(zone).utcoffset() != dt.timedelta(0)
