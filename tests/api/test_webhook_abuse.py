"""Webhooks that cannot be abused: no callbacks into the platform's own network (SSRF, also by
DNS rebinding), no bad subscription that stops the others' deliveries, errors as categories.

Every request these tests make goes to 127.0.0.1; other answers come from a fake resolver.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.config import Settings
from landsea.domain.webhook_target import TargetPolicy
from landsea.services import subscriptions
from tests.api.conftest import World

SECRET = base64.b64encode(b"a shared secret of 32 bytes long").decode()
DEVELOPMENT = TargetPolicy(allow_http=True, allow_loopback=True)


class Hooks:
    """A local HTTP server that answers ``/status/<code>`` with that status (``Location``
    pointing at ``/moved`` for a 3xx) and anything else with 204, and records the paths and
    ``Host`` headers it is sent."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        hooks = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                hooks.requests.append((self.path, self.headers["Host"]))
                code = int(self.path.rsplit("/", 1)[1]) if "/status/" in self.path else 204
                self.send_response(code)
                if 300 <= code < 400:
                    self.send_header("Location", f"http://127.0.0.1:{hooks.port}/moved")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"


@pytest.fixture
def hooks() -> Iterator[Hooks]:
    server = Hooks()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _subscribe(client: TestClient, world: World, url: str, who: str = "exporter") -> Any:
    return client.post(
        "/api/v1/event-subscriptions",
        json={"callbackUrl": url, "secret": SECRET},
        headers=world.headers(who),
    )


def _refused(client: TestClient, world: World, urls: list[str], who: str = "exporter") -> None:
    for url in urls:
        response = _subscribe(client, world, url, who)
        assert response.status_code == 422, (who, url, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "callbackUrl" in response.text, url


def _stored(world: World, url: str, secret: str = SECRET) -> str:
    """A subscription stored as it was before callbacks were checked (none is accepted now), with
    a notification due."""
    subscription = subscriptions.Subscription(
        id=str(uuid.uuid4()),
        organisation_id=world.ids["importer"],
        callback_url=url,
        secret=secret,
        filters={},
        created_at=dt.datetime.now(dt.UTC),
    )
    with world.platform.uow() as uow:
        uow.subscriptions.add(subscription)
        uow.subscriptions.enqueue([(subscription.id, '[{"eventID": "e1"}]')], _START)
    return subscription.id


def _latest(world: World, subscription_id: str) -> list[dict[str, Any]]:
    with world.platform.uow(read_only=True) as uow:
        latest = uow.subscriptions.outbox(subscription_id).latest
    return [dataclasses.asdict(entry) for entry in latest]


_START = dt.datetime(2026, 12, 7, 8, tzinfo=dt.UTC)

SSRF = [
    "https://169.254.169.254/latest/meta-data/",
    "https://127.0.0.1:8080/admin",
    "https://10.0.0.1/",
    "https://172.16.5.4/",
    "https://192.168.0.1/",
    "https://100.64.0.1/",
    "https://0.0.0.0:5432/",
    "https://0x7f000001/",
    "https://2130706433/",
    "https://0177.0.0.1/",
    "https://127.1/",
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:a9fe:a9fe]/",
    "https://[64:ff9b::a00:1]/",
    "https://[2002:7f00:1::]/",
    "https://[fe80::1]/",
    "https://[fd00::1]/",
    "https://224.0.0.1/",
    "https://localhost/",
    "https://LOCALHOST./",
    "https://user:pass@hooks.example.test/",
    "http://hooks.example.test/",
]


def test_callbacks_into_the_platforms_network_are_refused_for_every_role(
    client: TestClient, world: World
) -> None:
    for who in ("exporter", "operator", "admin"):
        _refused(client, world, SSRF, who)
    listed = client.get("/api/v1/event-subscriptions", headers=world.headers("admin")).json()
    assert listed == []


def test_malformed_callbacks_are_refused_with_a_422_never_a_500(
    client: TestClient, world: World
) -> None:
    malformed = [
        "https://hooks.example.test/\x00x",
        "https://hooks.example.test:99999/",
        "https://hooks.example.test:0/",
        "http://[::1/x",
        "https://[::1/x",
        "https://hooks.example.test\\@127.0.0.1/",
        "https://hooks example.test/",
        "https://hooks.example.test/#x",
        "https:////",
    ]
    _refused(client, world, malformed)


def test_development_allows_http_to_loopback_but_never_other_private_addresses(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANDSEA_WEBHOOK_ALLOW_HTTP", "1")
    monkeypatch.setenv("LANDSEA_WEBHOOK_ALLOW_LOOPBACK", "1")
    assert Settings().webhook_policy() == DEVELOPMENT
    assert Settings(webhook_allow_http=False).webhook_policy() == TargetPolicy(allow_loopback=True)
    world.platform.webhook_policy = DEVELOPMENT
    for url in ("http://127.0.0.1:8080/h", "http://[::1]:8080/h", "http://localhost:8080/h"):
        assert _subscribe(client, world, url).status_code == 201, url
    private = ["http://10.0.0.1/", "http://169.254.169.254/", "http://0.0.0.0:80/", "http://[::]/"]
    _refused(client, world, [*private, "http://[fe80::1]/"])


def test_a_bad_subscription_never_stops_the_others_deliveries(world: World, hooks: Hooks) -> None:
    world.platform.webhook_policy = DEVELOPMENT
    good = _stored(world, hooks.url + "/good")
    invalid = [
        _stored(world, "http://127.0.0.1:99999/x"),
        _stored(world, "http://[::1/x"),
        _stored(world, "gopher://127.0.0.1:70/x"),
    ]
    if world.platform.sqlite:  # PostgreSQL stores no NUL character
        invalid.append(_stored(world, "http://127.0.0.1/\x00x"))
    # 0.0.0.0 reaches this machine: refused even where loopback is allowed.
    refused = _stored(world, f"http://0.0.0.0:{hooks.port}/scan")
    broken = _stored(world, hooks.url + "/broken", secret="not Base64!")

    report = subscriptions.deliver(world.platform, now=_START)

    assert report.delivered == 1
    assert hooks.requests == [("/good", f"127.0.0.1:{hooks.port}")]
    for subscription_id in invalid:
        [row] = _latest(world, subscription_id)
        assert (row["attempts"], row["last_error"]) == (1, "invalid_url")
        assert row["failed_at"] is not None  # it never will be readable: given up at once
    [row] = _latest(world, refused)
    assert (row["attempts"], row["last_error"], row["failed_at"]) == (1, "refused_address", None)
    [row] = _latest(world, broken)
    assert (row["attempts"], row["last_error"], row["failed_at"]) == (1, "internal_error", None)
    [row] = _latest(world, good)
    assert row["delivered_at"] is not None
    # Nothing stays leased: the rows tried again come back after their own backoff.
    later = subscriptions.deliver(world.platform, now=_START + dt.timedelta(seconds=11))
    assert (later.delivered, later.retried, later.failed) == (0, 2, 0)
    assert len(hooks.requests) == 1


def _resolver(monkeypatch: pytest.MonkeyPatch, host: str, answers: list[str]) -> Callable[[], int]:
    """Resolve ``host`` to each of ``answers`` in turn (the last one from then on); other names
    as before. Returns how many times ``host`` was resolved."""
    real = socket.getaddrinfo
    asked = []

    def getaddrinfo(name: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if name != host:
            return real(name, port, *args, **kwargs)
        asked.append(name)
        address = answers[min(len(asked), len(answers)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lambda: len(asked)


def test_dns_rebinding_is_caught_at_delivery(
    client: TestClient, world: World, hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.platform.webhook_policy = TargetPolicy(allow_http=True)
    asked = _resolver(monkeypatch, "hooks.example.test", ["93.184.215.14", "127.0.0.1"])
    url = f"http://hooks.example.test:{hooks.port}/rebound"
    created = _subscribe(client, world, url)
    assert created.status_code == 201, created.text  # a public address when subscribing …
    assert asked() == 1  # (and nothing is sent there: it is not loopback)
    subscription_id = created.json()["subscriptionID"]
    with world.platform.uow() as uow:
        uow.subscriptions.enqueue([(subscription_id, "[]")], _START)

    report = subscriptions.deliver(world.platform, now=_START)  # … loopback when delivering

    assert report.retried == 1 and hooks.requests == []
    [row] = _latest(world, subscription_id)
    assert row["last_error"] == "refused_address"
    assert asked() == 2


def test_the_connection_goes_to_the_address_that_was_checked(
    client: TestClient, world: World, hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A second resolution would answer 127.0.0.2, where nothing listens.
    world.platform.webhook_policy = DEVELOPMENT
    asked = _resolver(monkeypatch, "hooks.example.test", ["127.0.0.1", "127.0.0.1", "127.0.0.2"])
    created = _subscribe(client, world, f"http://hooks.example.test:{hooks.port}/pinned")
    assert created.status_code == 201, created.text
    subscription_id = created.json()["subscriptionID"]
    with world.platform.uow() as uow:
        uow.subscriptions.enqueue([(subscription_id, "[]")], _START)

    report = subscriptions.deliver(world.platform, now=_START)

    assert report.delivered == 1, _latest(world, subscription_id)
    assert hooks.requests == [("/pinned", f"hooks.example.test:{hooks.port}")]
    assert asked() == 2  # once when subscribing, once for the delivery


def test_delivery_errors_are_shown_as_categories_and_redirects_are_not_followed(
    world: World, hooks: Hooks
) -> None:
    world.platform.webhook_policy = DEVELOPMENT
    expected = {
        _stored(world, hooks.url + "/status/302"): "redirect",
        _stored(world, hooks.url + "/status/307"): "redirect",
        _stored(world, hooks.url + "/status/401"): "http_4xx",
        _stored(world, hooks.url + "/status/500"): "http_5xx",
        _stored(world, f"http://127.0.0.1:{_closed_port()}/"): "connect_failed",
        _stored(world, f"https://127.0.0.1:{hooks.port}/plain"): "tls_error",
    }

    report = subscriptions.deliver(world.platform, now=_START)

    assert report.retried == len(expected)
    assert {path for path, _ in hooks.requests} == {"/status/302", "/status/307", "/status/401", "/status/500"}  # fmt: skip
    for subscription_id, category in expected.items():
        [row] = _latest(world, subscription_id)
        assert row["last_error"] == category


def test_a_failing_callback_waits_with_its_failure_without_holding_up_others(
    world: World, hooks: Hooks
) -> None:
    world.platform.webhook_policy = DEVELOPMENT
    failing = _stored(world, hooks.url + "/status/503")
    good = _stored(world, hooks.url + "/good")
    with world.platform.uow() as uow:
        uow.subscriptions.enqueue([(failing, "[]"), (good, "[]")], _START)

    report = subscriptions.deliver(world.platform, now=_START)

    assert (report.delivered, report.retried, report.waiting) == (2, 1, 1)
    assert [path for path, _ in hooks.requests].count("/status/503") == 1
    second, first = _latest(world, failing)
    assert (first["attempts"], second["attempts"]) == (1, 0)
    assert second["next_attempt_at"] == first["next_attempt_at"]
    report = subscriptions.deliver(world.platform, now=_START + dt.timedelta(seconds=11))
    assert report.retried == 1  # the first is tried again; the second waits with it again
