"""The server stores the departures of the rolling horizon when it starts, safely in parallel."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from landsea.api.app import create_app
from landsea.config import Settings
from landsea.persistence.migrate import upgrade
from landsea.services.departures import sync_departures
from tests.api.conftest import World


def test_the_app_stores_departures_when_it_starts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    with TestClient(create_app(Settings(database_url=url, departure_horizon_days=14))) as client:
        platform = client.app.state.platform  # type: ignore[attr-defined]
        with platform.database.engine.connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM departures")).scalar_one()
    assert stored > 100


def test_parallel_syncs_neither_fail_nor_duplicate(world: World) -> None:
    platform = world.platform
    with platform.database.engine.connect() as connection:
        before = connection.execute(text("SELECT count(*) FROM departures")).scalar_one()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: sync_departures(platform), range(4)))
    with platform.database.engine.connect() as connection:
        after = connection.execute(text("SELECT count(*) FROM departures")).scalar_one()
        ids = connection.execute(text("SELECT count(DISTINCT id) FROM departures")).scalar_one()
    assert after >= before and ids == after
