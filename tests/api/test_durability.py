"""Acknowledged events survive a crash: kill the server (SIGKILL) during a bulk load, restart it,
and every event of an acknowledged batch is there, while the batch in flight is all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from landsea.services import accounts
from landsea.services.platform import open_platform
from tests.fixtures import arrival_event
from tests.fixtures.db import new_database
from tests.servers import free_port, wait_until_listening

BATCH = 100
ACKNOWLEDGED = 5
"""The server is killed once this many batches were acknowledged, while the next one is sent."""


def _batch(n: int) -> dict[str, Any]:
    return {"events": [arrival_event(f"crash-{n}-{k}") for k in range(BATCH)]}


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "landsea", "serve", "--port", str(port)],
        env={**os.environ, "LANDSEA_DATABASE_URL": url, "LANDSEA_DEPARTURE_HORIZON_DAYS": "3"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, server)
    except AssertionError:
        server.kill()
        raise
    return server


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_kill_during_bulk_load(kind: str, tmp_path: Path, postgres_server: str | None) -> None:
    url = new_database(kind, tmp_path, postgres_server)
    platform = open_platform(url, migrate=True, departure_horizon_days=3)
    accounts.create_organisation(platform, "terminal", "operator")
    key, _ = accounts.create_key(platform, "terminal")
    headers = {"Authorization": f"Bearer {key}"}
    port = free_port()
    server = _serve(url, port)
    acknowledged: list[int] = []
    sent: list[int] = []
    stop = threading.Event()

    def load() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            n = 0
            while not stop.is_set():
                sent.append(n)
                try:
                    response = client.post("/api/v1/events", json=_batch(n), headers=headers)
                except httpx.HTTPError:
                    return
                if response.status_code == 200 and response.json()["stored"] == BATCH:
                    acknowledged.append(n)
                n += 1

    loader = threading.Thread(target=load)
    loader.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < ACKNOWLEDGED and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(server.pid, signal.SIGKILL)  # no shutdown, no flush: a crash
    server.wait(timeout=30)
    stop.set()
    loader.join(timeout=30)
    assert len(acknowledged) >= ACKNOWLEDGED

    restarted = _serve(url, port)
    try:
        with platform.database.engine.connect() as connection:
            for n in sent:
                count = connection.execute(
                    text("SELECT count(*) FROM tracking_events WHERE event_id LIKE :p"),
                    {"p": f"crash-{n}-%"},
                ).scalar_one()
                if n in acknowledged:
                    assert count == BATCH, f"acknowledged batch {n} lost events: {count} of {BATCH}"
                else:
                    assert count in (0, BATCH), f"batch {n} was half-stored: {count} of {BATCH}"
        response = httpx.get(  # a cold server's first answer: seconds on a busy machine
            f"http://127.0.0.1:{port}/api/v1/events",
            params={"limit": 1},
            headers=headers,
            timeout=60,
        )
        assert response.status_code == 200
    finally:
        restarted.terminate()
        restarted.wait(timeout=30)
        platform.dispose()
