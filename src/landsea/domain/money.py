"""Money as an exact decimal amount of an ISO 4217 currency.

Amounts are :class:`~decimal.Decimal`, never binary floats. Each currency has the number of
decimals (its *exponent*) that the ISO 4217 list gives it — CNY, USD and LAK 2, VND 0, BHD 3 — read
from the ``iso4217`` package, which ships the list published by SIX, the standard's maintenance
agency (``iso4217.__published__`` says the list's date). The database stores an amount as an
integer of minor units (:meth:`Money.minor_units`, :meth:`Money.from_minor`).

Rounding happens in one place: :func:`round_money`, half-even ("banker's rounding") to the
currency's exponent. :meth:`Money.rounded` calls it; nothing else rounds money.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

import iso4217

from landsea.domain.codes import validate_currency
from landsea.errors import InvalidCode, InvalidInput

__all__ = ["ISO4217_PUBLISHED", "Money", "exponent", "round_money"]

ISO4217_PUBLISHED = iso4217.__published__
"""The date of the ISO 4217 list the exponents come from."""


@lru_cache(maxsize=256)
def exponent(currency: str) -> int:
    """The number of decimals of ``currency``'s minor unit, as ISO 4217 lists it.

    >>> exponent("CNY"), exponent("VND"), exponent("BHD")
    (2, 0, 3)
    >>> exponent("XAU")
    Traceback (most recent call last):
    ...
    landsea.errors.InvalidCode: currency 'XAU' has no minor unit in ISO 4217
    """
    validate_currency(currency)
    try:
        found = iso4217.Currency(currency).exponent
    except ValueError as exc:
        raise InvalidCode(f"currency {currency!r} is not in the ISO 4217 list") from exc
    if found is None:
        raise InvalidCode(f"currency {currency!r} has no minor unit in ISO 4217")
    return found


def round_money(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-even to ``currency``'s minor unit: the one place money is rounded.

    >>> round_money(Decimal("2.125"), "USD"), round_money(Decimal("2.135"), "USD")
    (Decimal('2.12'), Decimal('2.14'))
    >>> round_money(Decimal("12500.5"), "VND")
    Decimal('12500')
    """
    return amount.quantize(Decimal(1).scaleb(-exponent(currency)), rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of one currency; amounts of different currencies never mix silently.

    Examples
    --------
    >>> Money(Decimal("100.50"), "USD") + Money(Decimal("1"), "USD")
    Money(amount=Decimal('101.50'), currency='USD')
    >>> Money(Decimal("1"), "USD") + Money(Decimal("1"), "CNY")
    Traceback (most recent call last):
    ...
    ValueError: cannot add USD and CNY
    >>> Money(Decimal("1234.565"), "CNY").rounded().minor_units()
    123456
    >>> Money.from_minor(123456, "VND")
    Money(amount=Decimal('123456'), currency='VND')
    """

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, float | bool):
            raise InvalidInput(f"amount {self.amount!r}: money is a Decimal, never a float")
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", Decimal(self.amount))
        if not self.amount.is_finite():
            raise InvalidInput(f"amount {self.amount!r} is not a finite number")
        validate_currency(self.currency)

    @classmethod
    def from_minor(cls, units: int, currency: str) -> Money:
        """The amount ``units`` minor units of ``currency`` make (the database's form)."""
        return cls(Decimal(units).scaleb(-exponent(currency)), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def total(cls, items: Iterable[Money], currency: str) -> Money:
        """The sum of ``items``, all of ``currency`` (zero when there are none)."""
        result = cls.zero(currency)
        for item in items:
            result = result + item
        return result

    def minor_units(self) -> int:
        """The amount as an integer of minor units; it must be rounded already (never guessed).

        >>> Money(Decimal("0.005"), "USD").minor_units()
        Traceback (most recent call last):
        ...
        landsea.errors.InvalidInput: amount 0.005 USD has more than 2 decimals: round it first
        """
        places = exponent(self.currency)
        scaled = self.amount.scaleb(places)
        if scaled != scaled.to_integral_value():
            raise InvalidInput(
                f"amount {self.amount} {self.currency} has more than {places} decimals: "
                "round it first"
            )
        return int(scaled)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {self.currency} and {other.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot subtract {other.currency} from {self.currency}")
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise InvalidInput(f"factor {factor!r}: money is multiplied by a Decimal, not a float")
        return Money(self.amount * Decimal(factor), self.currency)

    def converted(self, rate: Decimal, currency: str) -> Money:
        """This amount in ``currency`` at ``rate`` (units of ``currency`` per unit), unrounded."""
        return Money(self.amount * rate, currency)

    def rounded(self) -> Money:
        """Rounded half-even to the currency's minor unit (:func:`round_money`)."""
        return Money(round_money(self.amount, self.currency), self.currency)

    def text(self) -> str:
        """The exact amount as a decimal string with the currency's decimals (``"2500.00"``)."""
        return str(round_money(self.amount, self.currency))

    def as_dict(self) -> dict[str, float | str]:
        return {"amount": float(self.amount), "currency": self.currency}

    def __str__(self) -> str:
        return f"{round_money(self.amount, self.currency):,} {self.currency}"
