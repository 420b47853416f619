"""Weekly schedules expanded into dated departures, across time zones; fares pro rata."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from landsea.domain import Money, Network
from landsea.feeds.dataset import load_dataset
from tests.fixtures import MINI


@pytest.fixture(scope="module")
def mini() -> Network:
    return load_dataset(MINI)


def test_weekly_departures_in_local_time(mini: Network) -> None:
    # 2026-12-07 is a Monday: Mon, Wed, Fri in the first week, Mon in the second.
    runs = mini.departures("SR-CQ-QZH", dt.date(2026, 12, 7), 8)
    assert [run.id for run in runs] == [
        "SR-CQ-QZH-20261207-1800",
        "SR-CQ-QZH-20261209-1800",
        "SR-CQ-QZH-20261211-1800",
        "SR-CQ-QZH-20261214-1800",
    ]
    first = runs[0]
    # 18:00 Beijing time is 10:00 UTC; arrival 48 h later.
    assert first.departure == dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
    assert first.arrival == dt.datetime(2026, 12, 9, 10, 0, tzinfo=dt.UTC)
    assert first.calls[0].arrival is None and first.calls[-1].departure is None
    assert first.capacity_teu == 100 and first.reefer_plugs == 10


def test_the_window_counts_local_dates(mini: Network) -> None:
    assert mini.departures("SR-CQ-QZH", dt.date(2026, 12, 8), 1) == []
    assert len(mini.departures("SR-CQ-QZH", dt.date(2026, 12, 9), 1)) == 1


def test_fortnightly_sailings_follow_their_anchor_week(mini: Network) -> None:
    runs = mini.departures("SEA-QZH-SIN", dt.date(2026, 12, 1), 35)
    assert [run.departure.date().isoformat() for run in runs] == [
        "2026-12-05",
        "2026-12-19",
        "2027-01-02",
    ]


def test_on_demand_services_have_no_dated_departures(mini: Network) -> None:
    assert mini.departures("TRUCK-CQ-HAN", dt.date(2026, 12, 7), 30) == []
    assert mini.service("TRUCK-CQ-HAN").on_demand


def test_departures_are_deterministic(mini: Network) -> None:
    first = [r.id for r in mini.departures("SR-CQ-QZH", dt.date(2027, 3, 1), 60)]
    again = [r.id for r in mini.departures("SR-CQ-QZH", dt.date(2027, 3, 1), 60)]
    assert first == again and len(first) == len(set(first)) == 26


def test_fare_is_pro_rata_by_distance(mini: Network) -> None:
    truck = mini.service("TRUCK-CQ-HAN")
    assert truck.fare(0, 2) == Money(Decimal("12000"), "CNY")
    share = truck.distance_between(0, 1) / truck.distance_km
    assert truck.fare(0, 1).amount == pytest.approx(
        Decimal(12000) * Decimal(share), abs=Decimal("0.01")
    )
    assert truck.fare(0, 2, feu=True).amount == Decimal("18000")
