"""``landsea network`` through Typer's runner, on the mini dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landsea.cli.main import app
from tests.fixtures import MINI, copy_dataset, edit_toml

runner = CliRunner()


@pytest.fixture(autouse=True)
def mini_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANDSEA_NETWORK", str(MINI))


def test_validate_clean_dataset() -> None:
    result = runner.invoke(app, ["network", "validate"])
    assert result.exit_code == 0, result.output
    assert "dataset mini test is valid — 5 locations, 3 services, 2 sources" in result.stdout


def test_validate_broken_dataset_lists_problems_and_exits_1(tmp_path: Path) -> None:
    root = copy_dataset(MINI, tmp_path / "broken")

    def change(document: dict[str, object]) -> None:
        services = document["service"]
        assert isinstance(services, list)
        services[0]["stops"][1]["at"] = "CNXXX"
        services[0]["capacity_teu"]["value"] = -4

    edit_toml(root / "services" / "lines.toml", change)
    result = runner.invoke(app, ["network", "validate", str(root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "services/lines.toml: service SR-CQ-QZH: capacity_teu: must not be negative, got -4",
        "services/lines.toml: service SR-CQ-QZH: stops[1].at: unknown location 'CNXXX'",
    ]
    assert "2 problems" in result.stderr

    as_json = runner.invoke(app, ["network", "validate", str(root), "--format", "json"])
    assert as_json.exit_code == 1
    report = json.loads(as_json.stdout)
    assert report["valid"] is False
    assert report["problems"][1] == {
        "file": "services/lines.toml",
        "record": "service SR-CQ-QZH",
        "field": "stops[1].at",
        "message": "unknown location 'CNXXX'",
    }


def test_show_json_has_the_design_shape() -> None:
    result = runner.invoke(app, ["network", "show", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    chongqing = next(loc for loc in document["locations"] if loc["locode"] == "CNCQI")
    assert {
        key: chongqing[key]
        for key in ("locode", "name", "lat", "lon", "country", "kinds", "aliases")
    } == {
        "locode": "CNCQI",
        "name": {"en": "Chongqing", "zh": "重庆"},
        "lat": 29.583,
        "lon": 106.55,
        "country": "CN",
        "kinds": ["city", "rail_terminal"],
        "aliases": ["CNCKG"],
    }
    train = next(svc for svc in document["services"] if svc["id"] == "SR-CQ-QZH")
    assert train["mode"] == "rail" and train["operator"] == "Test Railway"
    assert [stop["locode"] for stop in train["stops"]] == ["CNCQI", "CNQZH"]
    assert {svc["mode"] for svc in document["services"]} == {"rail", "sea", "road"}


def test_show_geojson_draws_sea_legs_along_searoute() -> None:
    result = runner.invoke(app, ["network", "show", "--format", "geojson"])
    assert result.exit_code == 0, result.output
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    lines = {f["id"]: f for f in collection["features"] if f["geometry"]["type"] == "LineString"}
    assert len(points) == 5
    sea = lines["SEA-QZH-SIN"]["geometry"]["coordinates"]
    assert sea[0] == [108.62, 21.67] and sea[-1] == [103.85, 1.283]
    assert len(sea) > 5  # follows the sea lanes, not a straight line
    assert lines["SR-CQ-QZH"]["geometry"]["coordinates"] == [[106.55, 29.583], [108.62, 21.67]]


def test_show_table_and_filters() -> None:
    result = runner.invoke(app, ["network", "show"])
    assert result.exit_code == 0, result.output
    assert "钦州港" in result.stdout and "SR-CQ-QZH" in result.stdout
    by_place = runner.invoke(app, ["network", "show", "--place", "河内", "--format", "json"])
    assert [s["id"] for s in json.loads(by_place.stdout)["services"]] == ["TRUCK-CQ-HAN"]
    by_mode = runner.invoke(app, ["network", "show", "--mode", "sea", "--format", "json"])
    assert [s["id"] for s in json.loads(by_mode.stdout)["services"]] == ["SEA-QZH-SIN"]


def test_unknown_place_is_an_error_with_suggestions() -> None:
    result = runner.invoke(app, ["network", "show", "--place", "Chongqinq"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "Error: unknown place 'Chongqinq'; did you mean CNCQI (Chongqing / 重庆)"
    )


def test_place_shows_parameters_and_sources() -> None:
    result = runner.invoke(app, ["network", "place", "钦州", "--format", "json"])
    assert result.exit_code == 0, result.output
    place = json.loads(result.stdout)
    assert place["locode"] == "CNQZH"
    assert place["customs"] == {
        "typical_hours": 6.0,
        "p90_hours": 24.0,
        "border": None,
        "import_typical_hours": None,
        "export_typical_hours": None,
    }
    assert place["services"] == ["SEA-QZH-SIN", "SR-CQ-QZH"]
    assert "estimate" in place["provenance"]["coordinates"]
    table = runner.invoke(app, ["network", "place", "CNCKG"])
    assert "UNECE, 2025-05-29" in table.stdout


def test_departures_table_and_json() -> None:
    args = ["network", "departures", "SR-CQ-QZH", "--from", "2026-12-07", "--days", "7"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "SR-CQ-QZH-20261211-1800" in table.stdout
    document = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert [d["id"] for d in document["departures"]] == [
        "SR-CQ-QZH-20261207-1800",
        "SR-CQ-QZH-20261209-1800",
        "SR-CQ-QZH-20261211-1800",
    ]
    first = document["departures"][0]
    assert first["departure"] == "2026-12-07T18:00:00+08:00"
    assert first["arrival"] == "2026-12-09T18:00:00+08:00"


def test_departures_of_an_on_demand_service() -> None:
    result = runner.invoke(app, ["network", "departures", "TRUCK-CQ-HAN"])
    assert result.exit_code == 0
    assert "runs on demand" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["network", "departures", "SR-XX"], 1, "Error: unknown service 'SR-XX'"),
        (["network", "departures", "SR-CQ-QZH", "--from", "7 Dec"], 2, "is not a date"),
        (["network", "departures", "SR-CQ-QZH", "--days", "0"], 2, "Invalid value"),
        (["network", "show", "--format", "xml"], 2, "Invalid value"),
        (["network", "validate", "/no/such/folder"], 1, "Error: network '/no/such/folder'"),
    ],
)
def test_errors_and_exit_codes(args: list[str], code: int, text: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert text in result.stderr
