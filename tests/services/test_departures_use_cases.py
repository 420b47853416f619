"""Stored departures as typed views, on both databases (rolled back after each test)."""

from __future__ import annotations

import datetime as dt

import pytest

from landsea.errors import NotFound
from landsea.services import departures
from landsea.services.platform import Platform

TRAIN = "SR-CQ-QZH-20261207-0900"


def test_a_departure_comes_with_its_run_from_the_timetable(platform: Platform) -> None:
    view = departures.get_departure(platform, TRAIN)
    assert view.capacity.id == TRAIN and view.service.id == "SR-CQ-QZH"
    assert view.run is not None and view.run.id == TRAIN
    leaves = platform.network.local(view.service.origin, view.capacity.departure)
    assert leaves.isoformat() == "2026-12-07T09:00:00+08:00"
    with pytest.raises(NotFound):
        departures.get_departure(platform, "SR-CQ-QZH-20261207-0901")


def test_find_departures_on_a_local_date_from_a_place(platform: Platform) -> None:
    views = departures.find_departures(
        platform,
        origin="LATHG",
        destination="THLCH",
        date=dt.date(2026, 12, 10),
        after=None,
        limit=20,
    )
    assert views
    for view in views:
        assert view.run is not None
        [call] = [c for c in view.run.calls if c.location == "LATHG"]
        assert call.departure is not None
        assert platform.network.local("LATHG", call.departure).date() == dt.date(2026, 12, 10)
