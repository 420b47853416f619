"""Reference exchange rates: loading them (files, the API, the bundled sample) and pricing in a
customer's currency with them (see docs/money.md, "Rates and quotes")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib.resources import files
from typing import TYPE_CHECKING

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.money import Money
from landsea.domain.quote import Quote, make_quote
from landsea.domain.rates import DEFAULT_MAX_AGE_DAYS, Rate, RateBook
from landsea.feeds.rates import read_rates

if TYPE_CHECKING:
    from landsea.persistence.database import Database
    from landsea.services.platform import Platform

__all__ = [
    "SAMPLE",
    "import_file",
    "list_rates",
    "load_rates",
    "quote",
    "rate_book",
    "seed_rates",
    "today",
]

SAMPLE = "ecb-2026-10-30.xml"
"""The bundled sample: the ECB's euro reference rates of 2026-10-30 (see the file's comment)."""


def today() -> dt.date:
    """The day quotes are made for: today in Beijing, where CFETS fixes the CNY central parity."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()


def seed_rates(database: Database) -> int:
    """Load the bundled sample into a database that holds no rate yet (``landsea db upgrade``);
    returns how many rates were stored (0 when there were some already)."""
    with database.uow(read_only=True) as uow:
        if uow.rates.count():
            return 0
    text = (files("landsea") / "data" / "rates" / SAMPLE).read_text(encoding="utf-8")
    rates = read_rates(text, name=SAMPLE)
    with database.uow() as uow:
        return uow.rates.put(rates)


def import_file(platform: Platform, text: str, *, name: str) -> list[Rate]:
    """Store every rate of a CSV or ECB XML file, or none when any row has a problem (the
    :class:`~landsea.errors.DatasetError` names them all). The command line's import."""
    rates = read_rates(text, name=name)
    with platform.uow() as uow:
        uow.rates.put(rates)
    return rates


def load_rates(platform: Platform, principal: Principal, rates: Sequence[Rate]) -> int:
    """Store ``rates`` for ``principal`` (admins): all of them in one transaction."""
    access.check(
        access.may_ever(principal, access.Action.LOAD_RATES), principal, access.Action.LOAD_RATES
    )
    with platform.uow() as uow:
        return uow.rates.put(rates)


def list_rates(
    platform: Platform,
    principal: Principal,
    *,
    day: dt.date | None = None,
    currency: str | None = None,
) -> list[Rate]:
    """The stored rates, newest first, of one day and/or touching one currency if asked."""
    access.check(
        access.may_ever(principal, access.Action.READ_RATES), principal, access.Action.READ_RATES
    )
    with platform.uow(read_only=True) as uow:
        return uow.rates.listed(day=day, currency=currency)


def rate_book(platform: Platform, on: dt.date | None = None) -> RateBook:
    """The newest rate of every pair on or before ``on`` (today by default)."""
    day = on or today()
    with platform.uow(read_only=True) as uow:
        rates = uow.rates.newest(day)
    return RateBook(rates, on=day, max_age_days=DEFAULT_MAX_AGE_DAYS)


def quote(
    platform: Platform,
    charges: Sequence[tuple[str, Money]],
    currency: str,
    *,
    on: dt.date | None = None,
    book: RateBook | None = None,
) -> Quote:
    """``charges`` priced in ``currency`` with the reference rates of ``on`` (today); a missing
    or stale rate is a :class:`~landsea.errors.RateUnavailable` naming the pair and the day."""
    return make_quote(charges, currency, book or rate_book(platform, on))
