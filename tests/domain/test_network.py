"""Finding places by code, alias, English or Chinese name, and the suggestions for unknown ones."""

from __future__ import annotations

from decimal import Decimal

import pytest

from landsea.domain import Money, Network
from landsea.errors import InvalidInput, UnknownLocation, UnknownService
from landsea.feeds.dataset import load_dataset
from tests.fixtures import MINI


@pytest.fixture(scope="module")
def mini() -> Network:
    return load_dataset(MINI)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("CNCQI", "CNCQI"),
        ("cncqi", "CNCQI"),
        ("CNCKG", "CNCQI"),  # the airport code, an alias of the city
        ("Chongqing", "CNCQI"),
        ("chongqing ", "CNCQI"),
        ("重庆", "CNCQI"),
        ("Qinzhou Port", "CNQZH"),
        ("Qinzhou", "CNQZH"),  # the beginning of exactly one name
        ("钦州", "CNQZH"),
        ("河内", "VNHAN"),
        ("ha noi", "VNHAN"),
        ("新加坡", "SGSIN"),
    ],
)
def test_location_resolves(mini: Network, query: str, code: str) -> None:
    assert mini.location(query).code == code


def test_unknown_location_lists_close_matches(mini: Network) -> None:
    with pytest.raises(UnknownLocation) as raised:
        mini.location("Chongqinq")
    assert raised.value.code == "unknown_location"
    assert raised.value.suggestions[0] == "CNCQI (Chongqing / 重庆)"
    assert str(raised.value).startswith("unknown place 'Chongqinq'; did you mean CNCQI")
    assert isinstance(raised.value, LookupError)


def test_unknown_code_suggests_similar_codes(mini: Network) -> None:
    with pytest.raises(UnknownLocation) as raised:
        mini.location("CNQZX")
    assert "CNQZH (Qinzhou Port / 钦州港)" in raised.value.suggestions


def test_nothing_close_gives_no_suggestion(mini: Network) -> None:
    with pytest.raises(UnknownLocation) as raised:
        mini.location("Reykjavik")
    assert raised.value.suggestions == ()
    assert str(raised.value) == "unknown place 'Reykjavik'"


def test_ambiguous_prefix_lists_every_candidate(mini: Network) -> None:
    with pytest.raises(UnknownLocation) as raised:
        mini.location("CN")
    assert len(raised.value.suggestions) == 3  # CNCQI, CNQZH, CNYYG


def test_services_at_a_place(mini: Network) -> None:
    assert [s.id for s in mini.services_at(mini.location("钦州").code)] == [
        "SEA-QZH-SIN",
        "SR-CQ-QZH",
    ]


def test_service_lookup_is_case_insensitive_and_suggests(mini: Network) -> None:
    assert mini.service("sr-cq-qzh").id == "SR-CQ-QZH"
    with pytest.raises(UnknownService) as raised:
        mini.service("SR-CQ-QZX")
    assert raised.value.suggestions == ("SR-CQ-QZH",)


def test_currency_conversion(mini: Network) -> None:
    assert mini.to_cny(Money(Decimal("100"), "USD")) == Money(Decimal("700.0"), "CNY")
    assert mini.to_cny(Money(Decimal("5"), "CNY")) == Money(Decimal("5"), "CNY")
    with pytest.raises(InvalidInput, match="currency 'EUR' has no exchange rate"):
        mini.to_cny(Money(Decimal("1"), "EUR"))
