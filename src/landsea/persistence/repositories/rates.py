"""Reference rates: stored a batch at a time (a day again replaces its rate), read for a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from landsea.domain.rates import Rate
from landsea.persistence.rate_rows import RateRow

__all__ = ["Rates"]


class Rates:
    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, rates: Sequence[Rate]) -> int:
        """Store ``rates``; a pair's rate of a day already stored is replaced. Returns how many."""
        for rate in rates:
            row = self.session.scalars(
                select(RateRow).where(
                    RateRow.base == rate.base, RateRow.quote == rate.quote, RateRow.day == rate.day
                )
            ).one_or_none()
            if row is None:
                self.session.add(_row(rate))
            else:
                row.rate, row.source = rate.rate, rate.source
        self.session.flush()
        return len(rates)

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(RateRow)) or 0

    def newest(self, on: dt.date) -> list[Rate]:
        """The newest rate of every pair on or before ``on``."""
        latest = (
            select(RateRow.base, RateRow.quote, func.max(RateRow.day).label("day"))
            .where(RateRow.day <= on)
            .group_by(RateRow.base, RateRow.quote)
            .subquery()
        )
        rows = self.session.scalars(
            select(RateRow)
            .join(
                latest,
                (RateRow.base == latest.c.base)
                & (RateRow.quote == latest.c.quote)
                & (RateRow.day == latest.c.day),
            )
            .order_by(RateRow.base, RateRow.quote)
        )
        return [_rate(row) for row in rows]

    def listed(
        self, *, day: dt.date | None = None, currency: str | None = None, limit: int = 500
    ) -> list[Rate]:
        """Stored rates, newest day first; of one day and/or touching one currency if asked."""
        query = select(RateRow)
        if day is not None:
            query = query.where(RateRow.day == day)
        if currency is not None:
            query = query.where((RateRow.base == currency) | (RateRow.quote == currency))
        query = query.order_by(RateRow.day.desc(), RateRow.base, RateRow.quote).limit(limit)
        return [_rate(row) for row in self.session.scalars(query)]


def _row(rate: Rate) -> RateRow:
    return RateRow(
        base=rate.base, quote=rate.quote, rate=rate.rate, day=rate.day, source=rate.source
    )


def _rate(row: RateRow) -> Rate:
    return Rate(base=row.base, quote=row.quote, rate=row.rate, day=row.day, source=row.source)
