"""Consolidation runs: JSON parameters and results, finished once, newest first."""

from __future__ import annotations

import uuid

from landsea.services.platform import Platform
from tests.persistence.records import organisation


def test_a_run_starts_finishes_once_and_keeps_its_json(platform: Platform) -> None:
    run_id = str(uuid.uuid4())
    parameters = {"method": "optimal", "carbon_price": 350.5, "说明": "重庆"}
    result = {"status": "optimal", "assignments": [{"request_id": "r1", "departure_ids": ["d"]}]}
    with platform.uow() as uow:
        owner = organisation(uow)
        uow.consolidation_runs.add(run_id, owner, parameters)
        assert uow.consolidation_runs.start(run_id)
        assert uow.consolidation_runs.finish(run_id, result=result)
        assert not uow.consolidation_runs.finish(run_id, result=None, error="again")
        assert not uow.consolidation_runs.start(run_id)
    with platform.uow(read_only=True) as uow:
        found = uow.consolidation_runs.get(run_id)
        assert uow.consolidation_runs.get("no-such-run") is None
    assert found is not None
    assert (found.status, found.parameters, found.result) == ("done", parameters, result)
    assert found.finished_at is not None and found.finished_at >= found.created_at


def test_a_failed_run_keeps_its_error_and_recent_lists_the_newest_first(
    platform: Platform,
) -> None:
    with platform.uow() as uow:
        owner = organisation(uow)
        ids = [str(uuid.uuid4()) for _ in range(3)]
        for ident in ids:
            uow.consolidation_runs.add(ident, owner, {})
        assert uow.consolidation_runs.finish(ids[0], result=None, error="x" * 3000)
    with platform.uow(read_only=True) as uow:
        failed = uow.consolidation_runs.get(ids[0])
        recent = uow.consolidation_runs.recent(owner, 2)
        others = uow.consolidation_runs.recent(str(uuid.uuid4()), 10)
    assert failed is not None and failed.status == "failed" and failed.error == "x" * 2000
    assert len(recent) == 2 and others == []
    assert [r.created_at for r in recent] == sorted((r.created_at for r in recent), reverse=True)
