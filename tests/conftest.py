"""Shared fixtures: every test runs with a clean LANDSEA_* environment and fresh settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from landsea.config import get_settings


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import os

    for name in list(os.environ):
        if name.startswith("LANDSEA_"):
            monkeypatch.delenv(name)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
