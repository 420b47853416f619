"""``landsea simulate``: a scenario file's replications on a local Dask cluster, JSON out."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from landsea.cli.main import app

SCENARIO = """
[baseline]
start = 2026-12-01
days = 2
[[baseline.lanes]]
origin = "CNCQI-TJC"
destination = "CNQZH"
teu_per_year = 3650
"""


def test_simulate_prints_each_scenarios_estimates(tmp_path: Path) -> None:
    path = tmp_path / "tiny.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    args = ["simulate", str(path), "--replications", "2", "--seed", "3", "--workers", "1"]
    out = CliRunner().invoke(app, [*args, "--format", "json"])
    assert out.exit_code == 0, out.output
    document = json.loads(out.stdout)
    assert document["replications"] == 2
    assert document["scenarios"][0]["scenario"] == "baseline"
    table = CliRunner().invoke(app, [*args, "--lang", "zh"])
    assert table.exit_code == 0, table.output
    assert "情景" in table.stdout


def test_a_bad_scenario_file_is_an_error_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(SCENARIO.replace("days = 2", "days = 0"), encoding="utf-8")
    out = CliRunner().invoke(app, ["simulate", str(path)])
    assert out.exit_code == 1
    assert "baseline.days must be between 1 and 366, got 0" in out.stderr
