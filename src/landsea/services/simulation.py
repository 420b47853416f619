"""Simulations as use cases: read a scenario file, run its replications (on Dask for the command
line, as a durable job for the API), summarise and compare the scenarios."""

from __future__ import annotations

import datetime as dt
import tomllib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.job import Job
from landsea.domain.network import Network
from landsea.errors import InvalidInput
from landsea.services import jobs
from landsea.services.booking_demand import demand_of, resolve_demand
from landsea.services.planning import NetworkCostModel
from landsea.services.platform import Platform
from landsea.simulation import ReplicationResult, ScenarioSet, parse_scenarios, replicate
from landsea.simulation import summarise as _summarise
from landsea.simulation.results import ScenarioSummary, json_document
from landsea.simulation.world import scenario_network

__all__ = [
    "MAX_REPLICATIONS",
    "SIMULATION_JOB",
    "SimulationReport",
    "SimulationView",
    "get_simulation",
    "read_scenarios",
    "report_document",
    "run_scenarios",
    "start_simulation",
]

SIMULATION_JOB = "simulation.run"
MAX_REPLICATIONS = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulationReport:
    """Each scenario's summary over its replications, and its differences from the baseline."""

    replications: int
    seed: int
    summaries: list[ScenarioSummary]
    demands: list[dict[str, Any]] = field(default_factory=list)
    """Per scenario, where its cargo came from (published volumes or the platform's bookings)."""

    def comparison(self) -> list[dict[str, Any]]:
        """Per scenario, the change of each mean from the baseline's."""
        base = self.summaries[0]
        rows = []
        for summary in self.summaries:
            rows.append({
                "scenario": summary.scenario,
                **{f"{name}_change": getattr(summary, name).mean - getattr(base, name).mean
                   for name in ("teu_delivered", "lead_p50_h", "lead_p90_h", "days_late",
                                "cost_cny", "co2e_t")},
            })  # fmt: skip
        return rows


def read_scenarios(text: str, source: str = "scenario file") -> ScenarioSet:
    """The scenarios of a TOML text; a malformed file is invalid input naming where."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{source} is not valid TOML: {exc}") from exc
    return parse_scenarios(document)


def _check(replications: int) -> None:
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise InvalidInput(
            f"replications must be between 1 and {MAX_REPLICATIONS}, got {replications!r}"
        )


def run_scenarios(
    network: Network,
    scenarios: ScenarioSet,
    *,
    replications: int,
    seed: int,
    scheduler: str | None = None,
    workers: int = 2,
    dask: bool = True,
    progress: Callable[[int, int], Any] | None = None,
) -> SimulationReport:
    """Every scenario ``replications`` times, on Dask (a local cluster of ``workers``, or the
    scheduler at ``scheduler``) or — ``dask=False`` — one after another in this process."""
    _check(replications)
    if dask:
        from landsea.simulation.sweep import dask_client, sweep

        with dask_client(scheduler, workers=workers) as client:
            results = sweep(client, network, scenarios.all, NetworkCostModel,
                            replications=replications, seed=seed, progress=progress)  # fmt: skip
    else:
        results = []
        total, done = len(scenarios.all) * replications, 0
        for scenario in scenarios.all:
            row: list[ReplicationResult] = []
            for r in range(replications):
                row.append(replicate(network, scenario, NetworkCostModel, seed=seed, replication=r))
                done += 1
                if progress is not None:
                    progress(done, total)
            results.append(row)
    return SimulationReport(
        replications=replications,
        seed=seed,
        summaries=[_summarise(row) for row in results],
        demands=[demand_of(scenario) for scenario in scenarios.all],
    )


def report_document(report: SimulationReport) -> dict[str, Any]:
    """The report as JSON (``landsea simulate --format json`` and the API's result)."""
    return json_document(
        {
            "replications": report.replications,
            "seed": report.seed,
            "scenarios": [summary.document() for summary in report.summaries],
            "comparison": report.comparison(),
            "demand": report.demands,
        }
    )


# -- as a durable job (the API) -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulationView:
    id: str
    status: str
    created_at: dt.datetime | None
    error: str | None
    result: dict[str, Any] | None


def start_simulation(
    platform: Platform, principal: Principal, scenario_toml: str, *, replications: int, seed: int
) -> str:
    """Record a simulation as a durable job (kind ``simulation.run``) once its scenarios read."""
    access.check(
        access.may_ever(principal, access.Action.RUN_SIMULATION),
        principal,
        access.Action.RUN_SIMULATION,
    )
    _check(replications)
    scenarios = resolve_demand(platform, read_scenarios(scenario_toml, "scenario"))
    for scenario in scenarios.all:
        scenario_network(platform.network, scenario)  # refuses unknown services now, not later
    simulation_id = str(uuid.uuid4())
    with platform.uow() as uow:
        jobs.submit(uow, SIMULATION_JOB,
                    {"scenario": scenario_toml, "replications": replications, "seed": seed},
                    organisation_id=principal.organisation_id, job_id=simulation_id)  # fmt: skip
    return simulation_id


def get_simulation(platform: Platform, principal: Principal, simulation_id: str) -> SimulationView:
    """A simulation of the caller's organisation (an admin's: any); others' do not exist."""
    subject = f"simulation {simulation_id!r}"
    action = access.Action.READ_SIMULATION
    access.check(access.may_ever(principal, action), principal, action, subject)
    job = jobs.get_job(platform, simulation_id)
    visible = (
        job is not None
        and job.kind == SIMULATION_JOB
        and access.may_read_run(principal, job.organisation_id or "", action)
    )
    access.check(visible, principal, action, subject, hide=True)
    assert job is not None
    return SimulationView(id=job.id, status=job.status.value, created_at=job.created_at,
                          error=job.error, result=job.result)  # fmt: skip


def _run_job(platform: Platform, job: Job) -> dict[str, Any]:
    payload = job.payload
    scenarios = resolve_demand(platform, read_scenarios(str(payload["scenario"]), "scenario"))
    report = run_scenarios(platform.network, scenarios, replications=int(payload["replications"]),
                           seed=int(payload["seed"]), dask=False)  # fmt: skip
    return report_document(report)


def _missing(platform: Platform, job: Job, error: str) -> None:
    """Nothing to clean up: the job's own record says that it failed, and why."""


jobs.register(jobs.JobKind(name=SIMULATION_JOB, run=_run_job, on_failed=_missing, max_attempts=2))
