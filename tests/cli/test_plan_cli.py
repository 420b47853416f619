"""``landsea plan`` through Typer's runner on the built-in corridor."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from landsea.cli.main import app

runner = CliRunner()


def test_plan_table_shows_the_options() -> None:
    result = runner.invoke(
        app, ["plan", "Chongqing", "Singapore", "--depart", "2026-12-07"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    assert "Chongqing → Singapore" in result.stdout
    assert "CNQZH" in result.stdout and "CNSGH" in result.stdout
    assert "river" in result.stdout


def test_plan_legs_in_chinese() -> None:
    result = runner.invoke(
        app, ["plan", "重庆", "河内", "--depart", "2026-12-07", "--legs", "--lang", "zh"],
        env={"COLUMNS": "160"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "重庆 → 河内" in result.stdout
    assert "Option 1" in result.stdout and "CV-" in result.stdout


def test_plan_json() -> None:
    result = runner.invoke(
        app, ["plan", "CNCQI", "SGSIN", "--depart", "2026-12-07", "--format", "json", "--teu", "2"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["query"]["teu"] == 2 and document["options"]


def test_no_answer_is_printed_with_its_reason() -> None:
    result = runner.invoke(app, ["plan", "Chongqing", "Duisburg", "--avoid", "rail"])
    assert result.exit_code == 0
    assert "EXCLUDED_BY_CONSTRAINT" in result.stdout and "avoiding rail" in result.stdout


def test_bad_options() -> None:
    assert runner.invoke(app, ["plan", "CNCQI", "SGSIN", "--cargo", "frozen"]).exit_code == 2
    bad_date = runner.invoke(app, ["plan", "CNCQI", "SGSIN", "--depart", "next week"])
    assert bad_date.exit_code == 2 and "is neither a date" in bad_date.stderr
    unknown = runner.invoke(app, ["plan", "Chungking", "SGSIN"])
    assert unknown.exit_code == 1 and unknown.stderr.startswith(
        "Error: origin: unknown place 'Chungking'"
    )
