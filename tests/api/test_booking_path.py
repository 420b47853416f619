"""The booking route's own cost (issue 15, item 6): its dependencies and its response run on the
event loop and the booking itself in the thread pool — one hand-over a request, not one for each
plain-function dependency, the route and the response's validation (both databases)."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from landsea.services.platform import Platform
from tests.api.conftest import World

TRAIN = "SR-CQ-QZH-20261207-0900"
BODY = {"legs": [{"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"}], "teu": 1}


def _count_hand_overs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The functions handed to the thread pool from now on."""
    handed: list[str] = []
    original = anyio.to_thread.run_sync

    async def counting(func: Any, *args: Any, **kwargs: Any) -> Any:
        handed.append(getattr(func, "func", func).__name__)
        return await original(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    return handed


@pytest.mark.parametrize(("fast", "booker"), [(True, "book_common"), (False, "create_booking")])
def test_a_booking_hands_over_to_the_thread_pool_once(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch, fast: bool, booker: str
) -> None:
    """Through the fast path (tests/api/test_booking_fast_path.py) or the route alone. The fast
    path on PostgreSQL books on the event loop: no hand-over (but the network's poll, if due)."""
    client.app.state.fast_bookings = fast  # type: ignore[attr-defined]
    headers = world.headers("exporter")
    assert client.get("/api/v1/bookings", headers=headers).status_code == 200  # key remembered
    handed = _count_hand_overs(monkeypatch)
    response = client.post("/api/v1/bookings", json=BODY, headers=headers)
    assert response.status_code == 201, response.text
    on_the_loop = fast and not world.platform.database.sqlite
    assert [name for name in handed if name != "poll_network"] == ([] if on_the_loop else [booker])
    assert response.headers["location"] == f"/api/v1/bookings/{response.json()['id']}"
    assert response.json()["legs"][0]["from"] == "CNCQI-TJC"


def test_a_key_not_remembered_is_checked_in_the_thread_pool(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first request of a key reads the database (off the event loop); an unknown key is
    refused as before."""
    handed = _count_hand_overs(monkeypatch)
    response = client.post("/api/v1/bookings", json=BODY, headers=world.headers("exporter"))
    assert response.status_code == 201, response.text
    assert handed == ["_caller", "create_booking"]
    refused = client.post(
        "/api/v1/bookings", json=BODY, headers={"Authorization": "Bearer lsk_nope_nope"}
    )
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"


def test_the_networks_poll_is_left_to_a_thread(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A booking through the fast path when the network's poll is due (a database read): on
    PostgreSQL the poll in the thread pool, the booking on the event loop; on SQLite both in
    the thread."""
    headers = world.headers("exporter")
    assert client.get("/api/v1/bookings", headers=headers).status_code == 200  # key remembered
    monkeypatch.setattr(Platform, "snapshot_at_hand", property(lambda _: False))
    handed = _count_hand_overs(monkeypatch)
    response = client.post("/api/v1/bookings", json=BODY, headers=headers)
    assert response.status_code == 201, response.text
    assert handed == (["book_common"] if world.platform.database.sqlite else ["poll_network"])
