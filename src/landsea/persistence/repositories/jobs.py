"""The durable job records (table ``jobs``): add, claim with a lease, renew it, finish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from landsea.domain.job import Job, JobStatus
from landsea.persistence.repositories._sql import is_postgresql, rowcount
from landsea.persistence.tables import JobRow

__all__ = ["Jobs"]


def _job(row: JobRow) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        payload=row.payload,
        status=JobStatus(row.status),
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        organisation_id=row.organisation_id,
        result=row.result,
        error=row.error,
        owner=row.owner,
        lease_until=row.lease_until,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )


def _held(job_id: str, owner: str) -> tuple[ColumnElement[bool], ...]:
    """The job is running under ``owner``'s claim."""
    return (JobRow.id == job_id, JobRow.owner == owner, JobRow.status == JobStatus.RUNNING.value)


def _claimable(now: dt.datetime) -> ColumnElement[bool]:
    """Queued, or running on a lease that ran out (its worker died)."""
    return or_(
        JobRow.status == JobStatus.QUEUED.value,
        and_(JobRow.status == JobStatus.RUNNING.value, JobRow.lease_until < now),
    )


class Jobs:
    """Job records in one unit of work. Every change of state is a conditional update, so that
    two workers racing for one job cannot both win."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, job: Job) -> None:
        """Record ``job`` as queued; on PostgreSQL also queue it for procrastinate's workers."""
        self.session.add(
            JobRow(
                id=job.id,
                kind=job.kind,
                payload=job.payload,
                status=JobStatus.QUEUED.value,
                attempts=0,
                max_attempts=job.max_attempts,
                organisation_id=job.organisation_id,
            )
        )
        self.session.flush()
        if is_postgresql(self.session):
            # Queued for procrastinate's workers in this same transaction.
            from landsea.persistence.job_queue import defer

            defer(self.session.connection().connection.driver_connection, job.id)

    def get(self, job_id: str) -> Job | None:
        row = self.session.get(JobRow, job_id, populate_existing=True)
        return None if row is None else _job(row)

    def claim(
        self, owner: str, now: dt.datetime, lease_until: dt.datetime, job_id: str | None = None
    ) -> Job | None:
        """Take the oldest claimable job (or ``job_id``): queued, or running on a lease that ran
        out because its worker died. The claim counts an attempt; ``None`` if there is none."""
        claimable = _claimable(now)
        query = select(JobRow.id).where(claimable).order_by(JobRow.created_at, JobRow.id).limit(1)
        if job_id is not None:
            query = query.where(JobRow.id == job_id)
        if is_postgresql(self.session):
            query = query.with_for_update(skip_locked=True)
        found = self.session.scalar(query)
        if found is None:
            return None
        result = self.session.execute(
            update(JobRow)
            .where(JobRow.id == found, claimable)
            .values(
                status=JobStatus.RUNNING.value,
                owner=owner,
                lease_until=lease_until,
                attempts=JobRow.attempts + 1,
                started_at=now,
            )
        )
        if rowcount(result) != 1:
            return None
        return self.get(found)

    def waiting(self, now: dt.datetime) -> bool:
        """Whether some job is claimable (a read, to spare idle pollers a write transaction)."""
        query = select(JobRow.id).where(_claimable(now)).limit(1)
        return self.session.scalar(query) is not None

    def renew(self, job_id: str, owner: str, lease_until: dt.datetime) -> bool:
        """The heartbeat: extend the lease; ``False`` if this worker no longer holds it."""
        result = self.session.execute(
            update(JobRow).where(*_held(job_id, owner)).values(lease_until=lease_until)
        )
        return rowcount(result) == 1

    def finish(
        self,
        job_id: str,
        owner: str,
        now: dt.datetime,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> bool:
        """Done (or failed, with ``error``) if ``owner`` still holds the job."""
        updated = self.session.execute(
            update(JobRow)
            .where(*_held(job_id, owner))
            .values(
                status=(JobStatus.FAILED if error else JobStatus.DONE).value,
                result=result,
                error=None if error is None else error[:2000],
                lease_until=None,
                finished_at=now,
            )
        )
        return rowcount(updated) == 1

    def counts(self) -> dict[str, int]:
        """How many jobs are in each status."""
        rows = self.session.execute(select(JobRow.status, func.count()).group_by(JobRow.status))
        return {status: int(n) for status, n in rows}
