"""Consolidation runs as durable jobs: recorded with their job in one transaction, carried out
by any server or ``landsea worker``, read back with their stored result."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.consolidation import ConsolidationOptions, ConsolidationResult, RunStatus
from landsea.domain.job import Job
from landsea.errors import NotFound
from landsea.services import jobs
from landsea.services.consolidation.apply import apply_result, may_run
from landsea.services.consolidation.assign import consolidate
from landsea.services.consolidation.requests import pending_requests
from landsea.services.consolidation.stored import result_document
from landsea.services.platform import Platform

__all__ = ["RUN_JOB", "RunView", "get_run", "recent_runs", "run_stored", "start_run"]

RUN_JOB = "consolidation.run"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunView:
    """A run as its owner sees it: ``result`` is the stored result document
    (:func:`~landsea.services.consolidation.stored.result_document`) once it is done."""

    id: str
    status: RunStatus
    attempts: int
    max_attempts: int | None
    parameters: dict[str, Any]
    created_at: dt.datetime
    finished_at: dt.datetime | None
    error: str | None
    result: dict[str, Any] | None


def start_run(
    platform: Platform,
    principal: Principal,
    options: ConsolidationOptions,
    *,
    apply: bool = False,
) -> str:
    """Record a run of the pending requests and its durable job (same id, kind
    ``consolidation.run``) in one transaction; a worker carries it out with :func:`run_stored`."""
    may_run(principal)
    run_id = str(uuid.uuid4())
    with platform.uow() as uow:
        uow.consolidation_runs.add(
            run_id, principal.organisation_id, {**asdict(options), "apply": apply}
        )
        jobs.submit(
            uow,
            RUN_JOB,
            {
                "run_id": run_id,
                "organisation_id": principal.organisation_id,
                "options": asdict(options),
                "apply": apply,
            },
            organisation_id=principal.organisation_id,
            job_id=run_id,
        )
    return run_id


def run_stored(
    platform: Platform,
    principal: Principal,
    run_id: str,
    options: ConsolidationOptions,
    apply: bool,
) -> None:
    """Carry out a recorded run and store its result (or its error).

    Idempotent, so that a job retried after a crash is safe: a run that is done or failed is
    left alone, and an applied run's bookings commit with its "done" mark (a second attempt
    that gets there too finds it done and books nothing)."""
    with platform.uow() as uow:
        if not uow.consolidation_runs.start(run_id):
            return
    try:
        requests = pending_requests(platform, options.horizon_days)
        if not requests:
            result = ConsolidationResult(
                status="optimal",
                method=options.method,
                objective=0.0,
                bound=0.0,
                gap=0.0,
                options=options,
            )
        else:
            result = consolidate(platform, requests, options, principal=principal)
            if apply and result.assignments:
                apply_result(platform, principal, requests, result, run_id=run_id)
                return
        with platform.uow() as uow:
            uow.consolidation_runs.finish(run_id, result=result_document(result))
    except Exception as exc:  # the run's record must say that it failed, and why
        with platform.uow() as uow:
            uow.consolidation_runs.finish(run_id, result=None, error=f"{type(exc).__name__}: {exc}")


def recent_runs(platform: Platform, principal: Principal, *, limit: int = 10) -> list[RunView]:
    """The organisation's latest runs (an admin's: everyone's), newest first."""
    access.check(
        access.may_ever(principal, access.Action.READ_RUN), principal, access.Action.READ_RUN
    )
    with platform.uow(read_only=True) as uow:
        runs = uow.consolidation_runs.recent(
            None
            if access.reaches_all(principal, access.Action.READ_RUN)
            else principal.organisation_id,
            limit,
        )
        return [_view(run, uow.jobs.get(run.id)) for run in runs]


def get_run(platform: Platform, principal: Principal, run_id: str) -> RunView:
    subject = f"consolidation run {run_id!r}"
    access.check(
        access.may_ever(principal, access.Action.READ_RUN),
        principal,
        access.Action.READ_RUN,
        subject,
    )
    with platform.uow(read_only=True) as uow:
        run = uow.consolidation_runs.get(run_id)
        job = uow.jobs.get(run_id)
    access.check(
        run is not None and access.may_read_run(principal, run.organisation_id),
        principal,
        access.Action.READ_RUN,
        subject,
        hide=True,
    )
    assert run is not None
    return _view(run, job)


def _view(run: Any, job: Job | None) -> RunView:
    return RunView(
        id=run.id,
        status=RunStatus(run.status),
        attempts=0 if job is None else job.attempts,
        max_attempts=None if job is None else job.max_attempts,
        parameters=run.parameters,
        created_at=run.created_at,
        finished_at=run.finished_at,
        error=run.error,
        result=run.result,
    )


# The durable job ------------------------------------------------------------------------------


def _run_job(platform: Platform, job: Job) -> dict[str, Any]:
    payload = job.payload
    run_id = str(payload["run_id"])
    with platform.uow(read_only=True) as uow:
        principal = uow.accounts.organisation(str(payload["organisation_id"]))
    if principal is None:
        raise NotFound(f"organisation {payload['organisation_id']!r} does not exist")
    options = ConsolidationOptions(**payload["options"])
    run_stored(platform, principal, run_id, options, bool(payload["apply"]))
    with platform.uow(read_only=True) as uow:
        run = uow.consolidation_runs.get(run_id)
    return {"run_id": run_id, "status": None if run is None else run.status}


def _run_job_failed(platform: Platform, job: Job, error: str) -> None:
    with platform.uow() as uow:
        uow.consolidation_runs.finish(str(job.payload["run_id"]), result=None, error=error)


jobs.register(jobs.JobKind(name=RUN_JOB, run=_run_job, on_failed=_run_job_failed, max_attempts=3))
