"""Shared fixtures: every test runs with a clean LANDSEA_* environment and fresh settings; the
others live in topic modules under ``tests/fixtures/`` and are re-exported here.

``make test`` runs the suite on two pytest-xdist workers, a file to a worker (``--dist
loadfile``, so that a module's fixtures are made once); the slowest files are handed out first
(:data:`SLOW_FIRST`) so that neither worker is left with a long file at the end."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from landsea.config import get_settings
from tests.fixtures.api import client, openapi, world, world_template
from tests.fixtures.cli import runner
from tests.fixtures.db import built_once, platform, postgres_server, seeded_url
from tests.fixtures.web import demo_platform, demo_template, web

__all__ = [
    "built_once",
    "cache_folder",
    "clean_environ",
    "client",
    "demo_platform",
    "demo_template",
    "openapi",
    "platform",
    "postgres_server",
    "runner",
    "seeded_url",
    "web",
    "world",
    "world_template",
]


SLOW_FIRST = (
    "tests/web/test_every_page.py",
    "tests/web/test_every_page_zh.py",
    "tests/web/test_browser.py",
    "tests/web/test_roles.py",
    "tests/api/test_schemathesis.py",
    "tests/api/test_fleet.py",
    "tests/web/test_services_browser.py",
    "tests/api/test_durability.py",
    "tests/api/test_sign_in.py",
    "tests/dcsa/test_tnt_v2.py",
    "tests/api/test_access.py",
    "tests/test_readme.py",
    "tests/planning/test_against_brute_force.py",
    "tests/api/test_subscriptions.py",
    "tests/api/test_openapi_operations.py",
    "tests/api/test_events.py",
    "tests/api/test_webhook_abuse.py",
    "tests/api/test_invoices.py",
    "tests/services/test_document_pdf.py",
    "tests/cli/test_simulate_cli.py",
)
"""The files that take longest, longest first (each file's wall time on its worker in a `make test`
on an idle machine, 2026-11-30); the others follow in order."""


@pytest.hookimpl(trylast=True)  # after pytest has grouped the tests by their fixtures' parameters
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: n for n, path in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@pytest.fixture(scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of compiled networks per test process (each pytest-xdist worker has its own base
    folder): its files are keyed by the network's content and the code (services/
    timetable_cache.py), so tests share them safely, as processes of one user do."""
    return tmp_path_factory.getbasetemp() / "landsea-cache"


@pytest.fixture(autouse=True)
def clean_environ(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cache_folder: Path
) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith("LANDSEA_"):
            monkeypatch.delenv(name)
    # One-shot commands keep their compiled network here, never in the user's data folder.
    monkeypatch.setenv("LANDSEA_CACHE_DIR", str(cache_folder))
    # The default database (the user's data folder) is the test's own, not the machine user's:
    # a landsea.db there from another run held another network than the tests expect.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
