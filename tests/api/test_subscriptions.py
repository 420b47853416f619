"""Event subscriptions: a real local receiver, HMAC signatures, redelivery, tenancy, ETA notices."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landsea.cli.main import app
from landsea.domain.webhook_target import TargetPolicy
from landsea.services import subscriptions
from tests.api.conftest import World
from tests.api.test_timeline import _book, _transport

SECRET = base64.b64encode(b"a shared secret of 32 bytes long").decode()


class Receiver:
    """An HTTP server on a free local port that fails the first ``failures`` requests with 503
    and records every request it gets (headers and raw body)."""

    def __init__(self) -> None:
        self.failures = 0
        self.received: list[tuple[dict[str, str], bytes, int]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = 503 if receiver.failures > 0 else 204
                receiver.failures -= 1
                receiver.received.append((dict(self.headers), body, status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/landsea"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def accepted(self) -> list[list[dict[str, Any]]]:
        return [json.loads(body) for _, body, status in self.received if status == 204]


@pytest.fixture(autouse=True)
def local_receivers(world: World) -> None:
    """These tests' receivers listen on 127.0.0.1 over plain http: allowed for development."""
    world.platform.webhook_policy = TargetPolicy(allow_http=True, allow_loopback=True)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def _equipment(event_id: str, code: str, container: str, booking: str | None = None) -> Any:
    event: dict[str, Any] = {
        "eventID": event_id,
        "eventType": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": "2026-12-07T03:00:00+08:00",
        "equipmentEventTypeCode": code,
        "equipmentReference": container,
        "emptyIndicatorCode": "LADEN",
        "eventLocation": {"UNLocationCode": "CNCKG"},
    }
    if booking:
        event["documentReferences"] = [
            {"documentReferenceType": "BKG", "documentReferenceValue": booking}
        ]
    return event


def _subscribe(client: TestClient, world: World, who: str, **body: Any) -> Any:
    response = client.post(
        "/api/v1/event-subscriptions",
        json={"secret": SECRET, **body},
        headers=world.headers(who),
    )
    assert response.status_code == 201, response.text
    return response.json()


def _post_events(client: TestClient, world: World, events: list[Any]) -> Any:
    response = client.post("/api/v1/events", json=events, headers=world.headers("operator"))
    assert response.status_code == 200, response.text
    return response.json()


def test_signed_delivery_and_redelivery_after_the_receiver_fails(
    client: TestClient, world: World, receiver: Receiver
) -> None:
    created = _subscribe(client, world, "operator", callbackUrl=receiver.url, eventType="EQUIPMENT")
    assert created["eventType"] == ["EQUIPMENT"] and "secret" not in created
    _post_events(
        client,
        world,
        [
            _equipment("e1", "LOAD", "MSCU6639870"),
            _transport("t1", "DEPA", "CNCKG", "2026-12-07T02:00:00Z", "BKG-1"),  # filtered out
        ],
    )
    receiver.failures = 2
    start = dt.datetime.now(dt.UTC)
    report = subscriptions.deliver(world.platform, now=start)
    assert (report.delivered, report.retried) == (0, 1)
    # Not due again before its backoff (5 s × 2¹) runs out …
    assert subscriptions.deliver(world.platform, now=start + dt.timedelta(seconds=9)).sent == 0
    report = subscriptions.deliver(world.platform, now=start + dt.timedelta(seconds=11))
    assert report.retried == 1  # … the second try fails too: the next wait doubles (20 s)
    assert subscriptions.deliver(world.platform, now=start + dt.timedelta(seconds=30)).sent == 0
    report = subscriptions.deliver(world.platform, now=start + dt.timedelta(seconds=32))
    assert report.delivered == 1
    assert subscriptions.deliver(world.platform, now=start + dt.timedelta(hours=2)).sent == 0

    assert [status for _, _, status in receiver.received] == [503, 503, 204]
    bodies = {body for _, body, _ in receiver.received}
    assert len(bodies) == 1  # the same notification each time
    for headers, body, _ in receiver.received:
        expected = hmac.new(base64.b64decode(SECRET), body, hashlib.sha256).hexdigest()
        assert headers["Notification-Signature"] == f"sha256={expected}"
        assert headers["Subscription-ID"] == created["subscriptionID"]
    [events] = receiver.accepted()
    assert [e["eventID"] for e in events] == ["e1"]
    assert events[0]["equipmentReference"] == "MSCU6639870"

    status = client.get(
        f"/api/v1/event-subscriptions/{created['subscriptionID']}",
        headers=world.headers("operator"),
    ).json()
    assert status["deliveries"]["delivered"] == 1 and status["deliveries"]["pending"] == 0
    assert status["deliveries"]["latest"][0]["attempts"] == 3


def test_a_receiver_that_never_answers_is_given_up_after_the_last_attempt(
    client: TestClient, world: World
) -> None:
    created = _subscribe(client, world, "operator", callbackUrl="http://127.0.0.1:9/closed")
    _post_events(client, world, [_equipment("e1", "LOAD", "MSCU6639870")])
    moment = dt.datetime.now(dt.UTC)
    reports = []
    for _ in range(subscriptions.MAX_ATTEMPTS):
        reports.append(subscriptions.deliver(world.platform, now=moment))
        moment += dt.timedelta(seconds=subscriptions.MAX_DELAY_S + 1)
    assert sum(r.retried for r in reports) == subscriptions.MAX_ATTEMPTS - 1
    assert reports[-1].failed == 1
    deliveries = client.get(
        f"/api/v1/event-subscriptions/{created['subscriptionID']}",
        headers=world.headers("operator"),
    ).json()["deliveries"]
    assert deliveries["failed"] == 1 and deliveries["pending"] == 0
    assert deliveries["latest"][0]["last_error"] == "connect_failed"


def test_a_shipper_is_sent_only_its_own_bookings_events(
    client: TestClient, world: World, receiver: Receiver
) -> None:
    booking = _book(client, world)
    _subscribe(client, world, "exporter", callbackUrl=receiver.url)
    _subscribe(client, world, "importer", callbackUrl=receiver.url + "/importer")
    _post_events(
        client,
        world,
        [
            _equipment("mine", "GTIN", "MSCU6639870", booking),
            _equipment("theirs", "GTIN", "CSQU3054383", "someone-else"),
        ],
    )
    subscriptions.deliver(world.platform)
    assert [[e["eventID"] for e in events] for events in receiver.accepted()] == [["mine"]]
    paths = [headers for headers, _, _ in receiver.received]
    assert len(paths) == 1


def test_subscriptions_are_per_organisation_and_bad_input_names_the_field(
    client: TestClient, world: World, receiver: Receiver
) -> None:
    created = _subscribe(
        client,
        world,
        "exporter",
        callbackUrl=receiver.url,
        UNLocationCode=["CNQZH", "SGSIN"],
        eventType="TRANSPORT,EQUIPMENT",
    )
    sid = created["subscriptionID"]
    assert created["eventType"] == ["TRANSPORT", "EQUIPMENT"]
    listed = client.get("/api/v1/event-subscriptions", headers=world.headers("exporter")).json()
    assert [s["subscriptionID"] for s in listed] == [sid]
    assert client.get("/api/v1/event-subscriptions", headers=world.headers("importer")).json() == []
    assert (
        client.get(f"/api/v1/event-subscriptions/{sid}", headers=world.headers("importer"))
    ).status_code == 404
    assert (
        client.delete(f"/api/v1/event-subscriptions/{sid}", headers=world.headers("importer"))
    ).status_code == 404
    for body, field in (
        ({"callbackUrl": "ftp://example.com/x", "secret": SECRET}, "callbackUrl"),
        ({"callbackUrl": receiver.url, "secret": "not base64!"}, "secret"),
        ({"callbackUrl": receiver.url, "secret": base64.b64encode(b"short").decode()}, "secret"),
        ({"callbackUrl": receiver.url, "secret": SECRET, "eventType": "IOT"}, "eventType"),
        ({"callbackUrl": receiver.url, "secret": SECRET, "vesselIMO": "1"}, "vesselIMO"),
    ):
        response = client.post(
            "/api/v1/event-subscriptions", json=body, headers=world.headers("exporter")
        )
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in response.text
    assert client.post("/api/v1/event-subscriptions", json={}).status_code == 401
    response = client.delete(
        f"/api/v1/event-subscriptions/{sid}", headers=world.headers("exporter")
    )
    assert response.status_code == 204
    assert client.get("/api/v1/event-subscriptions", headers=world.headers("exporter")).json() == []


def test_an_eta_that_moves_beyond_the_threshold_is_announced(
    client: TestClient, world: World, receiver: Receiver
) -> None:
    booking = _book(client, world)
    _subscribe(client, world, "exporter", callbackUrl=receiver.url, eventType="TRANSPORT")
    # An hour late out of Chongqing: the ship still holds, the ETA does not move: no notice.
    report = _post_events(
        client, world, [_transport("d1", "DEPA", "CNCQI", "2026-12-07T02:00:00Z", booking)]
    )
    assert report["eta_announced"] == 0
    # Into Qinzhou on Thursday afternoon: the Friday ship is missed, the ETA moves by days.
    report = _post_events(
        client, world, [_transport("a1", "ARRI", "CNQZH", "2026-12-10T07:00:00Z", booking)]
    )
    assert report["eta_announced"] == 1
    timeline = client.get(
        f"/api/v1/bookings/{booking}/timeline", headers=world.headers("exporter")
    ).json()
    eta = dt.datetime.fromisoformat(timeline["eta"])
    assert dt.datetime.fromisoformat(timeline["announced_eta"]) == eta
    assert eta > dt.datetime.fromisoformat(timeline["planned_arrival"])
    # The same news again moves nothing: no second notice.
    report = _post_events(
        client, world, [_transport("a1-again", "ARRI", "CNQZH", "2026-12-10T07:00:00Z", booking)]
    )
    assert report["eta_announced"] == 0

    subscriptions.deliver(world.platform)
    delivered = [e for events in receiver.accepted() for e in events]
    notices = [e for e in delivered if e["eventID"].startswith("landsea-eta-")]
    assert len(notices) == 1
    notice = notices[0]
    assert notice["eventClassifierCode"] == "EST" and notice["transportEventTypeCode"] == "ARRI"
    assert notice["transportCall"]["UNLocationCode"] == "SGSIN"
    assert dt.datetime.fromisoformat(notice["eventDateTime"]) == dt.datetime.fromisoformat(
        timeline["eta"]
    )
    assert "missed connection at CNQZH" in notice["changeRemark"]
    assert {"d1", "a1", "a1-again"} <= {e["eventID"] for e in delivered}


def test_the_servers_deliverer_sends_in_the_background(
    client: TestClient, world: World, receiver: Receiver
) -> None:
    _subscribe(client, world, "operator", callbackUrl=receiver.url)
    deliverer = subscriptions.Deliverer(world.platform, interval=0.05)
    deliverer.start()
    try:
        _post_events(client, world, [_equipment("e1", "LOAD", "MSCU6639870")])
        deadline = time.monotonic() + 20
        while not receiver.accepted() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        deliverer.stop()
    assert [[e["eventID"] for e in events] for events in receiver.accepted()] == [["e1"]]


def test_track_deliver_sends_what_is_due(
    client: TestClient, world: World, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    _subscribe(client, world, "operator", callbackUrl=receiver.url)
    _post_events(client, world, [_equipment("e1", "LOAD", "MSCU6639870")])
    monkeypatch.setenv("LANDSEA_DATABASE_URL", world.platform.database_url)
    monkeypatch.setenv("LANDSEA_WEBHOOK_ALLOW_HTTP", "true")
    monkeypatch.setenv("LANDSEA_WEBHOOK_ALLOW_LOOPBACK", "true")
    result = CliRunner().invoke(app, ["track", "deliver", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"delivered": 1, "retried": 0, "failed": 0}
    assert [[e["eventID"] for e in events] for events in receiver.accepted()] == [["e1"]]
    again = CliRunner().invoke(app, ["track", "deliver"])
    assert again.stdout.strip() == "0 delivered, 0 to try again, 0 given up"
