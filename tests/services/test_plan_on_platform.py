"""The planning use case of the API, the web and the CLI: capacity left and measured clearance
from the platform's database (rolled back after each test, on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from landsea.services.analytics.clearance import CACHE_KEY
from landsea.services.planning import Basis, PlanQuestion, plan, plan_on_platform
from landsea.services.platform import Platform

QUESTION = PlanQuestion(
    origin="CNCQI-TJC", destination="CNQZH", depart=dt.date(2026, 12, 7), window_days=1
)


def _first_train(result_legs: tuple[object, ...]) -> str | None:
    return next((leg.departure_id for leg in result_legs if leg.departure_id), None)  # type: ignore[attr-defined]


def test_a_full_departure_is_not_offered(platform: Platform) -> None:
    before = plan_on_platform(platform, QUESTION)
    assert before.basis is Basis.DATABASE and before.options
    first = _first_train(before.options[0].legs)
    assert first is not None
    with platform.uow() as uow:  # booked to the last TEU
        stored = uow.departures.get(first)
        assert stored is not None and uow.departures.reserve(first, stored.remaining_teu, 0)
    after = plan_on_platform(platform, QUESTION)
    assert all(_first_train(option.legs) != first for option in after.options)
    # The network alone does not know the departure is full.
    alone = plan(platform.network, QUESTION)
    assert alone.basis is Basis.NETWORK
    assert any(_first_train(option.legs) == first for option in alone.options)


def test_measured_clearance_replaces_the_datasets_figure(platform: Platform) -> None:
    question = PlanQuestion(origin="CNQZH", destination="SGSIN", depart=dt.date(2026, 12, 7))
    platform.cache[CACHE_KEY] = (float("inf"), {"CNQZH": 30.0})  # measured 30 h at Qinzhou
    measured = plan_on_platform(platform, question)
    assert measured.clearance_measured == {"CNQZH": 30.0}
    legs = [leg for option in measured.options for leg in option.legs if leg.from_ == "CNQZH"]
    assert legs and all(leg.export_clearance_hours == 30.0 for leg in legs)
