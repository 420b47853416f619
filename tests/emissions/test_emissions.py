"""ISO 14083 / GLEC v3 emissions: the factor table, the factor each leg and hub takes, the sums."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.network import LocationKind, Mode
from landsea.emissions import EmissionsModel, load_factor_table
from landsea.errors import InvalidInput


@pytest.fixture(scope="module")
def model() -> EmissionsModel:
    return EmissionsModel()


def test_every_factor_names_its_source_version_and_page() -> None:
    table = load_factor_table()
    assert len(table.factors) >= 15
    for factor in table.factors.values():
        assert factor.source in table.sources
        assert factor.version == "3.0" and factor.page
        assert factor.wtw == pytest.approx(factor.wtt + factor.ttw, abs=0.2) or factor.mode == "hub"


@pytest.mark.parametrize(
    ("origin", "destination", "key"),
    [
        ("CN", "SG", "sea/container/se_ne_asia"),
        ("SG", "MY", "sea/container/intra_se_asia"),
        ("CN", "CN", "sea/container/intra_ne_asia"),
        ("CN", "AE", "sea/container/asia_middle_east_india"),
        ("SG", "NL", "sea/container/asia_north_europe"),
        ("NL", "DE", "sea/container/intra_north_europe"),
        ("CN", "BR", "sea/container/industry_average"),
    ],
)
def test_sea_legs_take_their_trade_lane(
    model: EmissionsModel, origin: str, destination: str, key: str
) -> None:
    assert model.leg_factor(Mode.SEA, origin, destination, CargoType.GENERAL).factor.key == key


def test_leg_emissions_follow_glec(model: EmissionsModel) -> None:
    rail = model.leg(Mode.RAIL, "CN", "CN", 1450, Cargo(teu=2))
    assert rail.activity == 20 * 1450 and rail.activity_unit == "t-km"
    assert rail.wtw_kg == pytest.approx(20 * 1450 * 27.6 / 1000)
    assert rail.wtw_kg == pytest.approx(rail.wtt_kg + rail.ttw_kg)
    road = model.leg(Mode.ROAD, "CN", "VN", 100, Cargo(teu=1, mass_tonnes=8))
    assert road.wtw_kg == pytest.approx(8 * 100 * 115.9 / 1000)  # Asia: Europe value × 1.22
    europe = model.leg(Mode.ROAD, "DE", "PL", 100, Cargo(teu=1, mass_tonnes=8))
    assert europe.wtw_kg == pytest.approx(8 * 100 * 95 / 1000)
    river = model.leg(Mode.INLAND_WATERWAY, "CN", "CN", 2370, Cargo(teu=1))
    assert river.wtw_kg == pytest.approx(10 * 2370 * 27.0 / 1000)


def test_reefer_uplifts(model: EmissionsModel) -> None:
    dry = model.leg(Mode.SEA, "CN", "SG", 1000, Cargo(teu=1))
    cold = model.leg(Mode.SEA, "CN", "SG", 1000, Cargo(teu=1, cargo_type=CargoType.REEFER))
    assert cold.wtw_kg / dry.wtw_kg == pytest.approx(172.2 / 89.0)
    truck = model.leg(Mode.ROAD, "CN", "CN", 100, Cargo(teu=1))
    cold_truck = model.leg(Mode.ROAD, "CN", "CN", 100, Cargo(teu=1, cargo_type=CargoType.REEFER))
    assert cold_truck.wtw_kg / truck.wtw_kg == pytest.approx(1.12)


def test_hubs(model: EmissionsModel) -> None:
    port = model.hub(frozenset({LocationKind.SEAPORT}), Cargo(teu=3))
    assert port.activity == 2 and port.wtw_kg == pytest.approx(2 * 10.7)  # one FEU + one TEU
    assert port.ttw_kg == 0
    dry_port = model.hub(frozenset({LocationKind.RAIL_TERMINAL}), Cargo(teu=2))
    assert dry_port.wtw_kg == pytest.approx(20 * 0.6)
    cold = model.hub(frozenset({LocationKind.SEAPORT}), Cargo(teu=2, cargo_type=CargoType.REEFER))
    assert cold.wtw_kg == pytest.approx(12.6)


def test_a_broken_factor_table_is_refused(tmp_path: Path) -> None:
    text = (files("landsea") / "data" / "emission_factors.toml").read_text(encoding="utf-8")
    broken = tmp_path / "factors.toml"
    broken.write_text(text.replace("wtw = 157.9", "wtw = 190.0", 1), encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"factor\[0\]: wtw 190.0 is not wtt 21.5 \+ ttw 136.4"):
        load_factor_table(str(broken))
