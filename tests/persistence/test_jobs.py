"""Job records: claimed by one worker at a time, renewed and finished only by their holder,
claimable again when a lease runs out."""

from __future__ import annotations

import datetime as dt
import uuid

from landsea.domain.job import Job, JobStatus
from landsea.services.platform import Platform
from tests.persistence.records import T0


def test_a_job_is_claimed_by_one_worker_and_finished_by_its_holder(platform: Platform) -> None:
    ident = str(uuid.uuid4())
    lease = T0 + dt.timedelta(seconds=30)
    with platform.uow() as uow:
        uow.jobs.add(Job(id=ident, kind="test.kind", payload={"n": 1}))
        claimed = uow.jobs.claim("worker-a", T0, lease, job_id=ident)
        assert claimed is not None and claimed.status is JobStatus.RUNNING
        assert (claimed.attempts, claimed.owner, claimed.lease_until) == (1, "worker-a", lease)
        assert uow.jobs.claim("worker-b", T0, lease, job_id=ident) is None  # held
        assert not uow.jobs.renew(ident, "worker-b", lease)
        assert uow.jobs.renew(ident, "worker-a", lease + dt.timedelta(seconds=30))
        assert not uow.jobs.finish(ident, "worker-b", T0, result={"ok": False})
        assert uow.jobs.finish(ident, "worker-a", T0, result={"ok": True})
        done = uow.jobs.get(ident)
    assert done is not None and done.status is JobStatus.DONE and done.result == {"ok": True}
    assert done.finished_at == T0 and done.lease_until is None


def test_a_job_whose_lease_ran_out_is_claimable_again(platform: Platform) -> None:
    ident = str(uuid.uuid4())
    lease = T0 + dt.timedelta(seconds=30)
    with platform.uow() as uow:
        uow.jobs.add(Job(id=ident, kind="test.kind", payload={}))
        assert uow.jobs.claim("worker-a", T0, lease, job_id=ident) is not None
        assert uow.jobs.claim("worker-c", T0, lease, job_id=ident) is None  # lease still on
        again = uow.jobs.claim("worker-b", lease + dt.timedelta(seconds=1), lease, job_id=ident)
        assert again is not None and (again.owner, again.attempts) == ("worker-b", 2)
        assert not uow.jobs.finish(ident, "worker-a", T0, error="too late")
        assert uow.jobs.finish(ident, "worker-b", T0, error="boom")
        failed = uow.jobs.get(ident)
    assert failed is not None and failed.status is JobStatus.FAILED and failed.error == "boom"
