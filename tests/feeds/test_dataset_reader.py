"""The dataset reader on the mini dataset: what it builds and how it explains each problem."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from landsea.domain import Mode, Network, OnDemand, Product, WeeklySchedule
from landsea.domain.provenance import ProvenanceKind
from landsea.errors import DatasetError
from landsea.feeds.dataset import load_dataset, read_dataset
from landsea.units import LocationCode
from tests.fixtures import MINI, copy_dataset, edit_toml, record


@pytest.fixture(scope="module")
def mini() -> Network:
    return load_dataset(MINI)


def test_mini_loads_every_record(mini: Network) -> None:
    assert mini.info.id == "mini"
    assert sorted(mini.locations) == ["CNCQI", "CNQZH", "CNYYG", "SGSIN", "VNHAN"]
    assert sorted(mini.services) == ["SEA-QZH-SIN", "SR-CQ-QZH", "TRUCK-CQ-HAN"]
    assert mini.exchange_rates["USD"] == Decimal("7.0")
    assert mini.circuity[Mode.ROAD] == 1.3


def test_location_fields_and_provenance(mini: Network) -> None:
    qinzhou = mini.locations[LocationCode("CNQZH")]
    assert qinzhou.name.zh == "钦州港"
    assert qinzhou.handling is not None and qinzhou.handling.hours == 12
    assert str(qinzhou.handling.cost) == "700.00 CNY"
    assert qinzhou.customs is not None and qinzhou.customs.p90_hours == 24
    assert qinzhou.customs.border == ()
    assert qinzhou.provenance["coordinates"].kind is ProvenanceKind.ESTIMATE
    assert mini.locations[LocationCode("CNCQI")].provenance["coordinates"].text == "unlocode-2024-2"
    customs = mini.locations[LocationCode("CNYYG")].customs
    assert customs is not None
    assert customs.border == ("CN", "VN")


def test_stops_resolve_aliases_and_keep_offsets(mini: Network) -> None:
    train = mini.service("SR-CQ-QZH")
    assert train.mode is Mode.RAIL and train.product is Product.SEA_RAIL
    assert [stop.location for stop in train.stops] == ["CNCQI", "CNQZH"]  # CNCKG is an alias
    assert train.transit_time == dt.timedelta(hours=48)
    assert train.stops[1].distance_km == 1450
    assert train.provenance["stops[1].arrival_h"].text == "people-daily-2017-05-13"
    assert isinstance(train.schedule, WeeklySchedule)
    assert train.schedule.departures_per_week == 3


def test_unpublished_land_distances_are_great_circle_times_circuity(mini: Network) -> None:
    truck = mini.service("TRUCK-CQ-HAN")
    assert isinstance(truck.schedule, OnDemand)
    # Chongqing → Youyiguan is 848.9 km great-circle; × 1.3 road circuity.
    assert truck.stops[1].distance_km == pytest.approx(1103.6, abs=0.1)
    method = truck.provenance["stops[1].distance_km"]
    assert method.kind is ProvenanceKind.COMPUTED
    assert method.text == "great-circle distance × road circuity factor 1.3"
    assert truck.stops[1].dwell == dt.timedelta(hours=4)


def test_sea_distances_come_from_the_generated_file(mini: Network) -> None:
    ship = mini.service("SEA-QZH-SIN")
    assert ship.stops[1].distance_km == pytest.approx(2487.3)
    assert ship.provenance["stops[1].distance_km"].text.startswith("sea distance searoute")


def test_clean_dataset_reports_no_problem() -> None:
    reading = read_dataset(MINI)
    assert reading.problems == []
    assert reading.network is not None


def _broken(tmp_path: Path, file: str, change: Any) -> list[str]:
    root = copy_dataset(MINI, tmp_path / "mini")
    edit_toml(root / file, change)
    reading = read_dataset(root)
    assert reading.network is None
    return [str(problem) for problem in reading.problems]


def _set(path: list[str | int], value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _svc(index: int, *path: str | int) -> list[str | int]:
    return ["service", index, *path]


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (
            "services/lines.toml",
            _set(_svc(0, "stops", 1, "at"), "CNXXX"),
            "services/lines.toml: service SR-CQ-QZH: stops[1].at: unknown location 'CNXXX'",
        ),
        (
            "services/lines.toml",
            _set(_svc(2, "stops", 2, "arrival_h", "value"), 20),
            "services/lines.toml: service TRUCK-CQ-HAN: stops[2].arrival_h: 20 h does not come "
            "after the previous stop's departure at 34 h",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "capacity_teu", "value"), -5),
            "services/lines.toml: service SR-CQ-QZH: capacity_teu: must not be negative, got -5",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "tariff", "per_teu", "value"), -1),
            "services/lines.toml: service SR-CQ-QZH: tariff.per_teu: must not be negative, got -1",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "tariff", "currency"), "RMB"),
            "services/lines.toml: service SR-CQ-QZH: tariff.currency: "
            "currency 'RMB' is not an ISO 4217 currency code",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "capacity_teu"), 100),
            "services/lines.toml: service SR-CQ-QZH: capacity_teu: "
            "figure without a source: write { value = 100, source = … }",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "stops", 1, "arrival_h", "source"), "nobody-2020"),
            "services/lines.toml: service SR-CQ-QZH: stops[1].arrival_h: "
            "cites unknown source 'nobody-2020' (no [source.nobody-2020] table)",
        ),
        (
            "services/lines.toml",
            _set(_svc(1, "id"), "SR-CQ-QZH"),
            "services/lines.toml: service SR-CQ-QZH: id: "
            "duplicate service id 'SR-CQ-QZH' (also in services/lines.toml)",
        ),
        (
            "services/lines.toml",
            _set(_svc(1, "stops", 1, "distance_km"), {"value": 2400, "estimate": "typed by hand"}),
            "services/lines.toml: service SEA-QZH-SIN: stops[1].distance_km: sea distances come "
            "from the searoute package (sea_distances.toml); remove this figure",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "mode"), "air"),
            "services/lines.toml: service SR-CQ-QZH: mode: "
            "unknown mode 'air' (expected rail, sea, road, inland_waterway)",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "schedule", "days"), ["mon", "funday"]),
            "services/lines.toml: service SR-CQ-QZH: schedule.days: "
            "unknown weekday 'funday' (expected mon … sun or daily)",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "schedule", "times"), ["25:00"]),
            "services/lines.toml: service SR-CQ-QZH: schedule.times: '25:00' is not a time HH:MM",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "stops", 1, "arival_h"), 3),
            "services/lines.toml: service SR-CQ-QZH: stops[1].arival_h: unknown field "
            "(expected one of arrival_h, at, departure_h, distance_km, dwell_h, note)",
        ),
        (
            "locations.toml",
            _set(["location", 1, "locode"], "CN-QZH"),
            "locations.toml: location CN-QZH: locode: "
            "locode 'CN-QZH' is neither a UN/LOCODE nor a facility key like 'CNCQI-TJC'",
        ),
        (
            "locations.toml",
            _set(["location", 1, "coordinates", "lat"], 95.0),
            "locations.toml: location CNQZH: coordinates.lat: 95.0 is out of range [-90, 90]",
        ),
        (
            "locations.toml",
            _set(["location", 2, "coordinates", "lon"], -200),
            "locations.toml: location SGSIN: coordinates.lon: -200 is out of range [-180, 180]",
        ),
        (
            "locations.toml",
            _set(["location", 2, "locode"], "CNQZH"),
            "locations.toml: location CNQZH: locode: "
            "duplicate locode 'CNQZH' (also in locations.toml)",
        ),
        (
            "locations.toml",
            _set(["location", 0, "handling", "currency"], "YUAN"),
            "locations.toml: location CNCQI: handling.currency: "
            "currency 'YUAN' is not an ISO 4217 currency code",
        ),
        (
            "locations.toml",
            _set(["location", 0, "country"], "VN"),
            "locations.toml: location CNCQI: country: 'VN' does not match the locode's country 'CN'",
        ),
        (
            "locations.toml",
            _set(["location", 3, "customs", "border"], "CN-CN"),
            "locations.toml: location CNYYG: customs.border: 'CN-CN' joins a country to itself",
        ),
        (
            "locations.toml",
            _set(["location", 0, "coordinates"], {"lat": 29.5, "lon": 106.5}),
            "locations.toml: location CNCQI: coordinates: "
            'figure without a source: add source = "<key>" or estimate = "<how>"',
        ),
        (
            "sources.toml",
            _set(["source", "unlocode-2024-2", "year"], "recent"),
            "sources.toml: source unlocode-2024-2: year: must be a year such as 2024, got 'recent'",
        ),
    ],
)
def test_each_problem_names_file_record_and_field(
    tmp_path: Path, file: str, change: Any, expected: str
) -> None:
    assert expected in _broken(tmp_path, file, change)


def test_a_terminal_without_handling_is_reported(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        del record(document, "location", "locode", "CNQZH")["handling"]

    assert _broken(tmp_path, "locations.toml", change) == [
        "locations.toml: location CNQZH: handling: missing: a terminal needs [location.handling]"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        document["service"][0]["stops"][1]["at"] = "CNXXX"
        document["service"][0]["capacity_teu"]["value"] = -1
        document["service"][2]["tariff"]["currency"] = "XYZ"

    problems = _broken(tmp_path, "services/lines.toml", change)
    assert len(problems) == 3


def test_missing_sea_distance_says_how_to_make_it(tmp_path: Path) -> None:
    root = copy_dataset(MINI, tmp_path / "mini")
    (root / "sea_distances.toml").unlink()
    reading = read_dataset(root)
    assert [str(p) for p in reading.problems] == [
        "services/lines.toml: service SEA-QZH-SIN: stops[1].at: no sea distance for "
        "CNQZH → SGSIN in sea_distances.toml; run `landsea network sea-distances`"
    ]
    assert read_dataset(root, require_sea_distances=False).network is not None


def test_invalid_toml_is_reported_with_its_file(tmp_path: Path) -> None:
    root = copy_dataset(MINI, tmp_path / "mini")
    (root / "services" / "broken.toml").write_text("[[service]\nid = 1\n", encoding="utf-8")
    problems = [str(p) for p in read_dataset(root).problems]
    assert len(problems) == 1
    assert problems[0].startswith("services/broken.toml: not valid TOML: ")


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    root = copy_dataset(MINI, tmp_path / "mini")
    (root / "dataset.toml").unlink()
    with pytest.raises(DatasetError) as raised:
        load_dataset(root)
    assert raised.value.code == "invalid_dataset"
    assert [str(p) for p in raised.value.problems] == [
        "dataset.toml: missing: every dataset has a dataset.toml"
    ]


def test_not_a_folder(tmp_path: Path) -> None:
    problems = read_dataset(tmp_path / "nowhere").problems
    assert [p.message for p in problems] == ["is not a dataset folder"]


def test_on_demand_trucks_without_times_get_driving_times(tmp_path: Path) -> None:
    root = copy_dataset(MINI, tmp_path / "mini")

    def change(document: dict[str, Any]) -> None:
        truck = record(document, "service", "id", "TRUCK-CQ-HAN")
        for stop in truck["stops"][1:]:
            stop.pop("arrival_h", None)
            stop.pop("departure_h", None)
        truck["stops"][1]["dwell_h"] = {"value": 3, "estimate": "test value: border formalities"}

    edit_toml(root / "services" / "lines.toml", change)
    network = load_dataset(root)
    truck = network.service("TRUCK-CQ-HAN")
    rules = network.driving_rules
    assert rules is not None
    first, second = truck.stops[1], truck.stops[2]
    assert first.arrival is not None and first.departure is not None and second.arrival is not None
    to_border = rules.elapsed_hours(first.distance_km)
    assert first.arrival.total_seconds() / 3600 == pytest.approx(to_border)
    assert (first.departure - first.arrival).total_seconds() / 3600 == pytest.approx(3)
    whole = rules.elapsed_hours(first.distance_km + second.distance_km) + 3
    assert second.arrival.total_seconds() / 3600 == pytest.approx(whole)
    assert truck.provenance["stops[1].arrival_h"].kind is ProvenanceKind.COMPUTED


def test_cutoffs_fares_and_road_rules_are_read() -> None:
    network = load_dataset(MINI)
    assert network.cutoff_h[Mode.SEA] == 24 and network.cutoff_h[Mode.ROAD] == 0
    assert network.cutoff_for(network.service("SR-CQ-QZH")) == 6
    assert network.driving_rules is not None and network.driving_rules.average_speed_kmh == 60


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (
            "dataset.toml",
            _set(
                ["fares"], {"rail_fixed_share": {"value": 1.5, "estimate": "a broken share value"}}
            ),
            "dataset.toml: fares: rail_fixed_share: a share is at most 1, got 1.5",
        ),
        (
            "services/lines.toml",
            _set(_svc(0, "stops", 1, "dwell_h"), {"value": 2, "estimate": "a dwell on a train"}),
            "services/lines.toml: service SR-CQ-QZH: stops[1].dwell_h: "
            "only for computed driving times; give departure_h instead",
        ),
        (
            "dataset.toml",
            _set(["cutoff", "sea"], 24),
            "dataset.toml: cutoff: sea: figure without a source: write { value = 24, source = … }",
        ),
    ],
)
def test_more_problems(tmp_path: Path, file: str, change: Any, expected: str) -> None:
    assert expected in _broken(tmp_path, file, change)


def test_partial_rides_pay_a_fixed_share() -> None:
    network = load_dataset(MINI)
    truck = network.service("TRUCK-CQ-HAN")
    share = truck.distance_between(0, 1) / truck.distance_km
    fare = truck.fare(0, 1, fixed_share=0.25)
    assert float(fare.amount) == pytest.approx(12000 * (0.25 + 0.75 * share), abs=0.01)
    assert truck.fare(0, 2, fixed_share=0.25).amount == 12000


def test_the_package_keeps_its_public_names() -> None:
    import landsea.feeds.dataset as dataset

    assert sorted(dataset.__all__) == [
        "DatasetReading", "SEA_DISTANCES_FILE", "SeaLeg", "dumps", "folder_documents",
        "load_dataset", "loads", "read_dataset", "read_documents", "write_documents",
    ]  # fmt: skip
    assert all(getattr(dataset, name).__module__.startswith("landsea.feeds.dataset.")
               for name in dataset.__all__ if name != "SEA_DISTANCES_FILE")  # fmt: skip
