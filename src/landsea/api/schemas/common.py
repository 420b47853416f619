"""The shared shapes: strict request bodies, dates, amounts, pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo

from landsea.domain.codes import parse_day, parse_instant

__all__ = ["Amount", "Moment", "MoneyPublic", "Name", "Page", "StrictModel", "dump"]

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
    amount: float
    currency: str


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)
