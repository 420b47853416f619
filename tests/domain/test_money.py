"""Exact money: ISO 4217 exponents, minor units and half-even rounding for the corridor's currencies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from landsea.domain.money import ISO4217_PUBLISHED, Money, exponent, round_money
from landsea.errors import InvalidCode, InvalidInput

# The ISO 4217 list (SIX, published 2026-01-01): VND has no minor unit; LAK keeps 2 decimals in
# the list (the att, 1/100 kip, is not in circulation, but the standard still counts it).
CORRIDOR = {
    "CNY": 2, "USD": 2, "EUR": 2, "VND": 0, "THB": 2, "LAK": 2, "MYR": 2, "SGD": 2,
    "IDR": 2, "MMK": 2, "KHR": 2, "PHP": 2, "BND": 2, "KZT": 2, "UZS": 2, "RUB": 2,
}  # fmt: skip


@pytest.mark.parametrize(("currency", "places"), sorted(CORRIDOR.items()))
def test_exponent_of_every_corridor_currency(currency: str, places: int) -> None:
    assert exponent(currency) == places


def test_the_list_is_dated() -> None:
    assert ISO4217_PUBLISHED.year >= 2026


@pytest.mark.parametrize("currency", sorted(CORRIDOR))
def test_rounding_is_half_even_at_the_minor_unit(currency: str) -> None:
    unit = Decimal(1).scaleb(-CORRIDOR[currency])
    # exactly half a minor unit above an even and an odd last digit
    even, odd = Decimal(12) * unit, Decimal(13) * unit
    assert round_money(even + unit / 2, currency) == even
    assert round_money(odd + unit / 2, currency) == odd + unit
    assert round_money(odd + unit / 2 + unit / 1000, currency) == odd + unit
    assert round_money(even - unit / 2, currency) == even
    rounded = Money(even + unit / 2, currency).rounded()
    assert rounded.minor_units() == 12
    assert Money.from_minor(12, currency) == Money(even, currency)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.125", "CNY", "2.12"),
        ("2.135", "USD", "2.14"),
        ("-2.125", "EUR", "-2.12"),
        ("12500.5", "VND", "12500"),
        ("12501.5", "VND", "12502"),
        ("1000.005", "LAK", "1000.00"),
        ("0.125", "BHD", "0.125"),
    ],
)
def test_round_money_examples(amount: str, currency: str, expected: str) -> None:
    assert str(round_money(Decimal(amount), currency)) == expected


def test_minor_units_refuse_an_unrounded_amount() -> None:
    with pytest.raises(InvalidInput, match=r"0\.005 USD has more than 2 decimals"):
        Money(Decimal("0.005"), "USD").minor_units()
    with pytest.raises(InvalidInput, match=r"12\.5 VND has more than 0 decimals"):
        Money(Decimal("12.5"), "VND").minor_units()


def test_floats_are_refused() -> None:
    with pytest.raises(InvalidInput, match="never a float"):
        Money(0.1, "USD")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="not a float"):
        Money(Decimal(1), "USD") * 0.5  # type: ignore[operator]


def test_arithmetic_stays_in_one_currency() -> None:
    a = Money(Decimal("10.10"), "SGD")
    assert a - Money(Decimal("0.10"), "SGD") == Money(Decimal("10.00"), "SGD")
    assert -a == Money(Decimal("-10.10"), "SGD")
    assert Money.total([a, a, a], "SGD") == Money(Decimal("30.30"), "SGD")
    assert Money.total([], "KHR") == Money.zero("KHR")
    with pytest.raises(ValueError, match="cannot subtract MYR from SGD"):
        a - Money(Decimal(1), "MYR")


def test_text_and_str_use_the_currency_decimals() -> None:
    assert Money(Decimal("1234567"), "VND").text() == "1234567"
    assert str(Money(Decimal("1234567"), "VND")) == "1,234,567 VND"
    assert Money(Decimal("2500"), "USD").text() == "2500.00"
    assert str(Money(Decimal("1234.5"), "CNY")) == "1,234.50 CNY"


def test_currency_without_a_minor_unit_is_refused() -> None:
    with pytest.raises(InvalidCode, match="'XAU' has no minor unit"):
        exponent("XAU")
