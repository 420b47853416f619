"""``landsea demo``: the typed summary of the demo service rendered as JSON and as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landsea.cli.main import app

runner = CliRunner()


def test_demo_loads_once_and_lists_its_organisations_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANDSEA_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    first = runner.invoke(app, ["demo", "--format", "json"])
    assert first.exit_code == 0, first.output
    loaded = json.loads(first.stdout)
    assert loaded["loaded"] is True
    roles = sorted(org["role"] for org in loaded["organisations"])
    assert roles == ["admin", "customs", "operator", "shipper", "shipper"]
    assert all(
        org["api_key"] and org["username"] and org["password"] for org in loaded["organisations"]
    )
    assert loaded["bookings"] and all(
        set(row) == {"id", "shipper", "route", "price"} and row["price"].endswith(" CNY")
        for row in loaded["bookings"]
    )
    again = runner.invoke(app, ["demo"])
    assert again.exit_code == 0, again.output
    names = [org["name"] for org in loaded["organisations"]]
    assert all(name in again.stdout for name in names)
    assert not any(org["api_key"] in again.stdout for org in loaded["organisations"])
    with_keys = json.loads(runner.invoke(app, ["demo", "--new-keys", "--format", "json"]).stdout)
    assert with_keys["loaded"] is False and with_keys["bookings"] == []
    assert all(org["api_key"] and org["password"] is None for org in with_keys["organisations"])
