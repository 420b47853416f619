"""The column types: times are instants (naive refused, any offset in, UTC out, on SQLite too)
and JSON columns hold values (compact text, Unicode as is, big integers exact)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError

from landsea.domain.job import Job
from landsea.services.platform import Platform
from tests.persistence.records import CST, T0, departure


def test_a_naive_time_is_refused(platform: Platform) -> None:
    with pytest.raises(StatementError, match="naive datetime"), platform.uow() as uow:
        departure(uow, T0.replace(tzinfo=None))


def test_a_naive_time_in_a_query_is_refused(platform: Platform) -> None:
    naive = T0.replace(tzinfo=None)
    with pytest.raises(StatementError, match="naive datetime"), platform.uow() as uow:
        uow.departures.existing_ids(naive, naive + dt.timedelta(days=1))


@pytest.mark.parametrize("hours", [8, 0, -5, 7])
def test_an_aware_time_in_any_offset_is_read_back_as_the_same_instant_in_utc(
    platform: Platform, hours: int
) -> None:
    at = dt.datetime(2027, 3, 1, 8, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=hours)))
    with platform.uow() as uow:
        ident = departure(uow, at)
    with platform.uow(read_only=True) as uow:
        found = uow.departures.get(ident)
    assert found is not None
    assert found.departure == at
    assert found.departure.utcoffset() == dt.timedelta(0)
    assert found.departure.tzinfo is dt.UTC


def test_times_are_stored_in_utc_so_that_sql_compares_instants(platform: Platform) -> None:
    """08:00 in +08:00 is stored as 00:00 (UTC): a range given in another offset finds it, and
    the text SQLite keeps is UTC's wall clock."""
    with platform.uow() as uow:
        ident = departure(uow, T0)
    with platform.uow(read_only=True) as uow:
        in_utc = T0.astimezone(dt.UTC)
        assert ident in uow.departures.existing_ids(in_utc, in_utc + dt.timedelta(seconds=1))
        just_before = dt.datetime(2027, 3, 1, 7, 59, tzinfo=CST)
        assert ident not in uow.departures.existing_ids(
            just_before - dt.timedelta(hours=1), just_before
        )
        stored = uow.session.execute(
            text("SELECT departure_at FROM departures WHERE id = :id"), {"id": ident}
        ).scalar_one()
    if isinstance(stored, str):  # SQLite
        assert stored.startswith("2027-03-01 00:00:00")
    else:
        assert stored == T0


def test_json_columns_hold_values_as_compact_text(platform: Platform) -> None:
    payload = {"城市": "重庆", "big": 2**70, "nested": [1, 2.5, None, True], "e": "é"}
    with platform.uow() as uow:
        uow.jobs.add(Job(id="json-job", kind="test.json", payload=payload))
    with platform.uow(read_only=True) as uow:
        job = uow.jobs.get("json-job")
        stored = uow.session.execute(
            text("SELECT payload, result FROM jobs WHERE id = 'json-job'")
        ).one()
    assert job is not None and job.payload == payload
    assert job.payload["big"] == 2**70 and isinstance(job.payload["big"], int)
    assert job.result is None and stored[1] is None  # no value: NULL, not the text "null"
    assert '"城市":"重庆"' in stored[0] and ", " not in stored[0]
