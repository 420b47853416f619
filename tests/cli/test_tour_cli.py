"""The command line's precise errors, its languages, and ``track import``'s exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landsea.cli.main import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (["network", "show", "--lang", "fr"], "'fr' is not one of 'en', 'zh'"),
        (["network", "place", "Chongqing", "--format", "geojson"], "'geojson' is not one of"),
        (["network", "departures", "SR-CQ-QZH", "--days", "0"], "0 is below the least value, 1"),
        (["network", "departures", "SR-CQ-QZH", "--days", "x"], "'x' is not a valid integer"),
        (["network", "show", "--bogus"], "No such option: --bogus"),
        (
            ["network", "departures", "SR-CQ-QZH", "--from", "2026-02-30"],
            "--from '2026-02-30' is not a date (February 2026 has 28 days)",
        ),
        (["consolidate", "--method", "best"], "'best' is not one of 'optimal', 'greedy'"),
    ],
)
def test_refused_command_lines_exit_2_naming_the_value(args: list[str], wanted: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Error: " in result.stderr
    assert wanted in result.stderr


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (
            ["network", "show", "--lang", "zh", "--mode", "plane"],
            "错误：'--mode' 的值无效：'plane' 不是",
        ),
        (["network", "show", "--bogus", "--lang", "zh"], "错误：没有选项 --bogus"),
        (["network", "place", "Chungking", "--lang", "zh"], "错误：未知地点 'Chungking'；您是否指"),
        (["--lang", "zh", "network", "place"], "错误：缺少参数 'query'。"),
    ],
)
def test_errors_in_chinese(args: list[str], wanted: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2)
    assert wanted in result.stderr
    assert "Error:" not in result.stderr


def test_the_locale_chooses_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    result = runner.invoke(app, ["network", "place", "Chungking"])
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：未知地点")
    english = runner.invoke(app, ["network", "place", "Chungking", "--lang", "en"])
    assert english.stderr.startswith("Error: unknown place 'Chungking'")


def test_every_command_takes_lang() -> None:
    import typer
    from typer._click import Command, Context
    from typer.core import TyperGroup

    def walk(command: Command) -> list[Command]:
        """The command and every one below it, the lazily loaded ones too."""
        if not isinstance(command, TyperGroup):
            return [command]
        ctx = Context(command)
        below = [command.get_command(ctx, name) for name in command.list_commands(ctx)]
        return [command, *(c for sub in below if sub is not None for c in walk(sub))]

    commands = walk(typer.main.get_command(app))
    assert len(commands) > 25
    for command in commands:
        names = {opt for param in command.params for opt in getattr(param, "opts", [])}
        assert "--lang" in names, command.name


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LANDSEA_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("LANDSEA_DEPARTURE_HORIZON_DAYS", "3")
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    return tmp_path


GOOD = {
    "eventID": "cli-good-1",
    "eventType": "TRANSPORT",
    "eventClassifierCode": "ACT",
    "eventDateTime": "2026-06-01T09:40:00+08:00",
    "transportEventTypeCode": "DEPA",
    "transportCall": {
        "UNLocationCode": "CNCQI",
        "facilityCode": "TJC",
        "facilityCodeListProvider": "SMDG",
        "modeOfTransport": "RAIL",
    },
}


def test_track_import_exits_1_and_counts_when_events_are_rejected(database: Path) -> None:
    bad = {**GOOD, "eventID": "cli-bad-1", "eventDateTime": "2026-06-01T09:40:00"}
    wrong_provider = {
        **GOOD,
        "eventID": "cli-bad-2",
        "transportCall": {**GOOD["transportCall"], "facilityCodeListProvider": "LANDSEA"},  # type: ignore[dict-item]
    }
    file = database / "events.jsonl"
    file.write_text("\n".join(json.dumps(e) for e in (GOOD, bad, wrong_provider)), encoding="utf-8")
    result = runner.invoke(app, ["track", "import", str(file)])
    assert result.exit_code == 1, result.output
    assert "1 stored, 0 superseded, 0 duplicates, 0 retracted, 0 unsupported, 2 rejected" in (
        result.stdout
    )
    assert "event 1: eventDateTime: has no UTC offset" in result.stderr
    assert "event 2: transportCall.facilityCodeListProvider: must be SMDG or BIC ('LANDSEA')" in (
        result.stderr
    )
    assert "2 of 3 events rejected" in result.stderr

    again = runner.invoke(app, ["track", "import", str(file), "--format", "json", "--lang", "zh"])
    assert again.exit_code == 1
    assert json.loads(again.stdout)["duplicates"] == 1
    assert "3 个事件中有 2 个被拒收" in again.stderr


def test_track_import_exits_0_when_all_are_taken(database: Path) -> None:
    file = database / "events.json"
    file.write_text(json.dumps([GOOD]), encoding="utf-8")
    result = runner.invoke(app, ["track", "import", str(file)])
    assert result.exit_code == 0, result.output
    assert "1 stored, 0 superseded" in result.stdout


def test_track_import_in_batches_keeps_order_and_counts(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches are checked while the previous one is stored: a later batch still sees what an
    earlier one stored (a duplicate), and rejections keep their index in the whole file."""
    monkeypatch.setattr("landsea.cli.track.BATCH", 1)
    bad = {**GOOD, "eventID": "cli-bad-3", "eventDateTime": "2026-06-01T09:40:00"}
    file = database / "batched.jsonl"
    file.write_text("\n".join(json.dumps(e) for e in (GOOD, bad, GOOD, GOOD)), encoding="utf-8")
    result = runner.invoke(app, ["track", "import", str(file), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert (report["stored"], report["duplicates"]) == (1, 2)
    assert [(r["index"], r["field"]) for r in report["rejected"]] == [(1, "eventDateTime")]
