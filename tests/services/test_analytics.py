"""Corridor statistics on hand-made bookings, straight through the services (both databases,
rolled back): exact figures, each booking counted once."""

from __future__ import annotations

import datetime as dt

import pytest

from landsea.domain.booking import Principal
from landsea.services import accounts, analytics
from landsea.services.booking import cancel_booking
from landsea.services.platform import Platform
from tests.services.bookings import book

UTC = dt.UTC
TRAIN = "SR-CQ-QZH-20261207-0900"  # Tuanjiecun Mon 7 Dec 01:00 UTC → Qinzhou Wed 9 Dec 01:00
SHIP = "QZH-SIN-DAILY-20261211-2000"  # Qinzhou Fri 11 Dec 12:00 UTC (week 50)
LATER_SHIP = "QZH-SIN-DAILY-20261215-2000"  # Qinzhou Tue 15 Dec 12:00 UTC (week 51)
DECEMBER = (dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2027, 1, 4, tzinfo=UTC))


@pytest.fixture
def shipper(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Analytics Exporter", "shipper")


def _week(result: analytics.Volumes, label: str) -> analytics.WeekVolume:
    return next(w for w in result.weeks if w.week == label)


def test_teu_per_week_counts_a_two_leg_booking_once(platform: Platform, shipper: Principal) -> None:
    """Train then ship, 3 TEU, both in week 50: 3 TEU that week, not 6."""
    book(platform, shipper, 3, (TRAIN, "CNCQI-TJC", "CNQZH"), (SHIP, "CNQZH", "SGSIN"))
    result = analytics.volumes(platform, *DECEMBER)
    w50 = _week(result, "2026-W50")
    assert w50.total == 3
    assert w50.teu == {"rail": 3, "sea": 3, "road": 0, "inland_waterway": 0}
    assert result.total_teu == 3 and result.bookings == 1
    assert result.totals == {"rail": 3, "sea": 3, "road": 0, "inland_waterway": 0}


def test_a_booking_counts_in_the_week_of_its_first_leg_and_cancelled_ones_not_at_all(
    platform: Platform, shipper: Principal
) -> None:
    book(platform, shipper, 2, (TRAIN, "CNCQI-TJC", "CNQZH"), (LATER_SHIP, "CNQZH", "SGSIN"))
    book(platform, shipper, 1, (LATER_SHIP, "CNQZH", "SGSIN"))
    gone = book(platform, shipper, 5, (TRAIN, "CNCQI-TJC", "CNQZH"))
    cancel_booking(platform, shipper, gone)
    result = analytics.volumes(platform, *DECEMBER)
    assert _week(result, "2026-W50").total == 2  # the train-and-ship booking, by its train
    assert _week(result, "2026-W51").total == 1  # the ship-only booking
    assert _week(result, "2026-W51").teu == {
        "rail": 0,
        "sea": 1,
        "road": 0,
        "inland_waterway": 0,
    }
    assert result.total_teu == 3 and result.bookings == 2
    # A period holding only the later ship counts the first booking there, by the leg it has.
    later = analytics.volumes(
        platform, dt.datetime(2026, 12, 14, tzinfo=UTC), dt.datetime(2026, 12, 21, tzinfo=UTC)
    )
    assert later.total_teu == 3
    assert later.totals == {"rail": 0, "sea": 3, "road": 0, "inland_waterway": 0}


def test_modal_split_is_teu_km_of_the_legs_ridden(platform: Platform, shipper: Principal) -> None:
    book(platform, shipper, 2, (TRAIN, "CNCQI-TJC", "CNQZH"), (SHIP, "CNQZH", "SGSIN"))
    result = analytics.modal_split(platform, *DECEMBER)
    # 2 TEU × 1,450 km by rail (Tuanjiecun–Guiyang–Nanning–Qinzhou), × 2,487.3 km by sea.
    assert result.modes["rail"].teu_km == 2900.0
    assert result.modes["sea"].teu_km == 4974.6
    assert result.total_teu_km == 7874.6
    assert result.modes["rail"].share == round(2900.0 / 7874.6, 4)
