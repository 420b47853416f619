"""The reference-rate table: one rate a currency pair a day, the rate kept as exact decimal text
(SQLite has no decimal type: its ``NUMERIC`` would store a binary float)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, Dialect, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from landsea.persistence.columns import UtcDateTime
from landsea.persistence.tables import Base

__all__ = ["DecimalText", "RateRow"]


class DecimalText(TypeDecorator[Decimal]):
    """A :class:`~decimal.Decimal` stored as its text, exact on both databases."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"a Decimal is needed for a decimal column, not {value!r}")
        return str(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class RateRow(Base):
    """On ``day`` one ``base`` was worth ``rate`` ``quote`` (per ``source``)."""

    __tablename__ = "rates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(DecimalText)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(200))
    loaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)

    __table_args__ = (
        # A pair has one reference rate a day; importing the day again replaces it.
        UniqueConstraint("base", "quote", "day", name="uq_rate_pair_day"),
    )
