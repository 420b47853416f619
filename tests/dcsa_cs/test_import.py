"""``landsea network import-schedules``: a carrier's CS vessel schedules, checked against CS 1.0.3
and the network, into services of a dataset."""

from __future__ import annotations

import copy
import json
import shutil
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from landsea.cli.main import app
from landsea.feeds.dataset import read_dataset
from landsea.feeds.dcsa_cs_import import read_vessel_schedules
from landsea.feeds.dcsa_cs_schema import cs_problems
from landsea.services.network import load_network

VALID = Path(__file__).parent.parent / "data" / "dcsa_cs" / "beibu_gulf_liner.json"


def _valid() -> list[dict[str, Any]]:
    document: list[dict[str, Any]] = json.loads(VALID.read_text())
    return document


def test_the_example_file_is_valid_cs() -> None:
    assert cs_problems(_valid(), "ServiceSchedule") == []


def test_a_valid_file_becomes_a_weekly_service_that_the_dataset_reads(tmp_path: Path) -> None:
    dataset = tmp_path / "ilstc"
    shutil.copytree(str(files("landsea") / "data" / "ilstc"), dataset)
    result = CliRunner().invoke(
        app, ["network", "import-schedules", str(VALID), "--into", str(dataset)]
    )
    assert result.exit_code == 0, result.output
    reading = read_dataset(dataset)
    assert reading.problems == []
    assert reading.network is not None
    service = reading.network.services["BGL1"]  # type: ignore[index]
    assert [stop.location for stop in service.stops] == ["CNQZH", "SGSIN"]
    assert service.schedule.describe() == "mon,thu 18:00"  # planned before estimated
    assert service.transit_time.total_seconds() == 96 * 3600


def test_without_into_the_services_are_printed() -> None:
    result = CliRunner().invoke(app, ["network", "import-schedules", str(VALID)])
    assert result.exit_code == 0, result.output
    assert 'id = "BGL1"' in result.output


def _broken(change: str) -> list[dict[str, Any]]:
    document = copy.deepcopy(_valid())
    voyage = document[0]["vesselSchedules"][0]
    if change == "schema":
        del document[0]["carrierServiceCode"]
    elif change == "offset":
        voyage["transportCalls"][1]["timestamps"][0]["eventDateTime"] = "2026-12-11T18:00:00"
    elif change == "place":
        voyage["transportCalls"][1]["location"]["UNLocationCode"] = "ZZZZZ"
    elif change == "one call":
        del voyage["transportCalls"][1]
    return document


@pytest.mark.parametrize(
    ("change", "path", "value", "reason"),
    [
        ("schema", "$[0]", None, "'carrierServiceCode' is required"),
        (
            "offset",
            "$[0].vesselSchedules[0].transportCalls[1].timestamps[0].eventDateTime",
            '"2026-12-11T18:00:00"',
            "is not a 'date-time'",
        ),
        (
            "place",
            "$[0].vesselSchedules[0].transportCalls[1].location.UNLocationCode",
            '"ZZZZZ"',
            "is not a place of the network",
        ),
        ("one call", "$[0].vesselSchedules[0].transportCalls", "1", "at least two calls"),
    ],
)
def test_each_problem_is_named_by_index_path_value_and_reason(
    change: str, path: str, value: str | None, reason: str
) -> None:
    services, problems = read_vessel_schedules(_broken(change), load_network())
    assert services == []
    assert [(p.index, p.path) for p in problems] == [(0, path)]
    assert reason in problems[0].reason
    if value is not None:
        assert problems[0].value == value


def test_the_command_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    document = _broken("place")
    document.append(_broken("offset")[0])
    broken.write_text(json.dumps(document))
    result = CliRunner().invoke(app, ["network", "import-schedules", str(broken)])
    assert result.exit_code == 1
    assert "2 problem(s)" in result.output
    assert "[0] $[0].vesselSchedules[0].transportCalls[1].location.UNLocationCode" in result.output
    assert "[1] $[1].vesselSchedules[0].transportCalls[1].timestamps[0].eventDateTime" in (
        result.output
    )
