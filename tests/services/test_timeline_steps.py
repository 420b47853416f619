"""The timeline's named steps on the built-in corridor, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from landsea.domain import Network
from landsea.domain.timetable import LegRun
from landsea.services.network import load_network
from landsea.services.timeline import _Leg, _propagate
from landsea.units import ServiceId

RUN = dt.datetime(2026, 12, 7, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def ilstc() -> Network:
    return load_network("ilstc")


def _legs(ilstc: Network, ship_leaves: dt.datetime) -> list[_Leg]:
    train = LegRun(service=ilstc.services[ServiceId("SR-CQ-QZH")], board=0, alight=3, run_start=RUN)
    ship = LegRun(
        service=ilstc.services[ServiceId("QZH-SIN-DAILY")], board=0, alight=1, run_start=ship_leaves
    )
    return [
        _Leg(0, train, "T", "CNCQI-TJC", "CNQZH", RUN, RUN + train.ride),
        _Leg(1, ship, "S", "CNQZH", "SGSIN", ship_leaves, ship_leaves + ship.ride),
    ]


def test_a_connection_is_missed_when_handling_and_cut_off_no_longer_fit(ilstc: Network) -> None:
    arrives = RUN + _legs(ilstc, RUN)[0].run.ride
    # Qinzhou: 24 h sea cut-off; its handling comes before it.
    handling = ilstc.locations["CNQZH"].handling  # type: ignore[index]
    assert handling is not None
    just = arrives + dt.timedelta(hours=24 + handling.hours)
    held = _legs(ilstc, just)
    assert _propagate(ilstc, held) is None
    missed = _legs(ilstc, just - dt.timedelta(minutes=1))
    assert _propagate(ilstc, missed) is missed[1] and missed[1].missed


def test_a_late_train_shifts_its_arrival_and_the_eta(ilstc: Network) -> None:
    legs = _legs(ilstc, RUN + dt.timedelta(days=5))
    legs[0].actual_departure = RUN + dt.timedelta(hours=3)
    assert _propagate(ilstc, legs) is None
    assert legs[0].estimated_arrival == legs[0].planned_arrival + dt.timedelta(hours=3)  # type: ignore[operator]
    assert legs[1].estimated_arrival == legs[1].planned_arrival
