"""Consolidation runs: what was asked, how it went, and the result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from landsea.persistence.records import ConsolidationRun
from landsea.persistence.repositories._sql import rowcount
from landsea.persistence.tables import ConsolidationRunRow

__all__ = ["ConsolidationRuns"]

_UNFINISHED = ("queued", "running")


class ConsolidationRuns:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, run_id: str, organisation_id: str, parameters: dict[str, Any]) -> None:
        self.session.add(
            ConsolidationRunRow(
                id=run_id, organisation_id=organisation_id, status="queued", parameters=parameters
            )
        )
        self.session.flush()

    def start(self, run_id: str) -> bool:
        """``running`` (again, after a retry); ``False`` once it is done or failed."""
        result = self.session.execute(
            update(ConsolidationRunRow)
            .where(ConsolidationRunRow.id == run_id, ConsolidationRunRow.status.in_(_UNFINISHED))
            .values(status="running")
        )
        return rowcount(result) == 1

    def finish(
        self, run_id: str, *, result: dict[str, Any] | None, error: str | None = None
    ) -> bool:
        """Done (or failed, with ``error``) unless it already is: ``False`` then, and the
        caller's transaction must not commit what the run did a second time."""
        updated = self.session.execute(
            update(ConsolidationRunRow)
            .where(ConsolidationRunRow.id == run_id, ConsolidationRunRow.status.in_(_UNFINISHED))
            .values(
                status="failed" if error else "done",
                result=result,
                error=None if error is None else error[:2000],
                finished_at=dt.datetime.now(dt.UTC),
            )
        )
        return rowcount(updated) == 1

    def recent(self, organisation_id: str | None, limit: int) -> list[ConsolidationRun]:
        """The latest runs (of the organisation, if given), newest first."""
        query = select(ConsolidationRunRow).order_by(
            ConsolidationRunRow.created_at.desc(), ConsolidationRunRow.id.desc()
        )
        if organisation_id is not None:
            query = query.where(ConsolidationRunRow.organisation_id == organisation_id)
        query = query.limit(limit).execution_options(populate_existing=True)
        return [_run(row) for row in self.session.scalars(query)]

    def get(self, run_id: str) -> ConsolidationRun | None:
        row = self.session.get(ConsolidationRunRow, run_id, populate_existing=True)
        return None if row is None else _run(row)


# Mapping: rows to records.


def _run(row: ConsolidationRunRow) -> ConsolidationRun:
    return ConsolidationRun(
        id=row.id,
        organisation_id=row.organisation_id,
        status=row.status,
        parameters=row.parameters,
        result=row.result,
        error=row.error,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )
