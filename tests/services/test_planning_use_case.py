"""The planning use case on the built-in corridor: the acceptance examples and the plan JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from landsea.api.schemas import PlanPublic, dump
from landsea.domain import Network
from landsea.errors import InvalidInput
from landsea.services import planning
from landsea.services.network import load_network
from landsea.services.planning import Plan, PlanQuestion


def plan(network: Network, question: PlanQuestion) -> tuple[Plan, dict[str, Any]]:
    """The typed plan and its JSON as the API answers it."""
    result = planning.plan(network, question)
    return result, dump(PlanPublic.of(result))


@pytest.fixture(scope="module")
def ilstc() -> Network:
    return load_network("ilstc")


def _services(option: dict[str, object]) -> list[str]:
    legs = option["legs"]
    assert isinstance(legs, list)
    return [leg["service_id"] for leg in legs]


def test_chongqing_singapore_offers_sea_rail_via_qinzhou_and_the_yangtze_via_shanghai(
    ilstc: Network,
) -> None:
    _, document = plan(
        ilstc,
        PlanQuestion(origin="Chongqing", destination="Singapore", depart=dt.date(2026, 12, 7)),
    )
    options = document["options"]
    sea_rail = [o for o in options if "CNQZH" in o["via"] and o["modes"] == ["road", "rail", "sea"]]
    yangtze = [o for o in options if "CNSGH" in o["via"] and "inland_waterway" in o["modes"]]
    assert sea_rail and yangtze
    fastest_sea_rail = min(sea_rail, key=lambda o: o["transit_hours"])
    river = yangtze[0]
    # The published comparison: sea-rail is about 10–20 days faster at about the same cost.
    assert 10 * 24 <= river["transit_hours"] - fastest_sea_rail["transit_hours"] <= 20 * 24
    assert river["cost"]["amount"] < fastest_sea_rail["cost"]["amount"] * 1.0
    assert river["co2e_kg"] > fastest_sea_rail["co2e_kg"]


def test_chongqing_hanoi_offers_the_train_via_pingxiang_and_the_truck(ilstc: Network) -> None:
    _, document = plan(
        ilstc, PlanQuestion(origin="重庆", destination="河内", depart=dt.date(2026, 12, 7))
    )
    options = document["options"]
    assert any(
        "CNPIN" in o["via"] and "rail" in o["modes"] and o["legs"][-1]["mode"] == "rail"
        for o in options
    )
    assert any(o["modes"] == ["road"] and "CNYYG" in o["via"] for o in options)


def test_plan_json_has_the_design_shape(ilstc: Network) -> None:
    _, document = plan(
        ilstc,
        PlanQuestion(origin="CNCQI", destination="SGSIN", depart=dt.date(2026, 12, 7), teu=2),
    )
    assert set(document) >= {"query", "issues", "options"}
    option = document["options"][0]
    for key in (
        "departure",
        "arrival",
        "transit_hours",
        "cost",
        "co2e_kg",
        "transfers",
        "modes",
        "via",
        "legs",
        "emissions",
    ):
        assert key in option
    assert option["cost"]["currency"] == "CNY"
    assert option["emissions"]["method"] == "ISO 14083 / GLEC v3"
    assert option["emissions"]["wtw_kg"] == pytest.approx(option["co2e_kg"], abs=0.01)
    assert option["emissions"]["ttw_kg"] < option["emissions"]["wtw_kg"]
    leg = option["legs"][1]
    for key in (
        "mode",
        "service_id",
        "departure_id",
        "from",
        "to",
        "departure",
        "arrival",
        "distance_km",
        "cost",
        "co2e_kg",
    ):
        assert key in leg
    legs_cost = sum(leg["cost"]["amount"] for leg in option["legs"])
    handling = sum(h["cost"]["amount"] for h in option["handling"])
    assert legs_cost + handling == pytest.approx(option["cost"]["amount"], abs=0.05)
    assert dt.datetime.fromisoformat(option["departure"]) < dt.datetime.fromisoformat(
        option["arrival"]
    )
    # Legs follow each other in time.
    for before, after in zip(option["legs"], option["legs"][1:], strict=False):
        assert dt.datetime.fromisoformat(before["arrival"]) <= dt.datetime.fromisoformat(
            after["departure"]
        )


def test_the_truck_to_the_railhead_is_timed_just_in_time(ilstc: Network) -> None:
    _, document = plan(
        ilstc, PlanQuestion(origin="Chongqing", destination="Qinzhou", depart=dt.date(2026, 12, 7))
    )
    option = document["options"][0]
    drayage, train = option["legs"][0], option["legs"][1]
    assert drayage["on_demand"] and not train["on_demand"]
    assert option["departure"] == drayage["departure"]
    gap = dt.datetime.fromisoformat(train["departure"]) - dt.datetime.fromisoformat(
        drayage["arrival"]
    )
    handling = option["handling"][0]["hours"]
    assert gap == dt.timedelta(hours=handling + 8)  # handling, then the 8 h rail cut-off


@pytest.mark.parametrize(
    ("question", "error", "text"),
    [
        (
            PlanQuestion(origin="Chongqinq", destination="SGSIN"),
            InvalidInput,
            "origin: unknown place .* did you mean CNCQI",
        ),
        (
            PlanQuestion(origin="CNCQI", destination="SGSIN", cargo_type="frozen"),
            InvalidInput,
            "cargo_type 'frozen'",
        ),
        (
            PlanQuestion(origin="CNCQI", destination="SGSIN", avoid=("CNCQI",)),
            InvalidInput,
            "cannot be avoided",
        ),
        (PlanQuestion(origin="CNCQI", destination="重庆"), InvalidInput, "the same place"),
        (PlanQuestion(origin="CNCQI", destination="SGSIN", teu=0), InvalidInput, "teu must be"),
        (
            PlanQuestion(origin="CNCQI", destination="SGSIN", window_days=0),
            InvalidInput,
            "window_days",
        ),
    ],
)
def test_bad_questions_name_the_field(
    ilstc: Network, question: PlanQuestion, error: type[Exception], text: str
) -> None:
    with pytest.raises(error, match=text):
        plan(ilstc, question)


def test_avoid_accepts_modes_and_places(ilstc: Network) -> None:
    _, document = plan(
        ilstc,
        PlanQuestion(origin="Chongqing", destination="Singapore", depart=dt.date(2026, 12, 7),
                     avoid=("rail,Shanghai",)),
    )  # fmt: skip
    assert document["query"]["avoid"] == ["rail", "CNSGH"]
    for option in document["options"]:
        assert "rail" not in option["modes"] and "CNSGH" not in option["via"]
