"""The built-in ILSTC dataset: it validates, it is complete, and its figures are honest."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from landsea.domain import Location, LocationKind, Mode, Network, Product, Service
from landsea.domain.provenance import ProvenanceKind
from landsea.feeds.dataset import SEA_DISTANCES_FILE, read_dataset
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
    assert len(ilstc.locations) >= 60
    assert len(ilstc.services) >= 40


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
    records: list[Location | Service] = [*ilstc.locations.values(), *ilstc.services.values()]
    figures = itertools.chain.from_iterable(record.provenance.values() for record in records)
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
