"""The job queue on PostgreSQL: procrastinate (its own tables, workers with heartbeats,
LISTEN/NOTIFY). Only this module imports procrastinate.

A landsea job (a row of ``jobs``) is carried out by one procrastinate task, ``landsea.job``,
whose only argument is the job's id. The procrastinate job is deferred in the same transaction
that records the landsea job, so a job is never recorded without being queued, nor queued
without being recorded. procrastinate's job ``lock`` is the landsea job id: two of its jobs for
one landsea job never run at once.

A worker that dies (SIGKILL, power loss) leaves its procrastinate job ``doing``; its heartbeat
stops, and every worker looks for such stalled jobs when it starts and then every
``stalled_seconds / 2`` and puts them back in the queue
(:meth:`procrastinate.manager.JobManager.get_stalled_jobs`, ``retry_job``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from procrastinate import App, PsycopgConnector, RetryStrategy
from procrastinate import jobs as procrastinate_jobs
from procrastinate.manager import JobManager
from procrastinate.schema import SchemaManager
from sqlalchemy import make_url

__all__ = ["QUEUE", "TASK_NAME", "JobQueue", "defer", "schema_sql"]

log = logging.getLogger(__name__)

TASK_NAME = "landsea.job"
QUEUE = "landsea"


def _conninfo(url: str) -> str:
    """libpq's URL for SQLAlchemy's ``postgresql+psycopg://…``."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def schema_sql() -> str:
    """procrastinate's schema (tables, types, functions), as its version ships it."""
    return str(SchemaManager.get_schema())


def defer(connection: Any, job_id: str) -> int:
    """Queue the landsea job ``job_id`` on ``connection`` (a psycopg connection inside the
    caller's transaction); it commits or rolls back with that transaction."""
    manager = JobManager(PsycopgConnector())  # never opened: the connection is given
    deferred = manager.defer_job(
        procrastinate_jobs.Job(
            queue=QUEUE,
            lock=job_id,
            queueing_lock=None,
            task_name=TASK_NAME,
            task_kwargs={"job_id": job_id},
        ),
        connection=connection,
    )
    assert deferred.id is not None
    return deferred.id


class JobQueue:
    """procrastinate workers for the database at ``url`` that carry out each job with ``run``
    (called in a worker thread with the landsea job id)."""

    def __init__(
        self,
        url: str,
        run: Callable[[str], None],
        *,
        concurrency: int = 1,
        heartbeat_seconds: float = 10.0,
        stalled_seconds: float = 30.0,
        retry_seconds: int = 2,
    ) -> None:
        self.concurrency = concurrency
        self.heartbeat_seconds = heartbeat_seconds
        self.stalled_seconds = stalled_seconds
        self.app = App(
            connector=PsycopgConnector(
                conninfo=_conninfo(url), min_size=1, max_size=concurrency + 4
            )
        )

        # Any error that escapes ``run`` (the database went away, or another worker still holds
        # the job's lease) is retried later; the job's own failures are recorded by ``run``.
        @self.app.task(
            name=TASK_NAME,
            queue=QUEUE,
            retry=RetryStrategy(max_attempts=100, wait=retry_seconds),
        )
        def landsea_job(job_id: str) -> None:
            run(job_id)

        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._main: asyncio.Task[None] | None = None
        self._started = threading.Event()

    async def recover(self) -> int:
        """Put the jobs of workers whose heartbeat stopped back in the queue; how many."""
        manager = self.app.job_manager
        await manager.prune_stalled_workers(self.stalled_seconds)
        stalled = await manager.get_stalled_jobs(
            queue=QUEUE, seconds_since_heartbeat=self.stalled_seconds
        )
        count = 0
        for job in stalled:
            try:
                await manager.retry_job(job)
                count += 1
            except Exception:  # another worker put it back first
                log.debug("stalled job %s was already retried", job.id)
        if count:
            log.warning("%d stalled job(s) of dead workers queued again", count)
        return count

    async def _recover_forever(self) -> None:
        while True:
            await asyncio.sleep(self.stalled_seconds / 2)
            try:
                await self.recover()
            except Exception:  # a database hiccup must not end recovery for good
                log.exception("looking for stalled jobs failed; trying again")

    async def run_async(self, *, once: bool, install_signal_handlers: bool) -> None:
        """Work until cancelled (or, with ``once``, until no job is waiting)."""
        async with self.app.open_async():
            await self.recover()
            options: dict[str, Any] = {
                "queues": [QUEUE],
                "concurrency": self.concurrency,
                "wait": not once,
                "install_signal_handlers": install_signal_handlers,
                "update_heartbeat_interval": self.heartbeat_seconds,
                "stalled_worker_timeout": self.stalled_seconds,
                "delete_jobs": "successful",
            }
            if once:
                await self.app.run_worker_async(**options)
                return
            recovery = asyncio.create_task(self._recover_forever())
            try:
                await self.app.run_worker_async(**options)
            finally:
                recovery.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await recovery

    def run(self, *, once: bool = False) -> None:
        """Work in the foreground (``landsea worker``); SIGINT/SIGTERM stop it gracefully."""
        asyncio.run(self.run_async(once=once, install_signal_handlers=True))

    # In a serving process: a thread with its own event loop.

    def start(self) -> None:
        self._thread = threading.Thread(target=self._serve, name="landsea-jobs", daemon=True)
        self._thread.start()
        self._started.wait(timeout=30)

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._main = loop.create_task(self.run_async(once=False, install_signal_handlers=False))
        self._started.set()
        try:
            loop.run_until_complete(self._main)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("the job worker stopped")
        finally:
            loop.close()

    def stop(self, timeout: float = 30) -> None:
        """Stop taking jobs, let the running ones finish (up to ``timeout`` seconds)."""
        if self._loop is not None and self._main is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                self._loop.call_soon_threadsafe(self._main.cancel)
        if self._thread is not None:
            self._thread.join(timeout=timeout)
