"""My shipments as a use case: every booking has planned times from the moment it is booked (a
trucks-only booking too), in the local time of each place; a milestone bar says what happened and
what is expected; bookings are found by reference, container or place and filtered by status,
route and dates (both databases, rolled back)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from landsea.domain.booking import BookingStatus, Principal
from landsea.services import accounts, tracking
from landsea.services.booking import BookingRequest, LegRequest, cancel_booking, create_booking
from landsea.services.planning import PlanQuestion, plan_on_platform
from landsea.services.platform import Platform
from landsea.services.shipments import (
    Milestone,
    ShipmentFilter,
    StepState,
    find_shipments,
)

TRAIN = "SR-CQ-QZH-20261207-0900"  # Tuanjiecun Mon 7 Dec 09:00 → Qinzhou Wed 9 Dec 09:00
SHIP = "QZH-SIN-DAILY-20261211-2000"  # Qinzhou Fri 20:00 → Singapore
BOX = "APZU4812090"
PLUS8, PLUS7 = dt.timedelta(hours=8), dt.timedelta(hours=7)


@pytest.fixture
def shipper(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Shipments Exporter", "shipper")


def _by_road(platform: Platform, shipper: Principal, reference: str) -> str:
    """A booking of trucks only, Chongqing → Hanoi, as the plan offers it."""
    question = PlanQuestion(origin="CNCQI", destination="VNHAN", depart=dt.date(2026, 12, 7),
                            avoid=("rail", "sea", "inland_waterway"))  # fmt: skip
    option = plan_on_platform(platform, question).options[0]
    assert all(leg.on_demand for leg in option.legs)
    legs = tuple(LegRequest(departure_id=None, origin=leg.from_, destination=leg.to,
                            service_id=leg.service_id) for leg in option.legs)  # fmt: skip
    booking, _ = create_booking(
        platform, shipper, BookingRequest(legs=legs, teu=1, shipper_reference=reference)
    )
    return booking.id


def _by_train_and_ship(platform: Platform, shipper: Principal, reference: str) -> str:
    legs = (
        LegRequest(departure_id=TRAIN, origin="CNCQI-TJC", destination="CNQZH"),
        LegRequest(departure_id=SHIP, origin="CNQZH", destination="SGSIN"),
    )
    booking, _ = create_booking(
        platform, shipper, BookingRequest(legs=legs, teu=1, shipper_reference=reference)
    )
    return booking.id


def _event(event_id: str, code: str, where: str, when: str, booking: str) -> dict[str, Any]:
    return {
        "eventID": event_id,
        "eventType": "TRANSPORT",
        "eventClassifierCode": "ACT",
        "eventDateTime": when,
        "transportEventTypeCode": code,
        "transportCall": {"UNLocationCode": where, "modeOfTransport": "RAIL"},
        "documentReferences": [{"documentReferenceType": "BKG", "documentReferenceValue": booking}],
    }


def test_a_trucks_only_booking_has_planned_times_an_eta_and_milestones(
    platform: Platform, shipper: Principal
) -> None:
    booking = _by_road(platform, shipper, "PO-HAN")
    (shipment,) = find_shipments(platform, shipper).found
    assert shipment.booking.id == booking
    line = shipment.timeline
    assert line.planned_arrival is not None and line.eta == line.planned_arrival
    assert line.planned_arrival.utcoffset() == PLUS7  # Hanoi's own time
    for leg in line.legs:
        assert None not in (leg.planned.departure, leg.planned.arrival)
        assert None not in (leg.estimated.departure, leg.estimated.arrival)
    first = line.legs[0].planned.departure
    assert first is not None and first.utcoffset() == PLUS8  # leaves Chongqing at +08:00
    steps = {step.milestone: step for step in shipment.milestones}
    assert list(steps) == list(Milestone)
    assert steps[Milestone.BOOKED].state is StepState.ACTUAL
    assert steps[Milestone.DEPARTED].state is StepState.EXPECTED
    assert steps[Milestone.DEPARTED].at == first
    assert steps[Milestone.ARRIVED].at == line.eta
    assert steps[Milestone.CLEARED].state is StepState.PENDING
    assert not any(step.late for step in shipment.milestones)


def test_the_milestones_follow_the_events_and_mark_a_missed_connection(
    platform: Platform, shipper: Principal
) -> None:
    booking = _by_train_and_ship(platform, shipper, "PO-SIN")
    operator = accounts.create_organisation(platform, "Shipments Railway", "operator")
    tracking.ingest_events(platform, operator, [
        _event("s-d1", "DEPA", "CNCQI", "2026-12-07T01:00:00Z", booking),
        _event("s-a1", "ARRI", "CNQZH", "2026-12-10T07:00:00Z", booking),  # a day late
    ])  # fmt: skip
    (shipment,) = find_shipments(platform, shipper).found
    steps = {step.milestone: step for step in shipment.milestones}
    departed = steps[Milestone.DEPARTED]
    assert departed.state is StepState.ACTUAL and not departed.late
    assert departed.at == dt.datetime(2026, 12, 7, 9, tzinfo=dt.timezone(PLUS8))
    assert shipment.timeline.missed_connection is not None
    assert steps[Milestone.TRANSHIPPED].late and steps[Milestone.ARRIVED].late
    assert shipment.delayed


def test_bookings_are_found_by_reference_container_or_place_and_filtered(
    platform: Platform, shipper: Principal
) -> None:
    road = _by_road(platform, shipper, "PO-HAN")
    sea = _by_train_and_ship(platform, shipper, "PO-SIN")
    operator = accounts.create_organisation(platform, "Shipments Terminal", "operator")
    gate_in = _event("s-g1", "DEPA", "CNCQI", "2026-12-07T01:00:00Z", sea)
    gate_in["equipmentReference"] = BOX
    tracking.ingest_events(platform, operator, [gate_in])

    def found(**wanted: Any) -> list[str]:
        return [s.booking.id for s in find_shipments(platform, shipper,
                                                     ShipmentFilter(**wanted)).found]  # fmt: skip

    assert sorted(found()) == sorted([road, sea])
    assert found(text="po-han") == [road]
    assert found(text="河内") == [road] and found(text="Singapore") == [sea]
    assert found(text=BOX.lower()) == [sea]
    assert found(text="nowhere") == []
    assert found(route="CNCQI-TJC~SGSIN") == [sea]
    assert sorted(find_shipments(platform, shipper).routes) == ["CNCQI-TJC~SGSIN", "CNCQI~VNHAN"]
    assert found(start=dt.date(2027, 1, 1)) == []  # both have arrived by then
    assert found(end=dt.date(2026, 11, 1)) == []  # neither is on the way yet
    assert sea in found(start=dt.date(2026, 12, 10), end=dt.date(2026, 12, 10))
    cancel_booking(platform, shipper, road)
    assert found(status=BookingStatus.CANCELLED) == [road]
    assert found(status=BookingStatus.CANCELLED, text="Singapore") == []
    other = accounts.create_organisation(platform, "Shipments Stranger", "shipper")
    assert find_shipments(platform, other).found == ()  # only one's own bookings
