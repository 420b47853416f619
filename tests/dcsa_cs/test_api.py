"""``/dcsa/cs/v1``: every answer (and every error) validated against DCSA's CS 1.0.3 schema, on
the built-in corridor (SQLite, then PostgreSQL)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from landsea.feeds.dcsa_cs import service_code
from landsea.feeds.dcsa_cs_schema import cs_problems
from tests.api.conftest import World

CS = "/dcsa/cs/v1"


def _get(client: TestClient, world: World, path: str, **params: Any) -> Any:
    answer = client.get(CS + path, params=params, headers=world.headers("exporter"))
    assert answer.headers["API-Version"] == "1.0.3"
    return answer


def _cs_error(answer: Any, status: int, prop: str | None) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["API-Version"] == "1.0.3"
    body = answer.json()
    assert cs_problems(body, "ErrorResponse", array=False) == []
    assert body["statusCode"] == status
    if prop is not None:
        assert prop in [e.get("property") for e in body["errors"]]


def test_chongqing_to_singapore_routings_are_sea_rail_via_qinzhou(
    client: TestClient, world: World
) -> None:
    answer = _get(
        client, world, "/point-to-point-routes", placeOfReceipt="CNCQI", placeOfDelivery="SGSIN",
        departureStartDate="2026-12-07", departureEndDate="2026-12-09",
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    routings = answer.json()
    assert routings and cs_problems(routings, "PointToPoint") == []
    modes = {
        tuple((leg["transport"]["modeOfTransport"], leg["arrival"]["location"]["UNLocationCode"])
              for leg in routing["legs"])
        for routing in routings
    }  # fmt: skip
    assert any(("RAIL", "CNQZH") in legs and legs[-1] == ("VESSEL", "SGSIN") for legs in modes)
    for routing in routings:
        assert "2026-12-07" <= routing["placeOfReceipt"]["dateTime"][:10] <= "2026-12-09"


def test_max_transhipment_zero_keeps_one_ship_at_most(client: TestClient, world: World) -> None:
    answer = _get(
        client, world, "/point-to-point-routes", placeOfReceipt="CNCQI", placeOfDelivery="SGSIN",
        departureStartDate="2026-12-07", departureEndDate="2026-12-09", maxTranshipment=0,
    )  # fmt: skip
    for routing in answer.json():
        ships = [leg["transport"]["modeOfTransport"] for leg in routing["legs"]]
        assert ships.count("VESSEL") <= 1


def test_store_door_receipt_is_not_offered(client: TestClient, world: World) -> None:
    answer = _get(
        client, world, "/point-to-point-routes", placeOfReceipt="CNCQI", placeOfDelivery="SGSIN",
        receiptTypeAtOrigin="SD",
    )  # fmt: skip
    assert answer.status_code == 200 and answer.json() == []


def test_qinzhou_port_schedule(client: TestClient, world: World) -> None:
    answer = _get(client, world, "/port-schedules", UNLocationCode="CNQZH", date="2026-12-08")
    assert answer.status_code == 200, answer.text
    schedules = answer.json()
    assert cs_problems(schedules, "PortSchedule") == []
    assert schedules[0]["location"]["UNLocationCode"] == "CNQZH"
    calls = schedules[0]["vesselSchedules"]
    assert calls
    for call in calls:
        assert any(t["eventDateTime"].startswith("2026-12-08") for t in call["timestamps"])


def test_a_beibu_gulf_liners_vessel_schedule(client: TestClient, world: World) -> None:
    code = service_code("QZH-YPG-SIN-CGP-YCX")
    answer = _get(
        client, world, "/vessel-schedules", carrierServiceCode=code,
        startDate="2026-12-01", endDate="2026-12-31",
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    services = answer.json()
    assert cs_problems(services, "ServiceSchedule") == []
    assert [s["carrierServiceCode"] for s in services] == [code]
    voyage = services[0]["vesselSchedules"][0]
    places = [c["location"]["UNLocationCode"] for c in voyage["transportCalls"]]
    assert places == ["CNQZH", "CNYPG", "SGSIN", "BDCGP"]
    matched = _get(
        client, world, "/vessel-schedules", carrierServiceCode=code, UNLocationCode="SGSIN",
        startDate="2026-12-01", endDate="2026-12-31", responseScope="MATCHED_CALLS",
    ).json()  # fmt: skip
    calls = matched[0]["vesselSchedules"][0]["transportCalls"]
    assert [c["location"]["UNLocationCode"] for c in calls] == ["SGSIN"]


def test_pages_follow_the_next_page_cursor(client: TestClient, world: World) -> None:
    params = {"UNLocationCode": "CNQZH", "startDate": "2026-12-01", "endDate": "2026-12-10"}
    first = _get(client, world, "/vessel-schedules", limit=1, **params)
    cursor = first.headers["Next-Page-Cursor"]
    second = _get(client, world, "/vessel-schedules", limit=1, cursor=cursor, **params)
    assert second.status_code == 200
    assert first.json()[0]["carrierServiceCode"] != second.json()[0]["carrierServiceCode"]
    changed = dict(params, UNLocationCode="SGSIN")
    _cs_error(
        _get(client, world, "/vessel-schedules", limit=1, cursor=cursor, **changed), 400, "cursor"
    )


def test_errors_are_cs_error_responses(client: TestClient, world: World) -> None:
    _cs_error(
        _get(client, world, "/point-to-point-routes", placeOfDelivery="SGSIN"),
        400,
        "placeOfReceipt",
    )
    _cs_error(
        _get(
            client, world, "/point-to-point-routes", placeOfReceipt="ZZZZZ", placeOfDelivery="SGSIN"
        ),
        400,
        "placeOfReceipt",
    )
    _cs_error(_get(client, world, "/vessel-schedules", startDate="2026-12-01"), 400, None)
    _cs_error(
        _get(client, world, "/port-schedules", UNLocationCode="CNQZH", date="2026-13-01"),
        400,
        "date",
    )
    _cs_error(
        client.get(
            CS + "/port-schedules", params={"UNLocationCode": "CNQZH", "date": "2026-12-08"}
        ),
        401,
        None,
    )


def test_what_the_input_guard_refuses_is_a_cs_error_response(
    client: TestClient, world: World
) -> None:
    """A NUL in a query parameter is refused before any route, by the input guard: on the CS face
    it is CS's own 400 ``ErrorResponse`` naming the parameter, not a 422 problem."""
    answer = _get(client, world, "/vessel-schedules", carrierVoyageNumber="a\x00b")
    _cs_error(answer, 400, "carrierVoyageNumber")
    assert answer.headers["content-type"] == "application/json"
    too_big = client.request(
        "GET",
        CS + "/vessel-schedules",
        content=b"x" * (20 * 1024 * 1024 + 1),  # one byte over the default limit
        headers=world.headers("exporter"),
    )
    _cs_error(too_big, 413, None)
