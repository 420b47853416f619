"""Risk screening with the built-in rules file: each rule hit on its own, explained, and the
lanes at their thresholds (green < 1.0 ≤ yellow < 3.0 ≤ red)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from landsea.domain.customs import DeclarationItem, Lane
from landsea.domain.money import Money
from landsea.domain.risk import RiskRules, screen
from landsea.services.customs import load_rules

DURIAN = DeclarationItem(
    hs_code="081060", description="fresh durian", quantity=2000, unit="KGM", net_kg=18000,
    gross_kg=20500, value=Money(Decimal("400000"), "CNY"), origin_country="TH",
)  # fmt: skip


@pytest.fixture(scope="module")
def rules() -> RiskRules:
    return load_rules()


def _screen(
    rules: RiskRules,
    item: DeclarationItem = DURIAN,
    *,
    containers: int = 1,
    parties: tuple[str, ...] = (),
    dangerous: bool = False,
    first: bool = False,
) -> tuple[list[str], float, Lane, list[str]]:
    hits, score, lane = screen(
        rules, items=[item], values_cny=[item.value.amount], containers=containers,
        parties=parties, dangerous_goods=dangerous, first_declaration=first,
    )  # fmt: skip
    return [h.rule for h in hits], score, lane, [h.explanation for h in hits]


def test_a_plain_declaration_hits_nothing_and_is_green(rules: RiskRules) -> None:
    assert _screen(rules)[:3] == ([], 0.0, Lane.GREEN)


def test_a_first_declaration_alone_is_yellow(rules: RiskRules) -> None:
    names, score, lane, explained = _screen(rules, first=True)
    assert (names, score, lane) == (["first_declaration"], 1.0, Lane.YELLOW)
    assert explained == ["first declaration of this trader on the platform"]


def test_a_value_under_30_percent_of_the_benchmark_is_undervalued(rules: RiskRules) -> None:
    # Thai durian: benchmark 18 CNY/kg; 30 % of it is 5.40 CNY/kg. 18,000 kg × 5.39 hits.
    cheap = dataclasses.replace(DURIAN, value=Money(Decimal("97020"), "CNY"))
    names, score, lane, explained = _screen(rules, cheap)
    assert (names, score, lane) == (["undervalued"], 2.0, Lane.YELLOW)
    assert "HS 0810 from TH (18.0 CNY/kg)" in explained[0]
    at_threshold = dataclasses.replace(DURIAN, value=Money(Decimal("97200"), "CNY"))
    assert _screen(rules, at_threshold)[0] == []  # 5.40 CNY/kg is not below 30 %


def test_the_origins_benchmark_comes_before_the_wildcard(rules: RiskRules) -> None:
    assert rules.benchmark("081060", "VN") is not None
    assert rules.benchmark("081060", "VN").value_per_kg == Decimal("8.0")  # type: ignore[union-attr]
    assert rules.benchmark("851762", "DE").origin == "*"  # type: ignore[union-attr]
    assert rules.benchmark("081060", "DE") is None


def test_chemicals_not_declared_dangerous_are_red(rules: RiskRules) -> None:
    acid = dataclasses.replace(DURIAN, hs_code="280700", origin_country="CN")
    names, score, lane, explained = _screen(rules, acid)
    assert (names, score, lane) == (["dangerous_without_declaration"], 3.0, Lane.RED)
    assert explained == [
        "HS chapter 28 (inorganic chemicals) is dangerous-goods territory but the booking is "
        "not declared as dangerous cargo"
    ]
    assert _screen(rules, acid, dangerous=True)[0] == []


def test_a_watchlisted_party_is_red_whatever_its_case(rules: RiskRules) -> None:
    names, score, lane, explained = _screen(rules, parties=("  example SHELL trading ltd",))
    assert (names, score, lane) == (["watchlisted_party"], 3.0, Lane.RED)
    assert "fictional demonstration entry" in explained[0]


@pytest.mark.parametrize("containers", [1, 2, 0])
def test_an_implausible_gross_mass_per_container(rules: RiskRules, containers: int) -> None:
    heavy = dataclasses.replace(DURIAN, gross_kg=31000, net_kg=30000,
                                value=Money(Decimal("9000000"), "CNY"))  # fmt: skip
    names, score, lane, _ = _screen(rules, heavy, containers=containers)
    # 31,000 kg in one container is over ISO 668's 30,480; in two, 15,500 each, fine; with no
    # container numbers there is nothing to divide by.
    expected = ["implausible_weight"] if containers == 1 else []
    assert names == expected
    assert (score, lane) == ((1.5, Lane.YELLOW) if expected else (0, Lane.GREEN))


def test_hits_add_up_to_the_lane(rules: RiskRules) -> None:
    cheap = dataclasses.replace(DURIAN, value=Money(Decimal("1000"), "CNY"))
    names, score, lane, _ = _screen(rules, cheap, first=True)
    assert (sorted(names), score, lane) == (["first_declaration", "undervalued"], 3.0, Lane.RED)


@pytest.mark.parametrize(
    ("score", "lane"),
    [(0.0, Lane.GREEN), (0.99, Lane.GREEN), (1.0, Lane.YELLOW), (2.99, Lane.YELLOW),
     (3.0, Lane.RED), (9.0, Lane.RED)],
)  # fmt: skip
def test_lanes_at_their_thresholds(rules: RiskRules, score: float, lane: Lane) -> None:
    assert rules.lane(score) is lane
