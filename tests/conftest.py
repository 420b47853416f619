"""Shared fixtures: every test runs with a clean LANDSEA_* environment and fresh settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from landsea.config import get_settings
from landsea.services.platform import Platform
from tests.database import rolled_back_platform, seeded_database
from tests.postgres import postgres_cluster


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import os

    for name in list(os.environ):
        if name.startswith("LANDSEA_"):
            monkeypatch.delenv(name)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """A throwaway PostgreSQL cluster for the whole run (``None`` where none is installed)."""
    with postgres_cluster() as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def seeded_url(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_server: str | None,
) -> str:
    """One migrated database of each kind per run, with the corridor's departures."""
    return seeded_database(request.param, Path(tmp_path_factory.mktemp("db")), postgres_server)


@pytest.fixture
def platform(seeded_url: str) -> Iterator[Platform]:
    """A platform on the run's database (SQLite, then PostgreSQL) whose writes are rolled back
    at the end of the test: for persistence and service tests."""
    with rolled_back_platform(seeded_url) as rolled_back:
        yield rolled_back
