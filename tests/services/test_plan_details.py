"""What the plan page shows comes from the plan's typed result: each option tagged cheapest,
fastest or lowest CO2e, its price split into freight and handling, and each leg's cut-off and
the capacity left on its run (both databases, rolled back)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from landsea.api.schemas import PlanPublic, dump
from landsea.services.planning import PlanQuestion, Tag, plan_on_platform
from landsea.services.platform import Platform

QUESTION = PlanQuestion(origin="CNCQI", destination="SGSIN", depart=dt.date(2026, 12, 7), teu=2)
TRAIN = "SR-CQ-QZH-20261207-0900"


def test_each_option_is_tagged_with_what_it_is_best_at(platform: Platform) -> None:
    options = plan_on_platform(platform, QUESTION).options
    assert len(options) >= 2
    criteria: dict[Tag, list[object]] = {
        Tag.CHEAPEST: [o.cost.amount for o in options],
        Tag.FASTEST: [o.arrival for o in options],
        Tag.LOWEST_CO2E: [o.co2e_kg for o in options],
    }
    for tag, values in criteria.items():
        best = min(values)  # type: ignore[type-var]
        assert [tag in o.tags for o in options] == [v == best for v in values], tag
    assert not all(len(o.tags) == 3 for o in options)


def test_the_price_is_split_into_freight_per_leg_and_handling(platform: Platform) -> None:
    for option in plan_on_platform(platform, QUESTION).options:
        assert option.price is not None
        assert option.price.freight.amount == sum(leg.cost.amount for leg in option.legs)
        assert option.price.handling.amount == sum(s.cost.amount for s in option.handling)
        assert option.price.handling.amount == 0 or option.handling
        total = option.price.freight.amount + option.price.handling.amount
        assert abs(total - option.cost.amount) <= Decimal("0.01") * len(option.legs)


def test_each_leg_has_its_cut_off_and_the_capacity_left_on_its_run(platform: Platform) -> None:
    question = PlanQuestion(
        origin="CNCQI-TJC", destination="CNQZH", depart=dt.date(2026, 12, 7), window_days=1
    )
    before = plan_on_platform(platform, question)
    train = next(leg for o in before.options for leg in o.legs if leg.departure_id == TRAIN)
    cutoff = platform.network.cutoff_for(platform.network.services[train.service_id])
    assert cutoff > 0 and train.cutoff == train.departure - dt.timedelta(hours=cutoff)
    assert train.cutoff is not None and train.cutoff.utcoffset() == dt.timedelta(hours=8)
    with platform.uow() as uow:
        stored = uow.departures.get(TRAIN)
        assert stored is not None and uow.departures.reserve(TRAIN, 5, 0)
    assert train.capacity_left_teu == stored.remaining_teu
    after = plan_on_platform(platform, question)
    again = next(leg for o in after.options for leg in o.legs if leg.departure_id == TRAIN)
    assert again.capacity_left_teu == stored.remaining_teu - 5
    trucks = [leg for o in before.options for leg in o.legs if leg.on_demand]
    assert all(leg.cutoff is None and leg.capacity_left_teu is None for leg in trucks)


def test_the_plan_json_adds_the_figures_and_renames_nothing(platform: Platform) -> None:
    document = dump(PlanPublic.of(plan_on_platform(platform, QUESTION)))
    option = document["options"][0]
    assert {"departure", "arrival", "cost", "co2e_kg", "legs", "handling"} <= set(option)
    assert set(option["price"]) == {"freight", "handling"}
    assert set(option["tags"]) <= {"cheapest", "fastest", "lowest_co2e"}
    leg = option["legs"][0]
    assert {"from", "to", "cutoff", "capacity_left_teu", "cost"} <= set(leg)
