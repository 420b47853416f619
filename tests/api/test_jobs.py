"""Durable jobs on both databases: a run is a job recorded in the database, taken up again when
the process running it died, carried out by ``landsea worker --once``, and never applied twice
(a retry after the commit finds the run done)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from landsea.api.app import create_app
from landsea.cli.main import app
from landsea.config import Settings
from landsea.errors import Conflict
from landsea.services import consolidation, jobs
from landsea.services.jobs import Workers
from landsea.services.platform import open_platform
from tests.api.conftest import World

TRAIN_0900 = "SR-CQ-QZH-20261207-0900"


def _requests(client: TestClient, world: World, n: int) -> list[str]:
    ids = []
    for k in range(n):
        response = client.post(
            "/api/v1/cargo-requests",
            json={"origin": "CNCQI-TJC", "destination": "CNQZH", "teu": 2,
                  "ready": "2026-12-07T00:00:00", "due": "2026-12-09T12:00:00",
                  "penalty_per_day": 1000, "reference": f"R{k}"},
            headers=world.headers("exporter"),
        )  # fmt: skip
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def _start(client: TestClient, world: World, **body: Any) -> str:
    response = client.post(
        "/api/v1/consolidation/runs",
        json={"method": "greedy", "max_late_days": 3, **body},
        headers=world.headers("operator"),
    )
    assert response.status_code == 202, response.text
    run = response.json()
    assert (run["status"], run["attempts"]) == ("queued", 0)
    return str(run["id"])


def _run(client: TestClient, world: World, run_id: str) -> Any:
    response = client.get(f"/api/v1/consolidation/runs/{run_id}", headers=world.headers("operator"))
    assert response.status_code == 200
    return response.json()


def _count(world: World, sql: str, **params: Any) -> int:
    with world.platform.database.engine.connect() as connection:
        return int(connection.execute(text(sql), params).scalar_one())


def _kill_worker_mid_job(world: World, run_id: str) -> None:
    """What a worker killed (SIGKILL) while running the job leaves behind: the run running, the
    job claimed under a lease that ran out, and on PostgreSQL procrastinate's job ``doing`` under
    a worker whose heartbeat stopped."""
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    with world.platform.uow() as uow:
        claimed = uow.jobs.claim("dead-host:1:1", past, past + dt.timedelta(seconds=30), run_id)
        assert claimed is not None and claimed.attempts == 1
        assert uow.consolidation_runs.start(run_id)
    if not world.platform.sqlite:
        with world.platform.database.engine.begin() as connection:
            worker = connection.execute(
                text("INSERT INTO procrastinate_workers (last_heartbeat) "
                     "VALUES (now() - interval '10 minutes') RETURNING id")
            ).scalar_one()  # fmt: skip
            changed = connection.execute(
                text("UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w "
                     "WHERE args->>'job_id' = :j"),
                {"w": worker, "j": run_id},
            )  # fmt: skip
            assert changed.rowcount == 1


def test_a_run_is_a_durable_job_that_outlives_its_process(client: TestClient, world: World) -> None:
    _requests(client, world, 2)
    run_id = _start(client, world)
    # Another process (a new platform on the same database) finds the job and carries it out.
    other = open_platform(world.platform.database_url, departure_horizon_days=60)
    try:
        job = jobs.get_job(other, run_id)
        assert job is not None and job.kind == "consolidation.run"
        assert job.status.value == "queued" and job.payload["run_id"] == run_id
        Workers(other, concurrency=2).run(once=True)
    finally:
        other.dispose()
    run = _run(client, world, run_id)
    assert (run["status"], run["attempts"]) == ("done", 1)
    assert run["result"]["requests"] == 2
    job = jobs.get_job(world.platform, run_id)
    assert (
        job is not None
        and job.status.value == "done"
        and job.result
        == {
            "run_id": run_id,
            "status": "done",
        }
    )


def test_a_job_whose_worker_died_is_taken_up_again(client: TestClient, world: World) -> None:
    _requests(client, world, 2)
    run_id = _start(client, world, apply=True)
    _kill_worker_mid_job(world, run_id)
    assert _run(client, world, run_id)["status"] == "running"
    Workers(world.platform, concurrency=1, lease_seconds=5).run(once=True)
    run = _run(client, world, run_id)
    assert (run["status"], run["attempts"]) == ("done", 2), run
    assert len(run["result"]["booking_ids"]) == 2
    assert _count(world, "SELECT count(*) FROM bookings") == 2


def test_a_starting_server_takes_up_the_job_of_one_that_died(
    client: TestClient, world: World
) -> None:
    _requests(client, world, 2)
    run_id = _start(client, world, apply=True)
    _kill_worker_mid_job(world, run_id)
    settings = Settings(
        database_url=world.platform.database_url,
        departure_horizon_days=60,
        delivery_interval_seconds=0,
        job_workers=1,
        job_lease_seconds=5,
    )
    with TestClient(create_app(settings)) as server:
        for _ in range(300):  # bounded: at most about 30 s
            run = server.get(
                f"/api/v1/consolidation/runs/{run_id}", headers=world.headers("operator")
            ).json()
            if run["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
    assert (run["status"], run["attempts"]) == ("done", 2), run
    assert len(run["result"]["booking_ids"]) == 2


class _Crash(BaseException):
    """The process dies here (nothing below runs, no handler sees it)."""


def test_a_retry_after_the_commit_applies_nothing(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _requests(client, world, 5)
    run_id = _start(client, world, apply=True)

    def crash(*_: object) -> None:
        raise _Crash

    # The run's bookings commit, then the process dies before the job is marked done.
    monkeypatch.setattr(jobs, "_done", crash)
    with pytest.raises(_Crash):
        jobs.execute(world.platform, job_id=run_id)
    monkeypatch.undo()
    first = _run(client, world, run_id)
    assert first["status"] == "done" and len(first["result"]["booking_ids"]) == 5
    assert jobs.get_job(world.platform, run_id).status.value == "running"  # type: ignore[union-attr]
    booked = _count(world, "SELECT booked_teu FROM departures WHERE id = :d", d=TRAIN_0900)

    # The lease runs out; the retry finds the run done and books nothing.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    retried = jobs.execute(world.platform, job_id=run_id, now=later)
    assert retried is not None and retried.attempts == 2
    again = _run(client, world, run_id)
    assert (again["status"], again["attempts"]) == ("done", 2)
    assert again["result"]["booking_ids"] == first["result"]["booking_ids"]
    assert again["result"]["requests"] == 5
    assert _count(world, "SELECT count(*) FROM bookings") == 5
    assert _count(world, "SELECT booked_teu FROM departures WHERE id = :d", d=TRAIN_0900) == booked
    assert jobs.get_job(world.platform, run_id).status.value == "done"  # type: ignore[union-attr]


def test_an_applied_run_is_never_applied_again(client: TestClient, world: World) -> None:
    # Two attempts raced: the second solved the same requests (from a file: nothing marks them
    # booked) and now applies after the first committed. Its bookings must not commit.
    run_id = _start(client, world, apply=True)
    Workers(world.platform, concurrency=1).run(once=True)
    assert _run(client, world, run_id)["status"] == "done"
    requests = consolidation.read_requests_csv(
        world.platform,
        "request_id,origin,destination,teu,cargo_type,ready,due,penalty_per_day\n"
        "f-1,CNCQI-TJC,CNQZH,2,general,2026-12-07T00:00:00+08:00,2026-12-09T12:00:00+08:00,100\n",
    )
    result = consolidation.consolidate(
        world.platform, requests, consolidation.ConsolidationOptions(method="greedy")
    )
    assert result.assignments
    with world.platform.uow(read_only=True) as uow:
        operator = uow.accounts.organisation("operator")
    assert operator is not None
    with pytest.raises(Conflict, match="applied already"):
        consolidation.apply_result(world.platform, operator, requests, result, run_id=run_id)
    assert _count(world, "SELECT count(*) FROM bookings") == 0


def test_a_job_that_keeps_dying_fails_for_good(client: TestClient, world: World) -> None:
    run_id = _start(client, world)
    with world.platform.database.engine.begin() as connection:
        connection.execute(
            text("UPDATE jobs SET status = 'running', attempts = 3, owner = 'dead', "
                 "lease_until = :t WHERE id = :j"),
            {"t": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1), "j": run_id},
        )  # fmt: skip
    jobs.execute(world.platform, job_id=run_id)
    run = _run(client, world, run_id)
    assert (run["status"], run["attempts"]) == ("failed", 4)
    assert "gave up after 3 attempts" in run["error"]


def test_landsea_worker_once(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _requests(client, world, 3)
    runs = [_start(client, world), _start(client, world, apply=True)]
    monkeypatch.setenv("LANDSEA_DATABASE_URL", world.platform.database_url)
    monkeypatch.setenv("LANDSEA_DEPARTURE_HORIZON_DAYS", "60")
    result = CliRunner().invoke(app, ["worker", "--once", "--concurrency", "1"])
    assert result.exit_code == 0, result.output
    first, second = (_run(client, world, r) for r in runs)
    assert (first["status"], second["status"]) == ("done", "done")
    assert len(second["result"]["booking_ids"]) == 3
    assert _count(world, "SELECT count(*) FROM bookings") == 3
    again = CliRunner().invoke(app, ["worker", "--once"])  # nothing waits: it stops at once
    assert again.exit_code == 0, again.output
