"""The rules written once: leg times, departure ids both ways, and local times with offsets."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landsea.domain import Network
from landsea.domain.timetable import LegRun, departure_id, leg_times, parse_departure_id
from landsea.errors import InvalidInput
from landsea.services.network import load_network
from landsea.units import LocationCode, ServiceId


@pytest.fixture(scope="module")
def ilstc() -> Network:
    return load_network("ilstc")


def _leg(network: Network, service: str, start: dt.datetime | None = None) -> LegRun:
    found = network.services[ServiceId(service)]
    return LegRun(service=found, board=0, alight=len(found.stops) - 1, run_start=start)


RUN = dt.datetime(2026, 12, 7, 1, tzinfo=dt.UTC)  # SR-CQ-QZH leaves Chongqing at 09:00 +08:00


def test_a_truck_before_a_train_arrives_its_cut_off_and_handling_before_the_train(
    ilstc: Network,
) -> None:
    truck, train = _leg(ilstc, "DR-CQI-TJC"), _leg(ilstc, "SR-CQ-QZH", RUN)
    first, second = leg_times(ilstc, [truck, train])
    assert second.departure == RUN
    # 8 h rail cut-off and 8 h handling at the rail terminal (analytics used to take neither).
    assert first.arrival == RUN - dt.timedelta(hours=16)
    assert first.departure == first.arrival - truck.ride


def test_a_truck_after_a_train_leaves_once_the_cargo_is_handled(ilstc: Network) -> None:
    train, truck = _leg(ilstc, "CV-NN-HAN", RUN), _leg(ilstc, "DR-HAN-HPH")
    first, second = leg_times(ilstc, [train, truck])
    assert first.arrival == RUN + train.ride
    assert second.departure == first.arrival + dt.timedelta(hours=8)
    assert second.arrival == second.departure + truck.ride


def test_a_journey_of_trucks_starts_when_the_cargo_is_ready(ilstc: Network) -> None:
    truck = _leg(ilstc, "DR-TJC-CQI")
    assert leg_times(ilstc, [truck], start=RUN)[0].departure == RUN
    assert leg_times(ilstc, [truck])[0].departure is None


def test_a_truck_chain_after_a_scheduled_leg_takes_handling_at_each_place(ilstc: Network) -> None:
    first = LegRun(service=ilstc.services[ServiceId("DR-CQI-TJC")], board=0, alight=1)
    second = LegRun(service=ilstc.services[ServiceId("DR-TJC-GYP")], board=0, alight=1)
    times = leg_times(ilstc, [first, second], start=RUN)
    assert times[0].departure == RUN
    assert times[1].departure == times[0].arrival + dt.timedelta(hours=8)  # type: ignore[operator]


def test_unknown_legs_and_runs_have_no_times(ilstc: Network) -> None:
    train = _leg(ilstc, "SR-CQ-QZH")  # its run is not known
    assert (
        leg_times(ilstc, [None, train, _leg(ilstc, "DR-CQI-TJC")])
        == [leg_times(ilstc, [None])[0]] * 3
    )


def test_departure_ids_are_parsed_back() -> None:
    assert parse_departure_id("CRE-CQ-DUI-20261212-2000") == (
        "CRE-CQ-DUI",
        dt.datetime(2026, 12, 12, 20, 0),
    )
    for bad in ("SR-CQ-QZH", "SR-CQ-QZH-20260230-0900", "SR-CQ-QZH-20261207-2500", "-x"):
        with pytest.raises(InvalidInput, match="departure_id"):
            parse_departure_id(bad)


@given(
    service=st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,20}", fullmatch=True),
    local=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)),
)
def test_departure_ids_round_trip(service: str, local: dt.datetime) -> None:
    minute = local.replace(second=0, microsecond=0)
    assert parse_departure_id(departure_id(service, minute)) == (service, minute)


@pytest.mark.parametrize(
    ("code", "offset"),
    [("CNCQI", "+08:00"), ("THBKK", "+07:00"), ("LAVTE", "+07:00"), ("KZALA", "+05:00"),
     ("DEDUI", "+01:00"), ("SGSIN", "+08:00")],
)  # fmt: skip
def test_every_place_tells_its_local_time_with_its_offset(
    ilstc: Network, code: str, offset: str
) -> None:
    local = ilstc.locations[LocationCode(code)].local(RUN)
    assert local == RUN
    assert local.isoformat().endswith(offset)


def test_a_naive_time_has_no_local_time(ilstc: Network) -> None:
    with pytest.raises(ValueError, match="no time zone"):
        ilstc.locations[LocationCode("CNCQI")].local(dt.datetime(2026, 12, 7))
