"""Durable jobs: long work (a consolidation run, a simulation, a large import) recorded in the
database, carried out by whichever worker claims it, and retried when that worker dies.

A job moves ``queued → running → done | failed``. A worker claims it by taking a lease that it
renews while it works; a job whose lease ran out (its process died) can be claimed again, and
each claim counts as an attempt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Job", "JobStatus"]


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def final(self) -> bool:
        """Whether nothing more will happen to the job.

        >>> JobStatus.DONE.final, JobStatus.RUNNING.final
        (True, False)
        """
        return self in (JobStatus.DONE, JobStatus.FAILED)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Job:
    """One durable job: its kind (which names the code that carries it out) and its payload."""

    id: str
    kind: str
    payload: dict[str, Any] = field(compare=False)
    status: JobStatus = JobStatus.QUEUED
    attempts: int = 0
    """Claims so far: 1 while the first worker runs it, 2 after a retry, ..."""
    max_attempts: int = 3
    organisation_id: str | None = None
    result: dict[str, Any] | None = field(default=None, compare=False)
    error: str | None = None
    owner: str | None = None
    """The worker holding the lease (``host:pid:thread``)."""
    lease_until: dt.datetime | None = None
    created_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None

    def __repr__(self) -> str:
        return f"Job(id={self.id!r})"
