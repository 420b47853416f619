"""Fixtures of the platform tests: a database (SQLite and PostgreSQL), organisations, keys."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from landsea.api.app import create_app
from landsea.services import accounts, departures
from landsea.services.platform import Platform, open_platform

START = dt.date(2026, 12, 1)


def _database(kind: str, tmp_path: Path, server: str | None) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'landsea.db'}"
    if server is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "PostgreSQL is needed under CI=true: make test installs it (initdb not found)"
            )
        pytest.skip("PostgreSQL (initdb) is not installed; make test installs it")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + f"/{name}"


@dataclass
class World:
    platform: Platform
    keys: dict[str, str]
    ids: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}


@pytest.fixture(params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_server: str | None
) -> Iterator[World]:
    url = _database(request.param, tmp_path, postgres_server)
    platform = open_platform(url, migrate=True, departure_horizon_days=60)
    departures.sync_departures(platform, start=START)
    keys, ids = {}, {}
    for who, role, operates in (
        ("exporter", "shipper", None),
        ("importer", "shipper", None),
        ("operator", "operator", None),
        ("yuxinou", "operator", "Yuxinou"),
        ("customs", "customs", None),
        ("admin", "admin", None),
    ):
        created = accounts.create_organisation(platform, who, role, operator_match=operates)
        keys[who], _ = accounts.create_key(platform, who)
        ids[who] = created.organisation_id
    try:
        yield World(platform=platform, keys=keys, ids=ids)
    finally:
        platform.dispose()


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(platform=world.platform)) as test_client:
        yield test_client
