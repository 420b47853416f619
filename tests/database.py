"""Databases for the tests: one migrated database of each kind per test run, and a platform on it
whose every unit of work is rolled back at the end of the test (SQLAlchemy's "Joining a Session
into an External Transaction" recipe), so that persistence and service tests start from the same
state and cost no migration each."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from landsea.persistence.database import Database
from landsea.services import departures
from landsea.services.network import load_network
from landsea.services.platform import Platform, open_platform

__all__ = ["START", "new_database", "rolled_back_platform", "seeded_database"]

START = dt.date(2026, 12, 1)
"""The first day of the departures the test databases hold (60 days of them)."""


def new_database(kind: str, folder: Path, server: str | None) -> str:
    """The URL of a new, empty database: a SQLite file in ``folder`` or a database on the test
    PostgreSQL ``server`` (skipped where PostgreSQL is missing, a failure under ``CI=true``)."""
    if kind == "sqlite":
        return f"sqlite:///{folder / f'landsea-{uuid.uuid4().hex[:8]}.db'}"
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


def seeded_database(kind: str, folder: Path, server: str | None) -> str:
    """A new database, migrated, with the built-in corridor's departures from :data:`START`."""
    url = new_database(kind, folder, server)
    platform = open_platform(url, migrate=True, departure_horizon_days=60)
    try:
        departures.sync_departures(platform, start=START)
    finally:
        platform.dispose()
    return url


@contextmanager
def rolled_back_platform(url: str) -> Iterator[Platform]:
    """A platform on ``url`` whose units of work all join one transaction, rolled back at the
    end: what a test writes is gone for the next one."""
    seed = Database(url)
    connection = seed.engine.connect()
    transaction = connection.begin()
    try:
        yield Platform(
            database=Database(url, bind=connection),
            network=load_network("ilstc"),
            departure_horizon_days=60,
        )
    finally:
        transaction.rollback()
        connection.close()
        seed.dispose()
