"""The shared shapes: strict request bodies, dates, amounts, pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator

from landsea.domain.codes import parse_day, parse_instant
from landsea.domain.money import Money

__all__ = ["Amount", "Moment", "MoneyPublic", "Name", "Page", "StrictModel", "dump", "money_fields"]

T = TypeVar("T")


class StrictModel(BaseModel):
    """A request body: no unknown fields, no coercion (``true`` is not 1, ``"5"`` is not 5),
    finite numbers only; dates are read by :data:`Moment`."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


def _moment(value: Any, info: ValidationInfo) -> dt.date | dt.datetime:
    field = info.field_name or "value"
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a date YYYY-MM-DD or an ISO 8601 date-time (a string)")
    if len(value) == 10:
        return parse_day(value, field=field)
    moment = parse_instant(value, field=field, zone=dt.UTC)
    # Without an offset it is a local time at the place it is about: the service says where.
    local = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).tzinfo is None
    return moment.replace(tzinfo=None) if local else moment


Moment = Annotated[dt.datetime | dt.date, BeforeValidator(_moment)]
"""A date (``YYYY-MM-DD``) or an ISO 8601 date-time, as a JSON string, within the platform's
dates (2000-01-01 … 2099-12-31)."""


def _amount(value: Any) -> Any:
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError('must be a number or a decimal string such as "2500.00"')
    return Decimal(str(value))


_DECIMAL = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,6})?")

Amount = Annotated[Decimal, BeforeValidator(_amount)]
"""An amount of money: a JSON number, or — to keep it exact — a decimal string (``"2500.00"``,
nothing else: no spaces, exponents, ``NaN`` or booleans)."""


class Page(BaseModel, Generic[T]):
    """A page of items; ``next_cursor`` fetches the next one (absent on the last page)."""

    data: list[T]
    count: int
    next_cursor: str | None = None


class Name(BaseModel):
    en: str
    zh: str


class MoneyPublic(BaseModel):
    """An amount of money (docs/money.md). ``value`` is exact: a decimal string with the
    currency's ISO 4217 decimals (``"2500.00"``, ``"1250000"`` for VND); ``minor_units`` the
    same as an integer of minor units; ``amount`` the same as a JSON number, kept for clients
    of earlier versions (a reader that parses JSON numbers as binary floats may lose digits)."""

    amount: float
    currency: str
    value: str = Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$", description="Exact decimal string.")
    minor_units: int = Field(description="The amount in minor units (cents, fen; VND: dong).")

    @model_validator(mode="before")
    @classmethod
    def _exact(cls, data: Any) -> Any:
        """Filled from a :class:`Money` or from ``amount`` and ``currency`` alone."""
        if isinstance(data, Money):
            money = data
        elif isinstance(data, dict) and "value" not in data and "currency" in data:
            money = Money(Decimal(str(data["amount"])), data["currency"])
        else:
            return data
        return money_fields(money)


def money_fields(money: Money) -> dict[str, Any]:
    """:class:`MoneyPublic`'s fields of ``money``, in its order."""
    rounded = money.rounded()
    return {"amount": float(money.amount), "currency": money.currency,
            "value": rounded.text(), "minor_units": rounded.minor_units()}  # fmt: skip


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)
