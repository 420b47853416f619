"""Shared fixtures: every test runs with a clean LANDSEA_* environment and fresh settings; the
others live in topic modules under ``tests/fixtures/`` and are re-exported here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from landsea.config import get_settings
from tests.fixtures.api import client, world, world_template
from tests.fixtures.cli import runner
from tests.fixtures.db import platform, postgres_server, seeded_url
from tests.fixtures.web import demo_platform, demo_template, web

__all__ = [
    "clean_environ",
    "client",
    "demo_platform",
    "demo_template",
    "platform",
    "postgres_server",
    "runner",
    "seeded_url",
    "web",
    "world",
    "world_template",
]


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith("LANDSEA_"):
            monkeypatch.delenv(name)
    # One-shot commands keep their compiled network here, never in the user's data folder.
    monkeypatch.setenv("LANDSEA_CACHE_DIR", str(tmp_path / "landsea-cache"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
