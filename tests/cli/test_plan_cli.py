"""``landsea plan`` through Typer's runner on the built-in corridor."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

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
    assert "方案 1" in result.stdout and "CV-" in result.stdout
    for english in ("Option", "departure", "transfers", "rail", "road", "kg CO2e", "general"):
        assert english not in result.stdout


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
    assert bad_date.exit_code == 2 and "is not an ISO 8601 date-time" in bad_date.stderr
    unknown = runner.invoke(app, ["plan", "Chungking", "SGSIN"])
    assert unknown.exit_code == 1 and unknown.stderr.startswith(
        "Error: origin: unknown place 'Chungking'"
    )


def test_a_reefer_avoiding_road_from_chongqing_city_is_told_why() -> None:
    args = ["plan", "CNCQI", "SGSIN", "--teu", "2", "--cargo", "reefer", "--avoid", "road"]
    english = runner.invoke(app, [*args, "--format", "json"])
    assert english.exit_code == 0, english.output
    [issue] = json.loads(english.stdout)["issues"]
    assert issue["code"] == "EXCLUDED_BY_CONSTRAINT"
    assert "every service leaving Chongqing (CNCQI) is road" in issue["message"]
    assert "CNCQI-TJC" in issue["message"] and issue["detail"]["stuck"] == "origin"
    chinese = runner.invoke(app, [*args, "--lang", "zh"], env={"COLUMNS": "300"})
    assert chinese.exit_code == 0, chinese.output
    assert "从 重庆 (CNCQI) 出发的服务全部是公路" in chinese.stdout
    assert "Options" not in chinese.stdout


def test_a_date_that_does_not_exist_is_named() -> None:
    result = runner.invoke(app, ["plan", "CNCQI", "SGSIN", "--depart", "2026-02-30"])
    assert result.exit_code == 2
    assert "'2026-02-30' is not a date (February 2026 has 28 days)" in result.output


def test_avoiding_what_is_neither_a_mode_nor_a_place() -> None:
    result = runner.invoke(app, ["plan", "CNCQI", "SGSIN", "--avoid", "plane"])
    assert result.exit_code == 1
    assert "neither a mode (rail, sea, road, inland_waterway) nor a place" in result.output
    assert "did you mean" not in result.output


def test_unknown_languages_and_formats_are_refused_with_the_choices() -> None:
    for option, value in (("--lang", "fr"), ("--format", "geojson")):
        result = runner.invoke(app, ["plan", "CNCQI", "SGSIN", option, value])
        assert result.exit_code == 2
        assert repr(value) in result.output and "is not one of" in result.output


def test_without_a_database_the_plan_says_it_used_the_network_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'absent.db'}"
    result = runner.invoke(
        app, ["plan", "CNCQI-TJC", "CNQZH", "--depart", "2026-12-07"],
        env={"LANDSEA_DATABASE_URL": url, "COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Timetables of the network only" in result.stdout
    assert not (tmp_path / "absent.db").exists()


def test_with_a_database_the_plan_takes_its_capacity(seeded_url: str) -> None:
    if not seeded_url.startswith("sqlite"):
        return  # the CLI's own check is the same for any server; one database kind suffices
    args = ["plan", "CNCQI-TJC", "CNQZH", "--depart", "2026-12-07", "--format", "json"]
    result = runner.invoke(app, args, env={"LANDSEA_DATABASE_URL": seeded_url})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["basis"] == "database"


def test_the_cli_json_is_the_api_json() -> None:
    from landsea.api.schemas import PlanPublic, dump
    from landsea.cli.plan import plan_json
    from landsea.services.network import load_network
    from landsea.services.planning import PlanQuestion, plan

    result = plan(
        load_network("ilstc"),
        PlanQuestion(origin="CNCQI", destination="SGSIN", depart=dt.date(2026, 12, 7)),
    )
    assert result.options
    assert plan_json(result) == dump(PlanPublic.of(result))


def test_epsilon_on_the_command_line() -> None:
    args = ["plan", "CNCQI", "SGSIN", "--depart", "2026-12-07", "--format", "json"]
    result = runner.invoke(app, [*args, "--epsilon", "0.05,0.05,2"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["approximate"] is True
    assert answer["epsilon"] == {"cost": 0.05, "co2e": 0.05, "hours": 2}
    refused = runner.invoke(app, [*args, "--epsilon", "lots"])
    assert refused.exit_code == 2 and "--epsilon" in refused.output


def test_the_script_ends_without_the_interpreters_teardown_after_a_plan(tmp_path: Path) -> None:
    """``landsea plan`` ends the script at once when it has printed the plan: an atexit hook
    does not run (the start-up's ~15 % it was, docs/performance.md), the JSON is whole; under a
    profiler it does."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('teardown', file=sys.stderr))\n"
        "from landsea.cli.main import main\n"
        "sys.argv = ['landsea', 'plan', 'Chongqing', 'Singapore', '--format', 'json']\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "LANDSEA_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["options"] and "teardown" not in done.stderr
    profiled = subprocess.run(  # a profiler writes what it found at the end: the end is kept
        [sys.executable, "-c", "import sys\nsys.setprofile(lambda *_: None)\n" + code],
        env={**os.environ, "LANDSEA_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"},
        capture_output=True,
        text=True,
    )
    assert profiled.returncode == 0 and "teardown" in profiled.stderr, profiled.stderr
