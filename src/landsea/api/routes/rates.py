"""Reference exchange rates: read by every role, loaded by admins (docs/money.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from landsea.api.deps import Caller, PlatformDep
from landsea.api.schemas import Page, RatePublic, RatesCreate, RatesLoaded
from landsea.domain.codes import validate_currency
from landsea.domain.rates import Rate
from landsea.errors import InvalidInput
from landsea.services import rates as use_cases

router = APIRouter(tags=["rates"])


@router.post("/rates", response_model=RatesLoaded, status_code=201)
def load_rates(platform: PlatformDep, caller: Caller, body: RatesCreate) -> RatesLoaded:
    """Store dated reference rates (a pair's rate of a day again replaces it); all or none."""
    made = []
    for n, rate in enumerate(body.rates):
        if isinstance(rate.date, dt.datetime):
            raise InvalidInput(f"rates[{n}].date {rate.date.isoformat()!r} must be a date")
        try:
            made.append(Rate(base=rate.base, quote=rate.quote, rate=rate.rate, day=rate.date,
                             source=rate.source))  # fmt: skip
        except InvalidInput as exc:
            raise InvalidInput(f"rates[{n}]: {exc.message}") from exc
    return RatesLoaded(stored=use_cases.load_rates(platform, caller, made))


@router.get("/rates", response_model=Page[RatePublic])
def list_rates(
    platform: PlatformDep,
    caller: Caller,
    date: Annotated[dt.date | None, Query(description="Rates of this day only.")] = None,
    currency: Annotated[
        str | None, Query(pattern=r"^[A-Z]{3}$", description="Rates to or from this currency.")
    ] = None,
) -> Page[RatePublic]:
    """Stored reference rates, newest day first (at most 500)."""
    if currency is not None:
        validate_currency(currency)
    found = use_cases.list_rates(platform, caller, day=date, currency=currency)
    return Page(data=[RatePublic.of(r) for r in found], count=len(found))
