"""Clearance statistics on a hand-made set of events (both databases, rolled back): exact p50
and p90 hours, arrivals matched to releases per container, unmatched releases counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from landsea.domain.codes import container_check_digit
from landsea.services import accounts, analytics, tracking
from landsea.services.platform import Platform

UTC = dt.UTC
ARRIVED = dt.datetime(2026, 12, 9, 0, tzinfo=UTC)
START, END = dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2027, 1, 1, tzinfo=UTC)


def _container(n: int) -> str:
    owner = f"TSTU{n:06d}"
    return owner + str(container_check_digit(owner))


def _event(event_id: str, code: str, at: dt.datetime, container: str, where: str) -> dict[str, Any]:
    return {
        "eventID": event_id, "eventType": "EQUIPMENT", "eventClassifierCode": "ACT",
        "eventDateTime": at.isoformat(), "equipmentEventTypeCode": code,
        "equipmentReference": container, "eventLocation": {"UNLocationCode": where},
    }  # fmt: skip


def _clearances(
    platform: Platform, hours: list[float], where: str = "CNQZH", arrived: dt.datetime = ARRIVED
) -> None:
    events = []
    for n, h in enumerate(hours):
        container = _container(n + 1)
        events.append(_event(f"disc-{where}-{n}", "DISC", arrived, container, where))
        release = arrived + dt.timedelta(hours=h)
        events.append(_event(f"cusr-{where}-{n}", "CUSR", release, container, where))
    report = tracking.ingest_events(platform, accounts.system_principal(platform), events)
    assert report.stored == len(events) and not report.rejected


@pytest.mark.parametrize(
    ("hours", "p50", "p90", "mean"),
    [
        ([1, 2, 3, 4, 10], 3.0, 7.6, 4.0),  # type 7: p90 at position 3.6, 4 + 0.6 × 6
        ([5, 1], 3.0, 4.6, 3.0),
        ([12], 12.0, 12.0, 12.0),
    ],
)
def test_p50_and_p90_are_exact_on_hand_made_clearances(
    platform: Platform, hours: list[float], p50: float, p90: float, mean: float
) -> None:
    _clearances(platform, hours)
    report = analytics.clearance_stats(platform, start=START, end=END, location="CNQZH")
    (row,) = report.locations
    assert (row.location, row.samples, row.unmatched) == ("CNQZH", len(hours), 0)
    assert (row.p50_hours, row.p90_hours, row.mean_hours) == (p50, p90, mean)
    assert row.dataset is not None and not row.used_by_planner  # fewer than 20 samples


def test_a_release_with_no_arrival_is_unmatched_and_places_are_apart(platform: Platform) -> None:
    _clearances(platform, [2, 4], where="CNQZH")
    _clearances(platform, [30], where="VNHPH")
    orphan = _event("cusr-orphan", "CUSR", ARRIVED, _container(99), "CNQZH")
    tracking.ingest_events(platform, accounts.system_principal(platform), [orphan])
    report = analytics.clearance_stats(platform, start=START, end=END)
    rows = {row.location: row for row in report.locations}
    assert (rows["CNQZH"].samples, rows["CNQZH"].unmatched, rows["CNQZH"].p50_hours) == (2, 1, 3.0)
    assert (rows["VNHPH"].samples, rows["VNHPH"].p50_hours) == (1, 30.0)
    assert [r.location for r in report.locations][:2] == ["CNQZH", "VNHPH"]  # most samples first


def test_the_planner_uses_a_median_once_enough_clearances_are_measured(
    platform: Platform,
) -> None:
    platform.clearance_min_samples = 3
    # The planner looks at the trailing 90 days.
    _clearances(platform, [1, 2, 30], arrived=dt.datetime.now(UTC) - dt.timedelta(days=10))
    measured = analytics.measured_clearance(platform, fresh=True)
    assert measured and set(measured.values()) == {2.0}
