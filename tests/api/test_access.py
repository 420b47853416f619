"""Every cell of the rules table (docs/platform.md) through HTTP, on SQLite and PostgreSQL, and
the attacks of issue 10 items 3 and 4: an operator writing and reading other operators' events,
and an operator's consolidation run booking other operators' departures.

The organisations of the ``world``: exporter and importer (shippers), operator (every service),
yuxinou (the Yuxinou trains only), customs, admin. A column of the table is played by exporter,
yuxinou (on its own train / on another operator's train), customs, admin and bank (the
document rows' probes are in tests/api/test_documents.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.api.app import create_app
from landsea.domain.access import Action
from landsea.persistence.repositories import Subscription
from landsea.services import accounts, consolidation, jobs
from landsea.services.jobs import Workers
from tests.api.test_documents import DOCUMENT_PROBES
from tests.api.test_invoices import INVOICE_PROBES
from tests.domain.test_access import docs_cells
from tests.fixtures.api import World, WorldTemplate

OWN_TRAIN = ("CRE-CQ-DUI-20261205-2000", "CNCQI-TJC", "CNLAZ")  # Yuxinou's
OTHER_TRAIN = ("SR-CQ-QZH-20261207-0900", "CNCQI-TJC", "CNQZH")  # the corridor company's


@pytest.fixture(scope="module")
def shared(
    world_template: WorldTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[World, TestClient]]:
    """One world for the table's cells (each cell makes what it touches)."""
    with world_template.clone(tmp_path_factory.mktemp("access")) as world:
        with TestClient(create_app(platform=world.platform)) as client:
            yield world, client


class Cell:
    def __init__(self, world: World, client: TestClient, who: str, own: bool) -> None:
        self.world, self.client, self.who, self.own = world, client, who, own

    def call(self, method: str, url: str, who: str | None = None, **kw: Any) -> Any:
        return self.client.request(
            method, f"/api/v1{url}", headers=self.world.headers(who or self.who), **kw
        )

    @property
    def other_org(self) -> str:
        return "operator" if self.who in ("yuxinou", "operator") else "importer"

    def booking(self) -> str:
        """A booking the column owns: the exporter's for a shipper, one on Yuxinou's train for
        yuxinou; otherwise the importer's on the corridor company's train."""
        departure, origin, destination = OWN_TRAIN if self.own else OTHER_TRAIN
        shipper = "exporter" if self.own else "importer"
        body = {"legs": [{"departure_id": departure, "from": origin, "to": destination}], "teu": 1}
        made = self.call("POST", "/bookings", shipper, json=body)
        assert made.status_code == 201, made.text
        return str(made.json()["id"])

    def org(self) -> str:
        return self.world.ids[self.who if self.own else self.other_org]

    def declaration(self) -> str:
        made = self.call("POST", "/declarations", "exporter" if self.own else "importer",
                         json=declaration_body(None))  # fmt: skip
        assert made.status_code == 201, made.text
        return str(made.json()["id"])


def declaration_body(booking: str | None) -> dict[str, Any]:
    return {
        "direction": "export",
        "office": "CNQZH",
        "booking_id": booking,
        "containers": ["CSQU3054383"],
        "items": [
            {"hs_code": "8471.30", "description": "laptop computers", "quantity": 5,
             "unit": "pcs", "net_kg": 15, "gross_kg": 18,
             "value": {"amount": "25000.00", "currency": "CNY"}, "origin_country": "CN"}
        ],
    }  # fmt: skip


def arrival(booking: str, code: str = "ARRI", **more: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventID": f"e-{uuid.uuid4()}",
        "eventType": "TRANSPORT",
        "eventClassifierCode": "ACT",
        "eventDateTime": "2026-12-08T10:00:00+08:00",
        "transportEventTypeCode": code,
        "transportCall": {"UNLocationCode": "CNQZH", "modeOfTransport": "RAIL"},
        "documentReferences": [{"documentReferenceType": "BKG", "documentReferenceValue": booking}],
    }
    event["transportCall"].update(more)
    return event


def customs_release(booking: str) -> dict[str, Any]:
    return {
        "eventID": f"c-{uuid.uuid4()}",
        "eventType": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": "2026-12-08T10:00:00+08:00",
        "equipmentEventTypeCode": "CUSR",
        "equipmentReference": "CSQU3054383",
        "eventLocation": {"UNLocationCode": "CNQZH"},
        "documentReferences": [{"documentReferenceType": "BKG", "documentReferenceValue": booking}],
    }


def _stored(response: Any) -> bool:
    return bool(response.status_code == 200 and response.json()["stored"] == 1)


def _write_event(c: Cell) -> bool:
    booking = c.booking()
    event = customs_release(booking) if c.who == "customs" and c.own else arrival(booking)
    return _stored(c.call("POST", "/events", json=[event]))


def _read_event(c: Cell) -> bool:
    booking = c.booking()
    event = arrival(booking)
    assert _stored(c.call("POST", "/events", "admin", json=[event]))
    found = c.call("GET", "/events", params={"carrierBookingReference": booking})
    return found.status_code == 200 and event["eventID"] in {e["eventID"] for e in found.json()}


def _subscription(c: Cell) -> bool:
    made = Subscription(id=str(uuid.uuid4()), organisation_id=c.org(),
                        callback_url="https://hooks.example.com/x", secret="s", filters={},
                        created_at=dt.datetime.now(dt.UTC))  # fmt: skip
    with c.world.platform.uow() as uow:
        uow.subscriptions.add(made)
    return bool(c.call("GET", f"/event-subscriptions/{made.id}").status_code == 200)


def _lodge(c: Cell) -> bool:
    booking = OWN_TRAIN if c.own else OTHER_TRAIN
    made = c.call("POST", "/bookings", "exporter" if c.own else "importer", json={
        "legs": [{"departure_id": booking[0], "from": booking[1], "to": booking[2]}], "teu": 1})  # fmt: skip
    body = declaration_body(made.json()["id"])
    return bool(c.call("POST", "/declarations", json=body).status_code == 201)


def _cargo_request(c: Cell) -> str:
    body = {"origin": "CNCQI", "destination": "CNLAZ", "teu": 1, "ready": "2026-12-03T08:00:00",
            "due": "2026-12-20T08:00:00"}  # fmt: skip
    made = c.call("POST", "/cargo-requests", "exporter" if c.own else "importer", json=body)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _read_cargo(c: Cell) -> bool:
    wanted = _cargo_request(c)
    found = c.call("GET", "/cargo-requests", params={"limit": 500})
    return found.status_code == 200 and wanted in {r["id"] for r in found.json()["data"]}


def _run(c: Cell) -> bool:
    """The column's run over one request that Yuxinou's train serves (own) or that only the
    corridor company's train serves (other's): is it booked?"""
    before = {r["id"] for r in c.call("GET", "/cargo-requests", "admin", params={"limit": 500,
              "status": "pending"}).json()["data"]}  # fmt: skip
    for request in before:  # earlier cells' requests are not this cell's business
        c.call("POST", f"/cargo-requests/{request}/cancel", "admin")
    body = {"origin": "CNCQI-TJC", "destination": "CNLAZ" if c.own else "CNQZH", "teu": 1,
            "ready": "2026-12-03T08:00:00", "due": "2026-12-20T08:00:00"}  # fmt: skip
    made = c.call("POST", "/cargo-requests", "exporter", json=body).json()["id"]
    run = c.call("POST", "/consolidation/runs", json={"method": "greedy", "apply": True})
    if run.status_code == 403:
        return False
    assert run.status_code == 202, run.text
    Workers(c.world.platform, concurrency=1).run(once=True)  # the embedded app runs no workers
    result = c.call("GET", f"/consolidation/runs/{run.json()['id']}").json()
    assert result["status"] == "done", result
    status = c.call("GET", "/cargo-requests", "exporter", params={"limit": 500}).json()["data"]
    return any(r["id"] == made and r["status"] == "booked" for r in status)


def _read_run(c: Cell) -> bool:
    run_id = str(uuid.uuid4())
    with c.world.platform.uow() as uow:  # a run of the organisation, whatever its role
        uow.consolidation_runs.add(run_id, c.org(), {})
    return bool(c.call("GET", f"/consolidation/runs/{run_id}").status_code == 200)


TINY_SCENARIO = """
[baseline]
start = 2026-12-01
days = 2
stochastic = false
[[baseline.lanes]]
origin = "CNCQI-TJC"
destination = "CNQZH"
teu_per_year = 3650
"""


def _run_simulation(c: Cell) -> bool:
    made = c.call("POST", "/simulations", json={"scenario": TINY_SCENARIO, "replications": 1})
    assert made.status_code in (202, 403), made.text
    return bool(made.status_code == 202)


def _read_simulation(c: Cell) -> bool:
    simulation_id = str(uuid.uuid4())
    with c.world.platform.uow() as uow:  # a simulation of the organisation, whatever its role
        jobs.submit(uow, "simulation.run", {}, organisation_id=c.org(), job_id=simulation_id)
    return bool(c.call("GET", f"/simulations/{simulation_id}").status_code == 200)


def _capacity(c: Cell) -> bool:
    departure = (OWN_TRAIN if c.own else OTHER_TRAIN)[0]
    now = c.call("GET", f"/departures/{departure}").json()["capacity_teu"]
    changed = c.call("PATCH", f"/departures/{departure}", json={"capacity_teu": now})
    return bool(changed.status_code == 200)


def _withdraw(c: Cell) -> bool:
    """Withdraw the column's train from a day far beyond every run the tests use."""
    service = (OWN_TRAIN if c.own else OTHER_TRAIN)[0].rsplit("-", 2)[0]
    done = c.call("DELETE", f"/services/{service}", params={"from": "2099-01-01"})
    assert done.status_code in (200, 403, 404), done.text
    return bool(done.status_code == 200)


def _add_place(c: Cell) -> bool:
    place = {"locode": "CNZZZ", "name": {"en": "Probe", "zh": "探针"}, "country": "CN",
             "timezone": "Asia/Shanghai", "kinds": ["city"],
             "coordinates": {"lat": 30.0, "lon": 110.0, "estimate": "a probe of the rules only"}}  # fmt: skip
    done = c.call("POST", "/places", json=place)
    assert done.status_code in (201, 403, 422), done.text
    return done.status_code == 201 or "already in the network" in done.text


def _load_rates(c: Cell) -> bool:
    """A rate of a far-off day (nothing quotes with it)."""
    body = {"rates": [{"base": "EUR", "quote": "USD", "rate": "1.1", "date": "2099-01-01",
                       "source": "probe"}]}  # fmt: skip
    done = c.call("POST", "/rates", json=body)
    assert done.status_code in (201, 403), done.text
    return bool(done.status_code == 201)


def _close_place(c: Cell) -> bool:
    """A closure of a place far beyond the world's departures, lifted at once."""
    body = {"subject": "place", "code": "THBKK", "from": "2099-01-01", "to": "2099-01-02",
            "reason_en": "probe", "reason_zh": "探测"}  # fmt: skip
    made = c.call("POST", "/closures", json=body)
    if made.status_code != 201:
        assert made.status_code == 403, made.text
        return False
    assert c.call("DELETE", f"/closures/{made.json()['id']}").status_code == 204
    return True


PROBES: dict[Action, Callable[[Cell], bool]] = {
    Action.BOOK: lambda c: (
        c.call(
            "POST",
            "/bookings",
            json={
                "legs": [
                    {"departure_id": OTHER_TRAIN[0], "from": OTHER_TRAIN[1], "to": OTHER_TRAIN[2]}
                ],
                "teu": 1,
            },
        ).status_code
        == 201
    ),
    Action.READ_BOOKING: lambda c: c.call("GET", f"/bookings/{c.booking()}").status_code == 200,
    Action.CANCEL_BOOKING: lambda c: (
        c.call("POST", f"/bookings/{c.booking()}/cancel").status_code == 200
    ),
    Action.MANAGE_DEPARTURE: _capacity,
    Action.CLOSE_PLACE: _close_place,
    Action.WRITE_EVENT: _write_event,
    Action.READ_EVENT: _read_event,
    Action.MANAGE_SUBSCRIPTION: _subscription,
    Action.LODGE_DECLARATION: _lodge,
    Action.READ_DECLARATION: lambda c: (
        c.call("GET", f"/declarations/{c.declaration()}").status_code == 200
    ),
    Action.DECIDE_DECLARATION: lambda c: (
        c.call(
            "POST",
            f"/declarations/{c.declaration()}/decision",
            json={"decision": "inspect", "reason": "x-ray"},
        ).status_code
        == 200
    ),
    Action.REQUEST_CARGO: lambda c: (
        c.call(
            "POST",
            "/cargo-requests",
            json={
                "origin": "CNCQI",
                "destination": "CNQZH",
                "teu": 1,
                "ready": "2026-12-03T08:00:00",
                "due": "2026-12-20T08:00:00",
            },
        ).status_code
        == 201
    ),
    Action.READ_CARGO_REQUESTS: _read_cargo,
    Action.CANCEL_CARGO_REQUEST: lambda c: (
        c.call("POST", f"/cargo-requests/{_cargo_request(c)}/cancel").status_code == 200
    ),
    Action.RUN_CONSOLIDATION: _run,
    Action.READ_RUN: _read_run,
    Action.RUN_SIMULATION: _run_simulation,
    Action.READ_SIMULATION: _read_simulation,
    Action.MANAGE_ORGANISATIONS: lambda c: (
        c.call(
            "POST", "/organisations", json={"name": f"org {uuid.uuid4()}", "role": "shipper"}
        ).status_code
        == 201
    ),
    Action.READ_ORGANISATION: lambda c: (
        c.call("GET", f"/organisations/{c.org()}").status_code == 200
    ),
    Action.MANAGE_KEYS: lambda c: (
        c.call("GET", f"/organisations/{c.org()}/keys").status_code == 200
    ),
    Action.MANAGE_SERVICE: _withdraw,
    Action.ADD_PLACE: _add_place,
    Action.READ_RATES: lambda c: c.call("GET", "/rates").status_code == 200,
    Action.LOAD_RATES: _load_rates,
}

PROBES.update(DOCUMENT_PROBES)
PROBES.update(INVOICE_PROBES)

PLAYERS = {"shipper": "exporter", "operator": "yuxinou", "customs": "customs", "admin": "admin",
           "bank": "bank"}  # fmt: skip


@pytest.mark.parametrize(("action", "column", "value"), docs_cells())
def test_cell_through_http(
    shared: tuple[World, TestClient], action: str, column: str, value: str
) -> None:
    world, client = shared
    who = PLAYERS[column.split(" ")[0]]
    if column == "operator (own)":
        checks = {True: value == "yes"}
    elif column == "operator (other's)":
        checks = {False: value == "yes"}
    else:
        checks = {True: value in ("yes", "own"), False: value == "yes"}
    probe = PROBES[Action(action)]
    assert {own: probe(Cell(world, client, who, own)) for own in checks} == checks


def test_every_action_is_probed() -> None:
    assert set(PROBES) == set(Action)


# -- the attacks of issue 10 ----------------------------------------------------------------------


def _booking(client: TestClient, world: World, who: str, train: tuple[str, str, str]) -> str:
    departure, origin, destination = train
    made = client.post("/api/v1/bookings", headers=world.headers(who), json={
        "legs": [{"departure_id": departure, "from": origin, "to": destination}], "teu": 1})  # fmt: skip
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def test_an_operator_cannot_move_another_operators_booking(
    client: TestClient, world: World
) -> None:
    """Item 3: yuxinou posted an ARRI for the importer's booking on the corridor company's
    train; it was stored and moved that booking's ETA."""
    theirs = _booking(client, world, "importer", OTHER_TRAIN)
    before = client.get(f"/api/v1/bookings/{theirs}/timeline", headers=world.headers("importer"))
    late = arrival(theirs)
    late["eventDateTime"] = "2026-12-20T10:00:00+08:00"
    report = client.post("/api/v1/events", json=[late], headers=world.headers("yuxinou")).json()
    assert report["stored"] == 0
    assert report["rejected"] == [{
        "index": 0, "field": "carrierBookingReference", "value": theirs,
        "reason": "not on a service that operator 'yuxinou' operates"}]  # fmt: skip
    after = client.get(f"/api/v1/bookings/{theirs}/timeline", headers=world.headers("importer"))
    assert after.json()["eta"] == before.json()["eta"]


def test_operator_events_must_name_something_of_theirs(client: TestClient, world: World) -> None:
    mine = _booking(client, world, "exporter", OWN_TRAIN)
    events = [
        arrival(mine),
        arrival("no-such-booking"),
        {**arrival(mine), "documentReferences": []},  # names nothing
        arrival(mine, carrierServiceCode="SR-CQ-QZH"),  # another operator's service
        arrival(mine, exportVoyageNumber=OTHER_TRAIN[0]),  # another operator's departure
        arrival(mine, carrierServiceCode="CRE-CQ-DUI", exportVoyageNumber=OWN_TRAIN[0]),
        customs_release(mine),  # a customs event of its own booking: the operator may
    ]
    report = client.post("/api/v1/events", json=events, headers=world.headers("yuxinou")).json()
    assert report["stored"] == 3
    assert [(r["index"], r["field"], r["value"]) for r in report["rejected"]] == [
        (1, "carrierBookingReference", "no-such-booking"),
        (2, "carrierBookingReference", None),
        (3, "transportCall.carrierServiceCode", "SR-CQ-QZH"),
        (4, "transportCall.voyage (a departure id)", OTHER_TRAIN[0]),
    ]


def test_updates_and_retractions_of_others_events_are_refused(
    client: TestClient, world: World
) -> None:
    theirs = _booking(client, world, "importer", OTHER_TRAIN)
    original = {
        "eventID": "their-event", "eventDateTime": "2026-12-08T10:00:00Z",
        "eventUpdatedDateTime": "2026-12-08T10:00:00Z",
        "eventLocation": {"UNLocationCode": "CNQZH"},
        "eventClassification": {"eventTypeCode": "TRANSPORT", "eventClassifierCode": "ACT",
                                "transportEventTypeCode": "ARRI"},
        "shipmentDetails": {"documentReference": {"typeCode": "BKG", "reference": theirs}},
    }  # fmt: skip
    assert client.post("/api/v1/events", json={"events": [original]},
                       headers=world.headers("operator")).json()["stored"] == 1  # fmt: skip
    mine = _booking(client, world, "exporter", OWN_TRAIN)
    hijack = {**original, "eventUpdatedDateTime": "2026-12-09T10:00:00Z",
              "shipmentDetails": {"documentReference": {"typeCode": "BKG", "reference": mine}}}  # fmt: skip
    report = client.post("/api/v1/events", json={"events": [hijack]},
                         headers=world.headers("yuxinou")).json()  # fmt: skip
    assert report["superseded"] == 0 and report["rejected"][0]["value"] == theirs
    retraction = {"metadata": {"eventID": "r-1", "retractedEventID": "their-event"}}
    report = client.post("/api/v1/events", json=[retraction], headers=world.headers("yuxinou"))
    assert report.json()["retracted"] == 0 and report.json()["rejected"][0]["value"] == theirs


def test_an_operator_reads_only_its_bookings_events(client: TestClient, world: World) -> None:
    """Item 3: the same operator read every event on the platform."""
    mine = _booking(client, world, "exporter", OWN_TRAIN)
    theirs = _booking(client, world, "importer", OTHER_TRAIN)
    stored = client.post("/api/v1/events", json=[arrival(mine), arrival(theirs)],
                         headers=world.headers("admin")).json()  # fmt: skip
    assert stored["stored"] == 2

    def seen(who: str) -> set[str]:
        found = client.get("/api/v1/events", headers=world.headers(who)).json()
        return {e["documentReferences"][0]["documentReferenceValue"] for e in found}

    assert seen("yuxinou") == {mine}
    assert seen("operator") == seen("customs") == seen("admin") == {mine, theirs}
    assert seen("exporter") == {mine}


def test_customs_write_only_customs_events(client: TestClient, world: World) -> None:
    booking = _booking(client, world, "exporter", OTHER_TRAIN)
    report = client.post("/api/v1/events", json=[customs_release(booking), arrival(booking)],
                         headers=world.headers("customs")).json()  # fmt: skip
    assert report["stored"] == 1
    assert [(r["index"], r["field"], r["value"]) for r in report["rejected"]] == [
        (1, "transportEventTypeCode", "ARRI")
    ]


def test_an_operators_run_books_only_its_own_departures(client: TestClient, world: World) -> None:
    """Item 4: yuxinou's run with apply booked the corridor company's departures for shippers."""
    for destination in ("CNQZH", "CNLAZ"):
        made = client.post("/api/v1/cargo-requests", headers=world.headers("importer"), json={
            "origin": "CNCQI-TJC", "destination": destination, "teu": 2,
            "ready": "2026-12-03T08:00:00", "due": "2026-12-20T08:00:00"})  # fmt: skip
        assert made.status_code == 201, made.text
    run = client.post("/api/v1/consolidation/runs", headers=world.headers("yuxinou"),
                      json={"method": "greedy", "apply": True}).json()  # fmt: skip
    Workers(world.platform, concurrency=1).run(once=True)
    result = client.get(f"/api/v1/consolidation/runs/{run['id']}",
                        headers=world.headers("yuxinou")).json()  # fmt: skip
    assert result["status"] == "done", result
    booked = [
        leg["service_id"]
        for b in client.get("/api/v1/bookings", headers=world.headers("admin")).json()["data"]
        for leg in b["legs"]
    ]
    assert booked and set(booked) == {"CRE-CQ-DUI"}
    assert [u["request_id"] for u in result["result"]["unassigned"]] != []


def test_apply_refuses_an_assignment_onto_anothers_departure(world: World) -> None:
    """Defence in depth: even a document naming another operator's departure is not booked."""
    platform = world.platform
    yuxinou = accounts.organisation(platform, world.ids["yuxinou"])
    admin = accounts.organisation(platform, world.ids["admin"])
    request = consolidation.create_request(platform, accounts.organisation(
        platform, world.ids["importer"]), consolidation.NewCargoRequest(origin="CNCQI-TJC",
        destination="CNQZH", teu=1, ready="2026-12-03T08:00:00", due="2026-12-20T08:00:00"))  # fmt: skip
    options = consolidation.ConsolidationOptions(method="greedy")
    result = consolidation.consolidate(platform, [request], options, principal=admin)
    assert result.assignments
    with pytest.raises(PermissionError, match="operator 'yuxinou' may not run consolidation"):
        consolidation.apply_result(platform, yuxinou, [request], result)
