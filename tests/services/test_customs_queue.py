"""The customs officer's queue (both databases, rolled back): the demo fills every lane by the
risk rules themselves, rule hits are said in Chinese from their stored facts, and each
declaration is timed against its lane's clearance service level."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from landsea.domain.customs import DeclarationItem, Lane
from landsea.domain.money import Money
from landsea.services import accounts, customs, customs_queue
from landsea.services.demo import load_demo
from landsea.services.platform import Platform


def test_the_demo_fills_all_three_lanes_by_the_rules(platform: Platform) -> None:
    load_demo(platform)
    officer = accounts.organisation(platform, "Qinzhou Customs")
    found = customs.list_declarations(
        platform, officer, office=None, lane=None, status=None, after=None, limit=100
    )
    lanes = {lane: [d for d in found if d.lane is lane] for lane in Lane}
    assert all(len(lanes[lane]) >= 2 for lane in Lane), {k: len(v) for k, v in lanes.items()}
    rules = customs.load_rules()
    for declaration in found:
        # Each lane is the one its hits' weights earn under the rules: nothing is forced.
        score = round(sum(h.weight for h in declaration.rule_hits), 3)
        assert (declaration.score, declaration.lane) == (score, rules.lane(score))
    red_rules = {h.rule for d in lanes[Lane.RED] for h in d.rule_hits}
    assert {"undervalued", "dangerous_without_declaration"} <= red_rules


def test_rule_hits_are_explained_in_chinese_from_their_facts(platform: Platform) -> None:
    trader = accounts.create_organisation(platform, "Pingxiang Fruit Trader", "shipper")
    lodged = customs.submit(
        platform,
        trader,
        customs.DeclarationRequest(
            direction="import", office="CNPIN", booking_id=None,
            containers=("TGHU0000013", "CSQU3054383"), consignee="Example Shell Trading Ltd",
            items=(DeclarationItem(
                hs_code="0810.60", description="durian", quantity=1, unit="KGM", net_kg=60000,
                gross_kg=64000, value=Money(Decimal("6000"), "CNY"), origin_country="VN"),),
        ),
    )  # fmt: skip
    stored = customs.get_declaration(
        platform, accounts.create_organisation(platform, "Officer", "customs"), lodged.id
    )
    said = {h.rule: customs_queue.explanation(h, "zh-CN") for h in stored.rule_hits}
    assert set(said) == {
        "undervalued", "watchlisted_party", "implausible_weight", "first_declaration",
    }  # fmt: skip
    assert said["undervalued"].startswith("每千克申报价值低于原产地 VN 的 HS 0810 基准价")
    assert "30%" in said["undervalued"]
    assert (
        said["watchlisted_party"]
        == "当事方 'Example Shell Trading Ltd' 在关注名单上（虚构的演示条目）"
    )
    assert "每箱 32,000 千克" in said["implausible_weight"]
    assert said["first_declaration"] == "该企业在本平台的首次申报"
    english = {h.rule: customs_queue.explanation(h, "en") for h in stored.rule_hits}
    assert english == {h.rule: h.explanation for h in stored.rule_hits}


def test_a_hit_stored_without_facts_stays_english() -> None:
    from landsea.domain.customs import RuleHit

    old = RuleHit(rule="undervalued", weight=2.0, explanation="declared value per kg is low")
    assert customs_queue.explanation(old, "zh-CN") == "declared value per kg is low"


def test_each_declaration_is_timed_against_its_lanes_service_level(platform: Platform) -> None:
    trader = accounts.create_organisation(platform, "Clocked Trader", "shipper")
    lodged = customs.submit(
        platform,
        trader,
        customs.DeclarationRequest(
            direction="export", office="CNQZH", booking_id=None, containers=(),
            items=(DeclarationItem(
                hs_code="0902.10", description="tea", quantity=1, unit="KGM", net_kg=100,
                gross_kg=110, value=Money(Decimal("8000"), "CNY"), origin_country="CN"),),
        ),
    )  # fmt: skip
    assert lodged.lane is Lane.YELLOW  # a first declaration
    hours = customs.load_rules().sla_hours["yellow"]
    on_time = customs_queue.clearance_clock(lodged, lodged.created_at + dt.timedelta(hours=1))
    assert (on_time.overdue, on_time.decided) == (False, False)
    assert on_time.left == dt.timedelta(hours=hours - 1)
    assert on_time.due == lodged.created_at + dt.timedelta(hours=hours)
    late = customs_queue.clearance_clock(lodged, lodged.created_at + dt.timedelta(hours=hours + 2))
    assert late.overdue and late.left == dt.timedelta(hours=-2)
    officer = accounts.create_organisation(platform, "Officer", "customs")
    decided = customs.decide(platform, officer, lodged.id, "release", "")
    stopped = customs_queue.clearance_clock(decided, decided.created_at + dt.timedelta(days=9))
    assert stopped.decided and not stopped.overdue and stopped.waited < dt.timedelta(hours=1)
