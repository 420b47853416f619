"""Money as an amount with an ISO 4217 currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from landsea.domain.codes import validate_currency

__all__ = ["Money"]


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
    """

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", Decimal(str(self.amount)))
        validate_currency(self.currency)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {self.currency} and {other.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __mul__(self, factor: Decimal | int | float) -> Money:
        return Money(self.amount * Decimal(str(factor)), self.currency)

    def rounded(self) -> Money:
        """Rounded to the currency's minor unit (2 decimals; banker's rounding)."""
        return Money(self.amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN), self.currency)

    def as_dict(self) -> dict[str, float | str]:
        return {"amount": float(self.amount), "currency": self.currency}

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"
