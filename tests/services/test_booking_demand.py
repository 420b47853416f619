"""The twin's demand from the platform's own bookings (both databases, rolled back): booked lanes
at their yearly rate, merged with the published volumes, and no silent fallback without them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from landsea.domain.booking import Principal
from landsea.errors import InvalidInput
from landsea.services import accounts
from landsea.services.booking import cancel_booking
from landsea.services.booking_demand import booked_lanes, resolve_demand, with_booked_demand
from landsea.services.planning import NetworkCostModel
from landsea.services.platform import Platform
from landsea.services.simulation import read_scenarios, report_document, run_scenarios
from landsea.simulation import replicate
from landsea.simulation.calibration import calibration
from tests.services.bookings import book

TRAIN = "SR-CQ-QZH-20261207-0900"
SHIP = "QZH-SIN-DAILY-20261211-2000"


@pytest.fixture
def shipper(platform: Platform) -> Principal:
    return accounts.create_organisation(platform, "Twin Exporter", "shipper")


def _scenarios(demand: str) -> str:
    return f'[baseline]\nstart = 2026-12-01\ndays = 3\ndemand = "{demand}"\nstochastic = false\n'


def _soon() -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)


def test_booked_lanes_are_the_bookings_per_route_at_their_yearly_rate(
    platform: Platform, shipper: Principal
) -> None:
    book(platform, shipper, 2, (TRAIN, "CNCQI-TJC", "CNQZH"), (SHIP, "CNQZH", "SGSIN"))
    book(platform, shipper, 4, (TRAIN, "CNCQI-TJC", "CNQZH"), (SHIP, "CNQZH", "SGSIN"))
    book(platform, shipper, 3, (SHIP, "CNQZH", "SGSIN"))
    gone = book(platform, shipper, 9, (SHIP, "CNQZH", "SGSIN"))
    cancel_booking(platform, shipper, gone)  # cancelled bookings are not demand
    lanes = {lane.key: lane for lane in booked_lanes(platform, end=_soon(), days=73)}
    assert set(lanes) == {"CNCQI-TJC-SGSIN", "CNQZH-SGSIN"}
    through = lanes["CNCQI-TJC-SGSIN"]
    assert through.teu_per_year == pytest.approx(6 * 5)  # 6 TEU in 73 days = 30 TEU a year
    assert through.shipment_teu == 3  # the median of 2 and 4
    assert "2 bookings, 6 TEU" in through.source
    assert lanes["CNQZH-SGSIN"].teu_per_year == pytest.approx(15)
    # bookings outside the window are not read
    assert booked_lanes(platform, end=_soon() - dt.timedelta(days=1), days=30) == ()


def test_booked_demand_fills_the_lanes_and_merges_with_the_published_volumes(
    platform: Platform, shipper: Principal
) -> None:
    book(platform, shipper, 2, (SHIP, "CNQZH", "SGSIN"))
    only = resolve_demand(platform, read_scenarios(_scenarios("bookings")))
    assert [lane.key for lane in only.baseline.lanes] == ["CNQZH-SGSIN"]
    both = resolve_demand(platform, read_scenarios(_scenarios("ilstc+bookings")))
    published = calibration().lanes
    keys = [lane.key for lane in both.baseline.lanes]
    assert keys[: len(published)] == [lane.key for lane in published]
    assert len(keys) == len(published) + ("CNQZH-SGSIN" not in keys[: len(published)])
    # the published scenarios are left as they are
    assert resolve_demand(platform, read_scenarios(_scenarios("ilstc"))).baseline.lanes == ()


def test_a_simulation_on_booked_demand_runs_and_says_where_its_cargo_came_from(
    platform: Platform, shipper: Principal
) -> None:
    book(platform, shipper, 2, (TRAIN, "CNCQI-TJC", "CNQZH"))
    scenarios = resolve_demand(platform, read_scenarios(_scenarios("bookings")))
    report = run_scenarios(platform.network, scenarios, replications=1, seed=1, dask=False)
    document = report_document(report)
    assert document["demand"][0]["demand"] == "bookings"
    assert document["demand"][0]["lanes"] == 1
    assert "platform bookings" in document["demand"][0]["sources"][0]
    # three days of 10 TEU a year deliver nothing: no lead time, written as null, not NaN
    json.dumps(document, allow_nan=False)


def test_booked_demand_without_bookings_is_an_error_never_the_published_volumes(
    platform: Platform,
) -> None:
    with pytest.raises(InvalidInput, match="needs bookings on the platform"):
        resolve_demand(platform, read_scenarios(_scenarios("bookings")))
    with pytest.raises(InvalidInput, match="needs bookings"):
        with_booked_demand(read_scenarios(_scenarios("ilstc+bookings")), ())
    unresolved = read_scenarios(_scenarios("bookings")).baseline
    with pytest.raises(InvalidInput, match="needs its booked lanes"):
        replicate(platform.network, unresolved, NetworkCostModel, seed=1, replication=0)


def test_an_unknown_demand_is_named() -> None:
    with pytest.raises(InvalidInput, match=r"baseline\.demand must be one of .* got 'sales'"):
        read_scenarios(_scenarios("sales"))
