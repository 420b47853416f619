"""Sources that say what they are cited for: the provenance checks on the built-in dataset.

Each audit finding of issue 12 (item 7) has a test here that fails on the dataset before the fix.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from landsea.cli.main import app
from landsea.domain import Network
from landsea.domain.provenance import Provenance, ProvenanceKind
from landsea.feeds.provenance_checks import (
    CURRENT_FROM,
    FIGURE_KINDS,
    coverage,
    dated_transit_times,
)
from landsea.services.network import dataset_coverage, dataset_path, load_network
from landsea.units import LocationCode
from tests.feeds.test_builtin_dataset import _break_builtin
from tests.fixtures import record


@pytest.fixture(scope="module")
def ilstc() -> Network:
    return load_network("ilstc")


def _sourced(network: Network) -> list[tuple[str, str, Provenance]]:
    """Every figure of ``network`` that cites a source: (record, field, provenance)."""
    records: list[tuple[str, Mapping[str, Provenance]]] = [
        *((str(k), v.provenance) for k, v in network.locations.items()),
        *((str(k), v.provenance) for k, v in network.services.items()),
    ]
    return [
        (key, field, provenance)
        for key, figures in records
        for field, provenance in figures.items()
        if provenance.kind is ProvenanceKind.SOURCE
    ]


def test_no_published_figure_is_cited_for_a_route_or_place_it_was_not_published_for(
    ilstc: Network,
) -> None:
    """One port-wide clearance time or one lane's rate is not every terminal's or lane's."""
    cited: dict[tuple[str, str], set[str]] = {}
    for key, field, provenance in _sourced(ilstc):
        kind = "tariff" if field.startswith("tariff.") else field
        if kind in {"tariff", "customs.typical_hours", "customs.import_typical_hours"}:
            cited.setdefault((kind, provenance.text), set()).add(key)
    assert {k: v for k, v in cited.items() if len(v) > 1} == {}


def test_the_high_speed_passenger_line_is_not_a_freight_distance(ilstc: Network) -> None:
    for _key, field, provenance in _sourced(ilstc):
        assert provenance.text != "xinhua-2018-01-26", field  # the 347 km Chongqing–Guiyang HSR


def test_khorgos_does_not_borrow_alashankous_processing_time(ilstc: Network) -> None:
    khorgos = ilstc.locations[LocationCode("CNHRS")]
    assert khorgos.customs is not None
    assert "xinhua-2016-07-22" not in khorgos.provenance["customs.typical_hours"].text


def test_first_runs_and_pilot_trains_are_not_cited_as_typical_times(ilstc: Network) -> None:
    for key, field, provenance in _sourced(ilstc):
        note = provenance.note.lower()
        assert not any(word in note for word in ("first pilot", "first voyage", "first lorr")), (
            key,
            field,
        )
        assert not ("first" in note and "train" in note and "arrival" in field), (key, field)


def test_truck_speed_is_door_to_door_plausible(ilstc: Network) -> None:
    assert ilstc.driving_rules is not None
    assert ilstc.driving_rules.average_speed_kmh <= 70
    dataset_toml = (dataset_path("ilstc") / "dataset.toml").read_text(encoding="utf-8")
    assert "95 km/h" not in dataset_toml


def test_every_source_has_title_publisher_date_and_an_address(ilstc: Network) -> None:
    for source in ilstc.sources.values():
        assert source.title and source.publisher and source.date, source.key


def test_broken_copy_source_without_url_or_title(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        del document["source"]["xinhua-2023-02-08"]["url"]
        del document["source"]["xinhua-2023-02-08"]["title"]

    assert _break_builtin(tmp_path, "sources.toml", change) == [
        "sources.toml: source xinhua-2023-02-08: title: missing: every source has one",
        "sources.toml: source xinhua-2023-02-08: url: "
        "missing: every source has a url or an archive reference",
    ]


def test_broken_copy_quotes_a_circuity_the_dataset_does_not_use(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        stop = record(document, "service", "id", "SR-KM-QZH")["stops"][1]
        stop["arrival_h"]["estimate"] = "~810 km Kunming–Nanning (great-circle × 1.25) at 30 km/h"

    assert _break_builtin(tmp_path, "services/sea_rail.toml", change) == [
        "services/sea_rail.toml: service SR-KM-QZH: stops[1].arrival_h: "
        "quotes circuity 1.25, but the dataset uses 1.3, 1.4"
    ]


def test_broken_copy_train_faster_than_a_train(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        stops = record(document, "service", "id", "SR-GY-QZH")["stops"]
        stops[1]["arrival_h"]["value"] = 5
        stops[1]["departure_h"]["value"] = 6
        stops[2]["arrival_h"]["value"] = 8

    assert _break_builtin(tmp_path, "services/sea_rail.toml", change) == [
        "services/sea_rail.toml: service SR-GY-QZH: stops[1].arrival_h: "
        "842 km from CNGYA in 5.0 h is 168 km/h, outside 20 km/h–120 km/h for rail"
    ]


def test_broken_copy_truck_average_speed(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        document["road"]["average_speed_kmh"]["value"] = 95

    problems = _break_builtin(tmp_path, "dataset.toml", change)
    assert any("KNM-HAN-RD-HKM" in p and "for road" in p for p in problems)
    assert problems[-1] == (
        "dataset.toml: road: average_speed_kmh: "
        "95 km/h is above the 70 km/h a truck averages door to door with breaks"
    )


def test_coverage_counts_every_figure_of_each_kind(ilstc: Network) -> None:
    rows = {row.kind: row for row in coverage(ilstc.services.values())}
    assert rows["frequency"].total == len(ilstc.services)
    assert rows["capacity"].total == 2 * len(ilstc.services)
    assert rows["tariff"].total == 2 * len(ilstc.services)
    sourced = [f for _k, f, _p in _sourced(ilstc)]
    assert rows["frequency"].sourced == sourced.count("schedule")
    assert rows["all four"].sourced == sum(rows[kind].sourced for kind in FIGURE_KINDS)
    assert rows["all four"].total == sum(rows[kind].total for kind in FIGURE_KINDS)
    assert rows["transit time"].sourced >= 15
    assert rows["tariff"].sourced >= 2


def test_dated_transit_times_are_reported(ilstc: Network) -> None:
    dated = dated_transit_times(ilstc.services.values(), ilstc.sources)
    assert ("CRE-DUI-CQ", "railtech-2018-03-29") in {(d.service, d.source) for d in dated}
    assert all(d.year < 2023 for d in dated)


def _kind_of(field: str) -> str | None:
    if field.startswith("stops[") and field.endswith("].arrival_h"):
        return "transit time"
    if field == "schedule":
        return "frequency"
    if field in ("capacity_teu", "reefer_plugs"):
        return "capacity"
    return "tariff" if field.startswith("tariff.") else None


def test_every_sourced_figure_is_current_or_reported_as_dated(ilstc: Network) -> None:
    """A transit time, frequency, capacity or tariff cites a source of 2023 or later, or the
    validator's "dated" report names it (a sourced frequency of 2021 was not reported)."""
    _shares, dated = dataset_coverage(ilstc)
    reported = {(d.service, d.field, d.source) for d in dated}
    old = set()
    for sid, service in ilstc.services.items():
        for field, provenance in service.provenance.items():
            source = ilstc.sources.get(provenance.text)
            if provenance.kind is ProvenanceKind.SOURCE and _kind_of(field) and source:
                if (source.date.year if source.date else source.year) < CURRENT_FROM:
                    old.add((str(sid), field, source.key))
    assert old == reported
    assert ("QZH-YPG-SIN-CGP-YCX", "schedule", "simic-2021-09-14") in reported


def test_a_sourced_tariff_is_the_figure_its_source_states(ilstc: Network) -> None:
    """An index or rate card is cited only for the lane, the year and the value it gives."""
    cited = 0
    for path in sorted((dataset_path("ilstc") / "services").glob("*.toml")):
        for service in tomllib.loads(path.read_text(encoding="utf-8"))["service"]:
            tariff = service.get("tariff", {})
            for name in ("per_teu", "per_feu"):
                figure = tariff.get(name, {})
                if "source" not in figure:
                    continue
                cited += 1
                source = ilstc.sources[figure["source"]]
                stated = f"{tariff['currency'].replace('USD', 'US$')}{figure['value']:,}"
                assert stated in source.title, (service["id"], name, source.title)
                assert str(source.year) in source.title, (service["id"], name)
    assert cited >= 2


def test_validate_prints_the_coverage() -> None:
    result = CliRunner().invoke(app, ["network", "validate", "ilstc"])
    assert result.exit_code == 0, result.stdout
    for kind in (*FIGURE_KINDS, "all four"):
        assert f"sourced {kind}: " in result.stdout
    assert "dated: CRE-DUI-CQ stops[7].arrival_h cites railtech-2018-03-29 (2018)" in result.stdout
    assert "dated: SR-GY-QZH schedule cites china-daily-2022-04-21 (2022)" in result.stdout
