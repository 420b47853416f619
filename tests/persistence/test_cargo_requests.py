"""Cargo requests: times in any offset, keyset order, a conditional move out of pending, and
the database's own check of the TEU."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from landsea.domain.consolidation import CargoRequest, RequestStatus
from landsea.services.platform import Platform
from tests.persistence.records import CST, T0, organisation


def _request(owner: str, ready: dt.datetime, teu: int = 2) -> CargoRequest:
    return CargoRequest(
        id=str(uuid.uuid4()),
        organisation_id=owner,
        origin="CNCQI",
        destination="SGSIN",
        teu=teu,
        cargo_type="general",
        ready=ready,
        due=ready + dt.timedelta(days=12),
        penalty_per_day=Decimal("150.00"),
    )


def test_a_request_ready_in_local_time_is_found_by_a_utc_range(platform: Platform) -> None:
    with platform.uow() as uow:
        made = _request(organisation(uow), T0)
        uow.cargo_requests.add(made)
    utc = T0.astimezone(dt.UTC)
    with platform.uow(read_only=True) as uow:
        found = uow.cargo_requests.find(
            organisation_id=made.organisation_id, ready_from=utc, ready_to=utc + dt.timedelta(1)
        )
        before = uow.cargo_requests.find(organisation_id=made.organisation_id, ready_to=utc)
    assert [r.id for r in found] == [made.id] and before == []
    assert found[0].ready == T0 and found[0].due == made.due
    assert found[0].penalty_per_day == Decimal("150.00")


def test_find_pages_in_ready_time_then_id_order(platform: Platform) -> None:
    with platform.uow() as uow:
        owner = organisation(uow)
        made = [_request(owner, T0 + dt.timedelta(hours=n % 2)) for n in range(5)]
        for request in made:
            uow.cargo_requests.add(request)
    pages = []
    after: tuple[dt.datetime, str] | None = None
    with platform.uow(read_only=True) as uow:
        while page := uow.cargo_requests.find(organisation_id=owner, after=after, limit=2):
            pages.append(page)
            after = (page[-1].ready, page[-1].id)
    assert [(r.ready, r.id) for p in pages for r in p] == sorted((r.ready, r.id) for r in made)


def test_only_a_pending_request_can_be_booked_or_cancelled(platform: Platform) -> None:
    with platform.uow() as uow:
        made = _request(organisation(uow), dt.datetime(2027, 3, 1, tzinfo=CST))
        uow.cargo_requests.add(made)
        assert uow.cargo_requests.mark(made.id, RequestStatus.CANCELLED, None)
        assert not uow.cargo_requests.mark(made.id, RequestStatus.BOOKED, None)
        found = uow.cargo_requests.get(made.id)
        pending = uow.cargo_requests.find(
            organisation_id=made.organisation_id, status=RequestStatus.PENDING
        )
    assert found is not None and found.status is RequestStatus.CANCELLED and pending == []


def test_the_database_refuses_a_request_of_no_teu(platform: Platform) -> None:
    with platform.uow() as uow:
        owner = organisation(uow)
    with pytest.raises(IntegrityError), platform.uow() as uow:
        uow.cargo_requests.add(dataclasses.replace(_request(owner, T0), teu=0))
