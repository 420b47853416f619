"""Reference rates (read and loaded by admins) and quotes in the customer's currency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from landsea.api.schemas.common import Amount, Moment, MoneyPublic, StrictModel
from landsea.domain.quote import Quote
from landsea.domain.rates import Rate

__all__ = [
    "ConversionPublic",
    "QuoteLinePublic",
    "QuotePublic",
    "RateBody",
    "RatePublic",
    "RatesCreate",
    "RatesLoaded",
]

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")]


class RateBody(StrictModel):
    """On ``date`` one ``base`` was worth ``rate`` ``quote`` (per ``source``)."""

    base: Currency
    quote: Currency
    rate: Amount = Field(description='A decimal string ("7.4326") or a JSON number.')
    date: Moment
    source: str = Field(min_length=1, max_length=200)


class RatesCreate(StrictModel):
    """Rates stored together, or none of them when one is refused."""

    rates: list[RateBody] = Field(min_length=1, max_length=5000)


class RatesLoaded(BaseModel):
    stored: int


class RatePublic(BaseModel):
    base: str
    quote: str
    rate: str = Field(description="Exact decimal string: units of `quote` per unit of `base`.")
    date: dt.date
    source: str

    @model_validator(mode="before")
    @classmethod
    def _from_rate(cls, data: Any) -> Any:
        if isinstance(data, Rate):
            return {"base": data.base, "quote": data.quote, "rate": str(data.rate),
                    "date": data.day, "source": data.source}  # fmt: skip
        return data

    @classmethod
    def of(cls, rate: Rate) -> RatePublic:
        return cls.model_validate(rate)


def _text(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


class ConversionPublic(BaseModel):
    """How one currency became the quote's: the rates used (inverted where said), their
    product, and the pivot of a cross rate."""

    model_config = ConfigDict(from_attributes=True)

    source: str
    target: str
    pivot: str | None
    factor: Annotated[str, BeforeValidator(_text)] = Field(description="Exact decimal string.")
    rates: list[RatePublic]
    inverted: list[bool]


class QuoteLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    label: str
    amount: MoneyPublic = Field(description="In the tariff's own currency.")
    converted: MoneyPublic = Field(description="In the quote's currency, rounded half-even.")


class QuotePublic(BaseModel):
    """A price in the currency asked for, with the dated reference rates it used."""

    currency: str
    on: dt.date = Field(description="The day whose reference rates were used.")
    total: MoneyPublic = Field(description="The sum of the lines' converted amounts.")
    lines: list[QuoteLinePublic]
    conversions: list[ConversionPublic]

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, quote: Quote) -> QuotePublic:
        return cls.model_validate(quote)
