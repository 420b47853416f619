"""Dated reference exchange rates and the conversions a quote makes with them.

A :class:`Rate` says that on ``day`` one unit of ``base`` was worth ``rate`` units of ``quote``,
according to ``source`` (the ECB's euro reference rates are EUR→X, the CFETS central parity is
USD→CNY). A :class:`RateBook` holds, for the day a quote is made, the newest rate of each pair on or
before that day, and converts between two currencies:

1. directly (``A→B``) or by the inverse of ``B→A``;
2. else as a cross rate through one *pivot*, in the order of :data:`PIVOTS` (EUR, the ECB's base;
   then CNY and USD): ``A→P`` then ``P→B``, each direct or inverse.

A rate older than ``max_age_days`` before the quote's day is *stale*. A missing or stale rate is a
:class:`~landsea.errors.RateUnavailable` naming the pair and the day, never a silent 1:1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from landsea.domain.codes import validate_currency
from landsea.domain.money import Money
from landsea.errors import InvalidInput, RateUnavailable

__all__ = ["DEFAULT_MAX_AGE_DAYS", "PIVOTS", "Conversion", "Rate", "RateBook"]

PIVOTS = ("EUR", "CNY", "USD")
"""The currencies a cross rate may go through, in the order tried."""

DEFAULT_MAX_AGE_DAYS = 7
"""A rate older than this many days before the quote's day is stale (a week covers holidays)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Rate:
    """One unit of ``base`` was worth ``rate`` units of ``quote`` on ``day`` (per ``source``)."""

    base: str
    quote: str
    rate: Decimal
    day: dt.date
    source: str

    def __post_init__(self) -> None:
        validate_currency(self.base, field="base")
        validate_currency(self.quote, field="quote")
        if self.base == self.quote:
            raise InvalidInput(f"quote {self.quote!r} is the base currency: a rate joins two")
        if not isinstance(self.rate, Decimal) or not self.rate.is_finite() or self.rate <= 0:
            raise InvalidInput(f"rate {self.rate!r} of {self.pair} must be a positive decimal")
        if not self.source.strip():
            raise InvalidInput(f"source of {self.pair} on {self.day} is empty")

    @property
    def pair(self) -> str:
        return f"{self.base}/{self.quote}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversion:
    """How an amount of ``source`` becomes ``target``: the rates used (each with its day and
    source, inverted where ``inverted``), the pivot of a cross rate, and the factor they make."""

    source: str
    target: str
    rates: tuple[Rate, ...]
    inverted: tuple[bool, ...]
    pivot: str | None
    factor: Decimal

    def apply(self, money: Money) -> Money:
        """``money`` (of ``source``) in ``target``, unrounded: the caller rounds once."""
        if money.currency != self.source:
            raise ValueError(f"cannot convert {money.currency} with a {self.source} conversion")
        return money.converted(self.factor, self.target)

    @property
    def oldest(self) -> dt.date | None:
        return min((rate.day for rate in self.rates), default=None)


class RateBook:
    """The newest rate of each pair on or before ``on``; conversions from them.

    >>> day = dt.date(2026, 10, 30)
    >>> book = RateBook([
    ...     Rate(base="EUR", quote="USD", rate=Decimal("1.1172"), day=day, source="ECB"),
    ...     Rate(base="EUR", quote="CNY", rate=Decimal("7.4326"), day=day, source="ECB"),
    ... ], on=day)
    >>> c = book.conversion("USD", "CNY")
    >>> c.pivot, c.apply(Money(Decimal("100"), "USD")).rounded()
    ('EUR', Money(amount=Decimal('665.29'), currency='CNY'))
    """

    def __init__(
        self, rates: Iterable[Rate], *, on: dt.date, max_age_days: int = DEFAULT_MAX_AGE_DAYS
    ) -> None:
        self.on = on
        self.max_age_days = max_age_days
        newest: dict[tuple[str, str], Rate] = {}
        for rate in rates:
            key = (rate.base, rate.quote)
            if rate.day <= on and (key not in newest or newest[key].day < rate.day):
                newest[key] = rate
        self._newest = newest

    def conversion(self, source: str, target: str) -> Conversion:
        """How to convert ``source`` to ``target`` on this book's day (see the module)."""
        validate_currency(source)
        validate_currency(target)
        if source == target:
            return Conversion(
                source=source, target=target, rates=(), inverted=(), pivot=None, factor=Decimal(1)
            )
        stale: list[Rate] = []
        direct = self._step(source, target, stale)
        if direct is not None:
            return self._made(source, target, (direct,), None)
        for pivot in PIVOTS:
            if pivot in (source, target):
                continue
            first = self._step(source, pivot, stale)
            second = self._step(pivot, target, stale) if first is not None else None
            if first is not None and second is not None:
                return self._made(source, target, (first, second), pivot)
        if stale:
            old = max(stale, key=lambda rate: rate.day)
            raise RateUnavailable(
                f"no fresh reference rate for {source}/{target} on {self.on.isoformat()}: "
                f"{old.pair} of {old.day.isoformat()} is more than {self.max_age_days} days old"
            )
        raise RateUnavailable(
            f"no reference rate for {source}/{target} on or before {self.on.isoformat()} "
            f"(directly or through {', '.join(PIVOTS)})"
        )

    def _step(self, a: str, b: str, stale: list[Rate]) -> tuple[Rate, bool] | None:
        """The fresh rate joining ``a`` to ``b`` and whether it is used inverted; stale ones
        found are kept in ``stale`` for the error message."""
        for key, inverted in (((a, b), False), ((b, a), True)):
            rate = self._newest.get(key)
            if rate is None:
                continue
            if (self.on - rate.day).days > self.max_age_days:
                stale.append(rate)
                continue
            return rate, inverted
        return None

    @staticmethod
    def _made(
        source: str, target: str, steps: tuple[tuple[Rate, bool], ...], pivot: str | None
    ) -> Conversion:
        factor = Decimal(1)
        for rate, inverted in steps:
            factor = factor / rate.rate if inverted else factor * rate.rate
        return Conversion(
            source=source,
            target=target,
            rates=tuple(rate for rate, _ in steps),
            inverted=tuple(inverted for _, inverted in steps),
            pivot=pivot,
            factor=factor,
        )
