"""One platform factory: every setting kept, the database always disposed of."""

from __future__ import annotations

from pathlib import Path

import pytest

from landsea.config import Settings
from landsea.services import platform as factory


def test_platform_from_keeps_every_setting(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'kept.db'}",
        departure_horizon_days=9,
        eta_change_hours=1.5,
        clearance_min_samples=4,
        webhook_allow_http=True,
        webhook_allow_loopback=True,
    )
    made = factory.platform_from(settings, migrate=True)
    try:
        assert made.departure_horizon_days == 9
        assert made.eta_change_hours == 1.5
        assert made.clearance_min_samples == 4
        assert made.webhook_policy == settings.webhook_policy()
        assert made.webhook_policy.allow_http and made.webhook_policy.allow_loopback
    finally:
        made.dispose()


def test_opened_disposes_however_the_block_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disposed: list[str] = []
    original = factory.Platform.dispose

    def dispose(self: factory.Platform) -> None:
        disposed.append(self.database_url)
        original(self)

    monkeypatch.setattr(factory.Platform, "dispose", dispose)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'opened.db'}")
    with pytest.raises(RuntimeError), factory.opened(settings, migrate=True):
        raise RuntimeError("the command failed")
    assert disposed == [settings.database_url]
