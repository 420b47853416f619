"""The built-in ILSTC dataset: it validates, it is complete, and its figures are honest."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from landsea.cli.main import app
from landsea.domain import LocationKind, Mode, Network, Product, Service
from landsea.domain.provenance import Provenance, ProvenanceKind
from landsea.feeds.dataset import SEA_DISTANCES_FILE, read_dataset
from landsea.feeds.provenance_checks import FIGURE_KINDS, coverage, dated_transit_times
from landsea.feeds.sea_routes import sea_route
from landsea.services.network import dataset_path, load_network
from tests.fixtures import copy_builtin, edit_toml, record

CHONGQING = {"CNCQI", "CNCQI-TJC", "CNCQI-GYP", "CNCQI-NPB", "CNCTN", "CNJGJ"}
VIENTIANE = {"LAVTE", "LATHG"}
BANGKOK = {"THBKK", "THLKR", "THLCH"}
BEIBU_GULF = {"CNQZH", "CNBIH", "CNFAN"}


@pytest.fixture(scope="module")
def ilstc() -> Network:
    return load_network("ilstc")


def test_builtin_dataset_has_no_problem() -> None:
    reading = read_dataset(dataset_path("ilstc"))
    assert [str(p) for p in reading.problems] == []


def test_size(ilstc: Network) -> None:
    assert len(ilstc.locations) >= 130
    assert len(ilstc.services) >= 160


PROVINCES = {
    "Chongqing": CHONGQING,
    "Sichuan": {"CNCDU", "CNYBN", "CNDEY", "CNMYG"},
    "Guizhou": {"CNGYA", "CNZNY"},
    "Yunnan": {"CNKNM", "CNJOG"},
    "Guangxi": {"CNNIN", "CNLZH", "CNBSE"},
    "Shaanxi": {"CNXIA", "CNBOJ"},
    "Gansu": {"CNLAZ", "CNTSU"},
    "Qinghai": {"CNXNT", "CNGOQ"},
    "Ningxia": {"CNYCH"},
    "Xinjiang": {"CNURM", "CNHMI", "CNKRL"},
    "Inner Mongolia": {"CNBOT", "CNHHH"},
    "Hunan": {"CNCSH", "CNHNY"},
    "Hubei": {"CNNHN", "CNXIW"},
    "Henan": {"CNZGZ"},
    "Shandong": {"CNJNA", "CNQIN"},
    "Hebei": {"CNSJZ"},
    "Jiangxi": {"CNNCH", "CNGAZ"},
}


@pytest.mark.parametrize("province", sorted(PROVINCES))
def test_every_province_sends_trains_to_the_beibu_gulf(ilstc: Network, province: str) -> None:
    stations = PROVINCES[province]
    assert stations <= set(ilstc.locations)
    trains = _find(ilstc, Product.SEA_RAIL, stations, "CNQZH", mode=Mode.RAIL)
    trains += _find(ilstc, Product.CHINA_LAOS_RAILWAY, stations, VIENTIANE, mode=Mode.RAIL)
    assert trains, province


@pytest.mark.parametrize(("province", "port"), [("Guangdong", "CNZNG"), ("Guangdong", "CNNSA")])
def test_the_coastal_provinces_gateways_are_reached(
    ilstc: Network, province: str, port: str
) -> None:
    assert _find(ilstc, Product.SEA_RAIL, CHONGQING, port, mode=Mode.RAIL), province


def test_hainan_is_linked_to_the_beibu_gulf_by_sea(ilstc: Network) -> None:
    assert _find(ilstc, Product.OCEAN, {"CNHKO", "CNYPG"}, "CNQZH", mode=Mode.SEA)


@pytest.mark.parametrize(
    ("product", "origin", "destination", "via"),
    [
        (Product.CHINA_LAOS_RAILWAY, "CNKNM", VIENTIANE, "CNMHN"),
        (Product.CHINA_LAOS_RAILWAY, VIENTIANE, "CNKNM", "LABTN"),
        (Product.CHINA_LAOS_RAILWAY, CHONGQING, VIENTIANE, "CNMHN"),
        (Product.CHINA_LAOS_RAILWAY, VIENTIANE, CHONGQING, "CNMHN"),
        (Product.CHINA_LAOS_RAILWAY, "CNCDU", VIENTIANE, "CNMHN"),
        (Product.CHINA_LAOS_RAILWAY, "CNJOG", VIENTIANE, "CNMHN"),
        (Product.CHINA_LAOS_RAILWAY, "CNYCH", VIENTIANE, "CNKNM"),
        (Product.CHINA_LAOS_RAILWAY, "CNKNM", BANGKOK, "LATHG"),
        (Product.CHINA_LAOS_RAILWAY, BANGKOK, "CNKNM", "LATHG"),
        (Product.CHINA_LAOS_RAILWAY, VIENTIANE, "THLCH", "THLKR"),
        (Product.CHINA_VIETNAM_RAIL, "CNNIN", "VNHAN", "CNPIN"),
        (Product.CHINA_VIETNAM_RAIL, "VNHAN", "CNNIN", "CNPIN"),
        (Product.CHINA_VIETNAM_RAIL, CHONGQING, "VNHAN", "CNPIN"),
        (Product.CHINA_VIETNAM_RAIL, "VNHAN", CHONGQING, "CNPIN"),
        (Product.CHINA_VIETNAM_RAIL, "CNCDU", "VNHAN", "CNPIN"),
        (Product.CHINA_VIETNAM_RAIL, "CNNCH", "VNHAN", "CNPIN"),
        (Product.CHINA_VIETNAM_RAIL, "CNKNM", "VNHAN", "CNHKM"),
        (Product.CHINA_VIETNAM_RAIL, "CNKNM", "VNHPH", "CNHKM"),
        (Product.CHINA_VIETNAM_RAIL, "VNHPH", "CNKNM", "CNHKM"),
    ],
)
def test_every_china_laos_thailand_and_china_vietnam_rail_product(
    ilstc: Network,
    product: Product,
    origin: set[str] | str,
    destination: set[str] | str,
    via: str,
) -> None:
    assert _find(ilstc, product, origin, destination, via, Mode.RAIL)


def _codes(places: set[str] | str) -> set[str]:
    return {places} if isinstance(places, str) else places


def _serves(service: Service, origin: set[str] | str, destination: set[str] | str) -> bool:
    """Whether the service calls at one of ``origin`` and later at one of ``destination``."""
    calls = [stop.location for stop in service.stops]
    starts = [i for i, code in enumerate(calls) if code in _codes(origin)]
    return any(code in _codes(destination) for code in calls[starts[0] + 1 :]) if starts else False


def _via(service: Service, place: str) -> bool:
    return any(stop.location == place for stop in service.stops[1:-1])


def _find(
    network: Network,
    product: Product,
    origin: set[str] | str,
    destination: set[str] | str,
    via: str | None = None,
    mode: Mode | None = None,
) -> list[Service]:
    return [
        s
        for s in network.services.values()
        if s.product is product
        and _serves(s, origin, destination)
        and (via is None or _via(s, via))
        and (mode is None or s.mode is mode)
    ]


@pytest.mark.parametrize("origin", [CHONGQING, "CNCDU", "CNGYA", "CNKNM", "CNXIA", "CNLAZ"])
def test_sea_rail_trains_to_qinzhou(ilstc: Network, origin: set[str] | str) -> None:
    assert _find(ilstc, Product.SEA_RAIL, origin, "CNQZH", mode=Mode.RAIL)


@pytest.mark.parametrize("port", ["CNQZH", "CNBIH", "CNFAN", "CNZNG", "CNNSA"])
def test_sea_rail_trains_from_chongqing_to_each_gateway(ilstc: Network, port: str) -> None:
    assert _find(ilstc, Product.SEA_RAIL, CHONGQING, port, mode=Mode.RAIL)


@pytest.mark.parametrize(
    ("origin", "destination", "via"),
    [
        ("CNKNM", VIENTIANE, "CNMHN"),
        (CHONGQING, VIENTIANE, None),
        ("CNCDU", VIENTIANE, None),
        (VIENTIANE, BANGKOK, None),
    ],
)
def test_china_laos_railway(
    ilstc: Network, origin: set[str] | str, destination: set[str], via: str | None
) -> None:
    assert _find(ilstc, Product.CHINA_LAOS_RAILWAY, origin, destination, via, Mode.RAIL)


@pytest.mark.parametrize(
    ("origin", "destination", "via"),
    [
        (CHONGQING, "VNHAN", "CNPIN"),
        ("CNNIN", "VNHAN", "CNPIN"),
        ("CNCDU", "VNHAN", "CNPIN"),
        ("CNKNM", "VNHPH", "CNHKM"),
    ],
)
def test_china_vietnam_trains(
    ilstc: Network, origin: set[str] | str, destination: str, via: str
) -> None:
    assert _find(ilstc, Product.CHINA_VIETNAM_RAIL, origin, destination, via, Mode.RAIL)


@pytest.mark.parametrize(
    ("origin", "destination"),
    [
        (CHONGQING, "VNHAN"),
        (CHONGQING, "VNHYN"),
        (CHONGQING, "VNHDG"),
        (CHONGQING, VIENTIANE),
        (CHONGQING, BANGKOK),
        (CHONGQING, "MMRGN"),
        ("CNNIN", "VNHAN"),
        ("CNKNM", "VNHAN"),
    ],
)
def test_cross_border_trucks(
    ilstc: Network, origin: set[str] | str, destination: set[str] | str
) -> None:
    trucks = _find(ilstc, Product.CROSS_BORDER_ROAD, origin, destination, mode=Mode.ROAD)
    assert trucks
    assert any(
        ilstc.locations[stop.location].is_border_crossing
        for truck in trucks
        for stop in truck.stops
    )


@pytest.mark.parametrize("destination", ["DEDUI", "DEHAM", "PLLOD", "HUBUD", "UZTAS", "RUMOW"])
def test_china_europe_railway_destinations(ilstc: Network, destination: str) -> None:
    assert _find(ilstc, Product.CHINA_EUROPE_RAILWAY, CHONGQING | {"CNCDU"}, destination)


@pytest.mark.parametrize("border", ["CNAKL", "CNHRS", "CNMLX", "CNERC"])
def test_china_europe_railway_borders(ilstc: Network, border: str) -> None:
    assert _find(ilstc, Product.CHINA_EUROPE_RAILWAY, CHONGQING | {"CNCDU"}, border)


@pytest.mark.parametrize("origin", [CHONGQING, "CNCDU"])
def test_china_europe_railway_origins(ilstc: Network, origin: set[str] | str) -> None:
    assert _find(ilstc, Product.CHINA_EUROPE_RAILWAY, origin, {"DEDUI", "PLLOD", "DEHAM"})


def test_yangtze_both_directions_with_their_own_times(ilstc: Network) -> None:
    down = _find(ilstc, Product.YANGTZE, CHONGQING, "CNSGH", mode=Mode.INLAND_WATERWAY)
    up = _find(ilstc, Product.YANGTZE, "CNSGH", CHONGQING, mode=Mode.INLAND_WATERWAY)
    assert down and up
    assert _find(ilstc, Product.YANGTZE, CHONGQING, "CNTAC")
    assert _find(ilstc, Product.YANGTZE, "CNTAC", CHONGQING)
    assert _find(ilstc, Product.YANGTZE, "CNWZH", "CNSGH")
    assert min(s.transit_time for s in up) > min(s.transit_time for s in down)


def test_the_three_gorges_lock_holds_ships(ilstc: Network) -> None:
    lock = next(c for c, loc in ilstc.locations.items() if LocationKind.LOCK in loc.kinds)
    waits = [
        stop.dwell
        for service in ilstc.services.values()
        for stop in service.stops
        if stop.location == lock
    ]
    assert waits and all(wait.total_seconds() > 0 for wait in waits)


@pytest.mark.parametrize(
    "port",
    [
        "SGSIN",
        "VNHPH",
        "VNSGN",
        "MYPKG",
        "IDJKT",
        "PHMNL",
        "THLCH",
        "BNMUA",
        "LKCMB",
        "BDCGP",
        "AEJEA",
        "KRPUS",
        "JPTYO",
        "JPOSA",
        "MYTPP",
        "IDSUB",
        "INNSA",
        "PKKHI",
        "THSGZ",
    ],
)
def test_sea_services_from_the_beibu_gulf(ilstc: Network, port: str) -> None:
    assert _find(ilstc, Product.OCEAN, BEIBU_GULF, port, mode=Mode.SEA)


@pytest.mark.parametrize(
    "port", ["SGSIN", "VNHPH", "VNSGN", "MYPKG", "IDJKT", "PHMNL", "THLCH", "NLRTM", "DEHAM"]
)
def test_sea_services_from_shanghai(ilstc: Network, port: str) -> None:
    assert _find(ilstc, Product.OCEAN, "CNSGH", port, mode=Mode.SEA)


def test_every_required_place_is_present(ilstc: Network) -> None:
    required = {
        "CNCQI", "CNCQI-TJC", "CNCQI-GYP", "CNCQI-NPB", "CNCTN", "CNJGJ", "CNCDU", "CNGYA",
        "CNKNM", "CNNIN", "CNXIA", "CNLAZ", "CNURM", "CNWZH", "CNYIC", "CNNHN", "CNTAC", "CNSGH",
        "CNQZH", "CNBIH", "CNFAN", "CNZNG", "CNYPG", "CNNSA", "CNPIN", "CNYYG", "CNLGB", "CNDOX",
        "CNHKM", "CNMHN", "LABTN", "CNRUI", "CNAKL", "CNHRS", "CNERC", "CNMLX", "BYBQT", "PLMAA",
        "VNHAN", "VNHPH", "VNSGN", "VNHYN", "VNHDG", "LAVTE", "LATHG", "THBKK", "THLCH", "THLKR",
        "MMRGN", "MMMDL", "MYPKG", "MYKUA", "SGSIN", "IDJKT", "PHMNL", "BNMUA", "LKCMB", "BDCGP",
        "AEJEA", "DEDUI", "DEHAM", "PLLOD", "HUBUD", "KZALA", "UZTAS", "RUMOW", "NLRTM",
    }  # fmt: skip
    assert required <= set(ilstc.locations)


@pytest.mark.parametrize(
    ("alias", "code"), [("CNCKG", "CNCQI"), ("CNSHA", "CNSGH"), ("CNKMG", "CNKNM")]
)
def test_airport_codes_are_aliases_of_the_city(ilstc: Network, alias: str, code: str) -> None:
    assert ilstc.location(alias).code == code


@pytest.mark.parametrize(
    ("query", "code"),
    [("重庆", "CNCQI"), ("Chongqing", "CNCQI"), ("河内", "VNHAN"), ("Singapore", "SGSIN")],
)
def test_the_planner_examples_resolve(ilstc: Network, query: str, code: str) -> None:
    assert ilstc.location(query).code == code


def test_every_place_has_both_names_and_every_terminal_its_parameters(ilstc: Network) -> None:
    for location in ilstc.locations.values():
        assert location.name.en and location.name.zh
        assert any("\u4e00" <= ch <= "\u9fff" for ch in location.name.zh), location.code
        if location.is_terminal:
            assert location.handling is not None, location.code
        if location.is_border_crossing:
            assert location.customs is not None and location.customs.border, location.code


def test_every_cited_source_exists_and_every_estimate_explains_itself(ilstc: Network) -> None:
    figures = itertools.chain.from_iterable(
        record.provenance.values()
        for record in itertools.chain(ilstc.locations.values(), ilstc.services.values())
    )
    for provenance in figures:
        if provenance.kind is ProvenanceKind.SOURCE:
            assert provenance.text in ilstc.sources
        else:
            assert len(provenance.text) >= 10


def test_sea_distances_are_searoute_output_not_typed_by_hand(ilstc: Network) -> None:
    """Recompute a sample of the stored sea legs with searoute; they must agree."""
    path: Path = dataset_path("ilstc") / SEA_DISTANCES_FILE
    assert path.read_text(encoding="utf-8").startswith(
        "# GENERATED by `landsea network sea-distances`"
    )
    checked = 0
    for service in sorted(ilstc.services.values(), key=lambda s: s.id):
        if service.mode is not Mode.SEA:
            continue
        for before, after in itertools.pairwise(service.stops):
            a, b = ilstc.locations[before.location], ilstc.locations[after.location]
            expected = sea_route((a.lat, a.lon), (b.lat, b.lon)).km
            assert after.distance_km == pytest.approx(expected, abs=0.1)
            checked += 1
    assert checked >= 20


def _break_builtin(
    tmp_path: Path, file: str, change: Callable[[dict[str, Any]], None]
) -> list[str]:
    root = copy_builtin(tmp_path / "ilstc")
    edit_toml(root / file, change)
    return [str(problem) for problem in read_dataset(root).problems]


def test_broken_copy_unknown_stop(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        record(document, "service", "id", "SR-CQ-QZH")["stops"][1]["at"] = "CNGYX"

    assert _break_builtin(tmp_path, "services/sea_rail.toml", change) == [
        "services/sea_rail.toml: service SR-CQ-QZH: stops[1].at: unknown location 'CNGYX'"
    ]


def test_broken_copy_coordinates_out_of_range(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        record(document, "location", "locode", "CNQZH")["coordinates"]["lat"] = 121.67

    assert _break_builtin(tmp_path, "locations.toml", change) == [
        "locations.toml: location CNQZH: coordinates.lat: 121.67 is out of range [-90, 90]"
    ]


def test_broken_copy_malformed_locode_and_duplicate_service(tmp_path: Path) -> None:
    def locations(document: dict[str, Any]) -> None:
        record(document, "location", "locode", "VNHAN")["aliases"] = ["VN-HAN"]

    def services(document: dict[str, Any]) -> None:
        document["service"][1]["id"] = document["service"][0]["id"]

    root = copy_builtin(tmp_path / "ilstc")
    edit_toml(root / "locations.toml", locations)
    edit_toml(root / "services" / "sea_rail.toml", services)
    problems = [str(problem) for problem in read_dataset(root).problems]
    assert problems == [
        "locations.toml: location VNHAN: aliases: "
        "alias 'VN-HAN' is not a UN/LOCODE (2-letter country + 3 of A-Z, 2-9)",
        "services/sea_rail.toml: service SR-CQ-QZH: id: "
        "duplicate service id 'SR-CQ-QZH' (also in services/sea_rail.toml)",
    ]


# -- sources that say what they are cited for (issue 12, item 7) ------------------------------


def _sourced(network: Network) -> list[tuple[str, str, Provenance]]:
    """Every figure of ``network`` that cites a source: (record, field, provenance)."""
    records = itertools.chain(network.locations.items(), network.services.items())
    return [
        (str(key), field, provenance)
        for key, entity in records
        for field, provenance in entity.provenance.items()
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
    khorgos = ilstc.locations["CNHRS"]
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


def test_dated_transit_times_are_reported(ilstc: Network) -> None:
    dated = dated_transit_times(ilstc.services.values(), ilstc.sources)
    assert ("CRE-DUI-CQ", "railtech-2018-03-29") in {(d.service, d.source) for d in dated}
    assert all(d.year < 2023 for d in dated)


def test_validate_prints_the_coverage() -> None:
    result = CliRunner().invoke(app, ["network", "validate", "ilstc"])
    assert result.exit_code == 0, result.stdout
    for kind in (*FIGURE_KINDS, "all four"):
        assert f"sourced {kind}: " in result.stdout
    assert "dated: CRE-DUI-CQ stops[7].arrival_h cites railtech-2018-03-29 (2018)" in result.stdout
