"""``landsea db upgrade`` loads the dataset; ``network export`` → ``import`` → ``export`` is
identical; a folder with a problem is refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from landsea.cli.main import app


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.toml"))}


def test_export_import_export(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANDSEA_DATABASE_URL", f"sqlite:///{tmp_path / 'n.db'}")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    first = runner.invoke(app, ["network", "export", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert "network version 1 " in first.output
    stored = runner.invoke(app, ["network", "import", str(tmp_path / "a")])
    assert stored.exit_code == 0, stored.output
    assert "network version 2 " in stored.output
    again = runner.invoke(app, ["network", "export", str(tmp_path / "b")])
    assert again.exit_code == 0, again.output
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert len(_files(tmp_path / "a")) >= 8
    broken = tmp_path / "a" / "locations.toml"
    broken.write_text(broken.read_text().replace('country = "CN"', 'country = "XX"', 1))
    refused = runner.invoke(app, ["network", "import", str(tmp_path / "a")])
    assert refused.exit_code == 1
    assert "country" in refused.output and "XX" in refused.output
    latest = runner.invoke(app, ["network", "export", str(tmp_path / "c")])
    assert "network version 2 " in latest.output
