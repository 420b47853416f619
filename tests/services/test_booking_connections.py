"""Bookings check each connection with the planner's rule: the cargo reaches the next leg's
boarding place before that leg's cut-off and the handling there (both databases, rolled back)."""

from __future__ import annotations

import datetime as dt

import pytest

from landsea.domain.booking import Principal
from landsea.errors import InvalidInput
from landsea.services import accounts
from landsea.services.booking import BookingRequest, LegRequest, create_booking
from landsea.services.planning import PlanQuestion, plan_on_platform
from landsea.services.platform import Platform

TRAIN = "SR-CQ-QZH-20261207-0900"  # Tuanjiecun Mon 7 Dec 09:00 → Qinzhou Wed 9 Dec 09:00 (+08:00)
# Qinzhou: 12 h handling, then the ship's 24 h cut-off: a ship at 20:00 needs the cargo by
# 08:00 the day before.
TOO_SOON = "QZH-SIN-DAILY-20261210-2000"  # leaves 35 h after the train arrives: 1 h short
IN_TIME = "QZH-SIN-DAILY-20261211-2000"


@pytest.fixture
def shipper(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Connection Exporter", "shipper")


def _request(ship: str) -> BookingRequest:
    return BookingRequest(
        legs=(
            LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),
            LegRequest(departure_id=ship, origin="CNQZH", destination="SGSIN"),
        ),
        teu=1,
    )


def test_a_connection_shorter_than_handling_and_cut_off_is_refused(
    platform: Platform, shipper: Principal
) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_booking(platform, shipper, _request(TOO_SOON))
    assert refused.value.message == (
        f"legs[1].departure_id {TOO_SOON!r} leaves CNQZH at 2026-12-10T20:00:00+08:00, but "
        "legs[0] arrives there at 2026-12-09T09:00:00+08:00: the cargo must arrive by "
        "2026-12-09T08:00:00+08:00 (12 h handling and 24 h cut-off at CNQZH)"
    )
    with platform.uow(read_only=True) as uow:  # nothing was reserved
        train = uow.departures.get(TRAIN)
        assert train is not None and train.booked_teu == 0


def test_a_connection_with_time_for_handling_and_cut_off_is_booked(
    platform: Platform, shipper: Principal
) -> None:
    booking, made = create_booking(platform, shipper, _request(IN_TIME))
    assert made and [leg.departure_id for leg in booking.legs] == [TRAIN, IN_TIME]


def test_every_connection_the_planner_offers_can_be_booked(
    platform: Platform, shipper: Principal
) -> None:
    """The planner and the booking apply one rule (the planner adds customs clearance, so
    what it offers always fits)."""
    plan = plan_on_platform(
        platform,
        PlanQuestion(
            origin="CNCQI-TJC", destination="SGSIN", depart=dt.date(2026, 12, 7), window_days=3
        ),
    )
    offered = [o for o in plan.options if len(o.legs) > 1]
    assert offered
    for option in offered:  # what the planner offers, a booking accepts
        legs = tuple(
            LegRequest(
                departure_id=leg.departure_id,
                origin=leg.from_,
                destination=leg.to,
                service_id=None if leg.departure_id else leg.service_id,
            )
            for leg in option.legs
        )
        booking, made = create_booking(platform, shipper, BookingRequest(legs=legs, teu=1))
        assert made and len(booking.legs) == len(legs)
