"""``landsea db upgrade`` loads the dataset; ``network export`` → ``import`` → ``export`` is
identical; a folder with a problem is refused whole."""

from __future__ import annotations

import datetime as dt
import json
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


def test_the_network_commands_and_plan_read_the_database(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANDSEA_DATABASE_URL", f"sqlite:///{tmp_path / 'n.db'}")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    before = runner.invoke(app, ["network", "place", "CNLAZ", "-f", "json"])
    assert before.exit_code == 0, before.output
    assert '"en": "Lanzhou"' in before.output
    assert runner.invoke(app, ["network", "export", str(tmp_path / "a")]).exit_code == 0
    places = tmp_path / "a" / "locations.toml"
    text = places.read_text()
    assert 'en = "Lanzhou"' in text
    places.write_text(text.replace('en = "Lanzhou"', 'en = "Lanzhou Renamed"', 1))
    assert runner.invoke(app, ["network", "import", str(tmp_path / "a")]).exit_code == 0
    after = runner.invoke(app, ["network", "place", "CNLAZ", "-f", "json"])
    assert '"en": "Lanzhou Renamed"' in after.output
    shown = runner.invoke(app, ["network", "show", "-f", "json"])
    assert "Lanzhou Renamed" in shown.output
    runs = runner.invoke(app, ["network", "departures", "CRE-CQ-DUI", "--from", "2026-12-01"])
    assert runs.exit_code == 0 and "CRE-CQ-DUI-2026120" in runs.output
    # The dataset folder is still what `validate` checks: its own files, not the database.
    checked = runner.invoke(app, ["network", "validate", str(tmp_path / "a"), "-f", "json"])
    assert checked.exit_code == 0, checked.output
    then = runner.invoke(
        app,
        ["plan", "CNCQI-TJC", "CNLAZ", "--depart", "2026-12-03", "-f", "json",
         "--as-of", "2000-01-01T00:00:00Z"],
    )  # fmt: skip
    assert then.exit_code == 1 and "as_of" in then.output
    old = runner.invoke(
        app, ["plan", "CNCQI-TJC", "CNLAZ", "--depart", "2026-12-03", "-f", "json", "--as-of",
              dt.datetime.now(dt.UTC).isoformat()],
    )  # fmt: skip
    assert old.exit_code == 0, old.output
    assert json.loads(old.output)["network_version"] == 2
    assert "Lanzhou Renamed" in old.output


def test_plan_as_of_needs_the_database(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANDSEA_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    refused = runner.invoke(
        app, ["plan", "Chongqing", "Qinzhou", "--as-of", "2026-12-01T00:00:00Z"]
    )
    assert refused.exit_code == 2 and "--as-of" in refused.output
