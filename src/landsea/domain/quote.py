"""A price in the customer's currency: lines in their tariffs' currencies, converted with dated
reference rates, each line rounded once (half-even, :func:`~landsea.domain.money.round_money`)
and the total their exact sum. The quote keeps the conversions it used (rates, days, sources,
pivots), so a booking can freeze it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from landsea.domain.money import Money
from landsea.domain.rates import Conversion, Rate, RateBook

__all__ = ["Quote", "QuoteLine", "conversion_document", "conversion_of", "make_quote"]


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteLine:
    """One charge: ``amount`` in its tariff's currency and ``converted`` (rounded) in the quote's."""

    label: str
    amount: Money
    converted: Money


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A priced list of charges in ``currency`` with the reference rates of ``on``."""

    currency: str
    on: dt.date
    lines: tuple[QuoteLine, ...]
    total: Money
    conversions: tuple[Conversion, ...]

    def as_document(self) -> dict[str, Any]:
        """Plain JSON-able data (decimals as strings): what a booking stores."""
        return {
            "currency": self.currency,
            "on": self.on.isoformat(),
            "total": self.total.text(),
            "lines": [
                {
                    "label": line.label,
                    "amount": str(line.amount.amount),
                    "currency": line.amount.currency,
                    "converted": line.converted.text(),
                }
                for line in self.lines
            ],
            "conversions": [conversion_document(c) for c in self.conversions],
        }

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Quote:
        """The quote :meth:`as_document` wrote."""
        currency = document["currency"]
        return cls(
            currency=currency,
            on=dt.date.fromisoformat(document["on"]),
            total=Money(Decimal(document["total"]), currency),
            lines=tuple(
                QuoteLine(
                    label=line["label"],
                    amount=Money(Decimal(line["amount"]), line["currency"]),
                    converted=Money(Decimal(line["converted"]), currency),
                )
                for line in document["lines"]
            ),
            conversions=tuple(conversion_of(c) for c in document["conversions"]),
        )


def conversion_document(conversion: Conversion) -> dict[str, Any]:
    """Plain JSON-able data of ``conversion`` (decimals as strings; :func:`conversion_of` reads it)."""
    return {
        "source": conversion.source,
        "target": conversion.target,
        "pivot": conversion.pivot,
        "factor": str(conversion.factor),
        "rates": [
            {
                "base": r.base,
                "quote": r.quote,
                "rate": str(r.rate),
                "day": r.day.isoformat(),
                "source": r.source,
                "inverted": inverted,
            }
            for r, inverted in zip(conversion.rates, conversion.inverted, strict=True)
        ],
    }


def conversion_of(document: dict[str, Any]) -> Conversion:
    """The conversion :func:`conversion_document` wrote."""
    rates = document["rates"]
    return Conversion(
        source=document["source"],
        target=document["target"],
        pivot=document["pivot"],
        factor=Decimal(document["factor"]),
        rates=tuple(
            Rate(
                base=r["base"],
                quote=r["quote"],
                rate=Decimal(r["rate"]),
                day=dt.date.fromisoformat(r["day"]),
                source=r["source"],
            )
            for r in rates
        ),
        inverted=tuple(bool(r["inverted"]) for r in rates),
    )


def make_quote(charges: Sequence[tuple[str, Money]], currency: str, book: RateBook) -> Quote:
    """Price ``charges`` (label, amount in its own currency) in ``currency`` with ``book``.

    >>> day = dt.date(2026, 10, 30)
    >>> book = RateBook([Rate(base="EUR", quote="USD", rate=Decimal("1.1172"), day=day,
    ...                       source="ECB")], on=day)
    >>> q = make_quote([("sea", Money(Decimal("1000"), "USD")), ("rail", Money(Decimal("5"),
    ...                 "EUR"))], "EUR", book)
    >>> [line.converted.text() for line in q.lines], q.total.text()
    (['895.09', '5.00'], '900.09')
    """
    conversions: dict[str, Conversion] = {}
    lines = []
    for label, amount in charges:
        if amount.currency not in conversions:
            conversions[amount.currency] = book.conversion(amount.currency, currency)
        converted = conversions[amount.currency].apply(amount).rounded()
        lines.append(QuoteLine(label=label, amount=amount, converted=converted))
    return Quote(
        currency=currency,
        on=book.on,
        lines=tuple(lines),
        total=Money.total((line.converted for line in lines), currency),
        conversions=tuple(c for c in conversions.values() if c.rates),
    )
