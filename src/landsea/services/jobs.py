"""Durable jobs: long work that survives the process that started it.

A use case records a job — a *kind* (which names the code that carries it out, see
:func:`register`) and a JSON payload — in its own transaction with :func:`submit`. Workers
claim jobs and carry them out:

- on **PostgreSQL**, procrastinate's workers (:mod:`landsea.persistence.job_queue`): the job is
  queued in the transaction that records it; a worker whose heartbeat stops has its job put
  back in the queue by another;
- on **SQLite** (one machine), threads of the serving process or of ``landsea worker`` poll the
  ``jobs`` table.

Either way a worker first *claims* the job's record, which takes a lease that it renews every
``lease / 3`` seconds while the job runs; a record whose lease ran out (its process died) is
claimed again, and every claim counts an attempt. After ``max_attempts`` claims the job fails.
The record says ``queued``, ``running``, ``done`` or ``failed``, with the attempts, the result
or the error.

A retry may follow a crash *after* the job's work was committed. Kinds are therefore written
to be idempotent: their effects and their own "done" mark commit in one transaction, and a job
that finds its work done does nothing (see :func:`landsea.services.consolidation.run_stored`).

A kind's code runs in an ordinary thread: it may use the database, start processes or a Dask
client for compute-heavy batches; its result is a small JSON document.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import signal
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from landsea.domain.job import Job
from landsea.errors import Conflict, NotFound
from landsea.services.platform import Platform

__all__ = [
    "JobKind",
    "Workers",
    "execute",
    "get_job",
    "register",
    "submit",
]

log = logging.getLogger(__name__)

# Modules whose import registers the platform's job kinds.
_BUILTIN_KINDS = ("landsea.services.consolidation", "landsea.services.simulation")


class _Stop(Protocol):
    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class JobKind:
    """What a job of kind ``name`` does."""

    name: str
    run: Callable[[Platform, Job], dict[str, Any] | None]
    """Carries the job out; its return value is stored as the job's result."""
    on_failed: Callable[[Platform, Job, str], None] | None = None
    """Told when the job fails for good (its code raised, or every attempt died)."""
    max_attempts: int = 3


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    """Make ``kind`` known to every worker of this process (modules do it on import)."""
    _KINDS[kind.name] = kind
    return kind


def _kind(name: str) -> JobKind:
    if name not in _KINDS:
        for module in _BUILTIN_KINDS:
            importlib.import_module(module)
    if name not in _KINDS:
        raise NotFound(f"job kind {name!r} is not registered")
    return _KINDS[name]


def submit(
    uow: Any,
    kind: str,
    payload: dict[str, Any],
    *,
    organisation_id: str | None = None,
    job_id: str | None = None,
) -> Job:
    """Record a job in the caller's unit of work (on PostgreSQL it is queued there too): it
    exists, and will be carried out, if and only if that transaction commits."""
    job = Job(
        id=job_id or str(uuid.uuid4()),
        kind=kind,
        payload=payload,
        max_attempts=_kind(kind).max_attempts,
        organisation_id=organisation_id,
    )
    uow.jobs.add(job)
    return job


def get_job(platform: Platform, job_id: str) -> Job | None:
    with platform.uow(read_only=True) as uow:
        found: Job | None = uow.jobs.get(job_id)
    return found


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


class _Heartbeat:
    """Renews a claimed job's lease every ``lease / 3`` seconds while its code runs."""

    def __init__(self, platform: Platform, job: Job, owner: str, lease: float) -> None:
        self.platform, self.job, self.owner, self.lease = platform, job, owner, lease
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"job-heartbeat-{job.id[:8]}", daemon=True
        )

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=self.lease)

    def _beat(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                with self.platform.uow() as uow:
                    until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.lease)
                    if not uow.jobs.renew(self.job.id, self.owner, until):
                        log.warning("job %s: the lease was lost to another worker", self.job.id)
                        return
            except Exception:  # a database hiccup: the next beat tries again
                log.exception("job %s: renewing the lease failed", self.job.id)


def _fail(platform: Platform, job: Job, owner: str, error: str) -> None:
    with platform.uow() as uow:
        uow.jobs.finish(job.id, owner, dt.datetime.now(dt.UTC), error=error)
    kind = _KINDS.get(job.kind)
    if kind is not None and kind.on_failed is not None:
        kind.on_failed(platform, job, error)


def _done(platform: Platform, job: Job, owner: str, result: dict[str, Any] | None) -> None:
    with platform.uow() as uow:
        uow.jobs.finish(job.id, owner, dt.datetime.now(dt.UTC), result=result)


def execute(
    platform: Platform,
    *,
    job_id: str | None = None,
    lease_seconds: float = 30.0,
    now: dt.datetime | None = None,
) -> Job | None:
    """Claim one job (the oldest claimable, or ``job_id``), carry it out, record how it went.
    Returns the job as claimed, or ``None`` when there was nothing to claim."""
    owner = _owner()
    moment = now or dt.datetime.now(dt.UTC)
    if job_id is None:
        with platform.uow(read_only=True) as uow:
            if not uow.jobs.waiting(moment):
                return None
    with platform.uow() as uow:
        job: Job | None = uow.jobs.claim(
            owner, moment, moment + dt.timedelta(seconds=lease_seconds), job_id
        )
    if job is None:
        return None
    if job.attempts > job.max_attempts:
        _fail(
            platform,
            job,
            owner,
            f"gave up after {job.max_attempts} attempts: the workers running it stopped",
        )
        return job
    try:
        kind = _kind(job.kind)
    except NotFound as exc:
        _fail(platform, job, owner, exc.message)
        return job
    log.info("job %s (%s), attempt %d", job.id, job.kind, job.attempts)
    with _Heartbeat(platform, job, owner, lease_seconds):
        try:
            result = kind.run(platform, job)
        except Exception as exc:  # the job's own failure: recorded, not retried
            log.exception("job %s (%s) failed", job.id, job.kind)
            _fail(platform, job, owner, f"{type(exc).__name__}: {exc}")
            return job
    _done(platform, job, owner, result)
    return job


def _execute_queued(platform: Platform, lease_seconds: float) -> Callable[[str], None]:
    """What procrastinate's task does with a landsea job id."""

    def run(job_id: str) -> None:
        if execute(platform, job_id=job_id, lease_seconds=lease_seconds) is not None:
            return
        found = get_job(platform, job_id)
        if found is None or found.status.final:
            return  # done already (a retry after a crash): nothing more to do
        # Another worker holds the lease: procrastinate tries again later.
        raise Conflict(f"job {job_id!r} is {found.status.value} under another worker's lease")

    return run


class Workers:
    """The job workers of one process (``landsea serve`` or ``landsea worker``)."""

    def __init__(
        self,
        platform: Platform,
        *,
        concurrency: int = 2,
        lease_seconds: float = 30.0,
        poll_seconds: float = 1.0,
    ) -> None:
        self.platform = platform
        self.concurrency = concurrency
        self.lease_seconds = lease_seconds
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._queue: Any = None
        if not platform.sqlite:
            from landsea.persistence.job_queue import JobQueue

            self._queue = JobQueue(
                platform.database_url,
                _execute_queued(platform, lease_seconds),
                concurrency=concurrency,
                heartbeat_seconds=max(0.5, lease_seconds / 3),
                stalled_seconds=lease_seconds,
            )

    def _poll(self, stop: _Stop, once: bool) -> None:
        while not stop.is_set():
            try:
                job = execute(self.platform, lease_seconds=self.lease_seconds)
            except Exception:  # the database went away for a moment: try again later
                log.exception("claiming a job failed; trying again")
                job = None
                if once:
                    return
            if job is None:
                if once:
                    return
                stop.wait(self.poll_seconds)

    def start(self) -> None:
        """Work in the background (a serving process) until :meth:`stop`."""
        if self._queue is not None:
            self._queue.start()
            return
        for n in range(self.concurrency):
            thread = threading.Thread(
                target=self._poll, args=(self._stop, False), name=f"landsea-jobs-{n}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Take no more jobs; wait for the running ones (up to the lease) to finish."""
        if self._queue is not None:
            self._queue.stop(timeout=self.lease_seconds)
            return
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.lease_seconds)

    def run(self, *, once: bool = False) -> None:
        """Work in the foreground (``landsea worker``); with ``once``, until no job waits."""
        if self._queue is not None:
            self._queue.run(once=once)
            return
        previous = None
        if threading.current_thread() is threading.main_thread():
            # SIGTERM (systemd, docker stop): take no more jobs, finish the running ones.
            previous = signal.signal(signal.SIGTERM, lambda *_: self._stop.set())
        threads = [
            threading.Thread(target=self._poll, args=(self._stop, once), name=f"landsea-jobs-{n}")
            for n in range(self.concurrency)
        ]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                while thread.is_alive():
                    thread.join(timeout=0.5)
        except KeyboardInterrupt:
            self._stop.set()
            for thread in threads:
                thread.join(timeout=self.lease_seconds)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
