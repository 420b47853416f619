"""The network's use cases answer with the domain's objects; the local-time conversion."""

from __future__ import annotations

import datetime as dt

import pytest

from landsea.domain.network import Mode, Network
from landsea.errors import UnknownLocation
from landsea.services.network import find_services, load_network

NOON_UTC = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def ilstc() -> Network:
    return load_network("ilstc")


def test_find_services_by_place_name_and_mode(ilstc: Network) -> None:
    at_thanaleng = find_services(ilstc, place="LATHG")
    assert at_thanaleng and all(
        any(stop.location.startswith("LA") for stop in s.stops) for s in at_thanaleng
    )
    by_rail = find_services(ilstc, place="LATHG", mode=Mode.RAIL)
    assert by_rail and {s.mode for s in by_rail} == {Mode.RAIL}
    assert set(by_rail) < set(at_thanaleng)
    everything = find_services(ilstc)
    assert [s.id for s in everything] == sorted(ilstc.services)
    with pytest.raises(UnknownLocation):
        find_services(ilstc, place="Atlantis")


@pytest.mark.parametrize(
    ("place", "local"),
    [
        ("CNCQI", "2026-12-07T20:00:00+08:00"),
        ("CNCQI-TJC", "2026-12-07T20:00:00+08:00"),  # a terminal: its city's time
        ("THBKK", "2026-12-07T19:00:00+07:00"),
        ("LATHG", "2026-12-07T19:00:00+07:00"),
        ("XXNOP", "2026-12-07T12:00:00+00:00"),  # not in the network: as given
    ],
)
def test_network_local_gives_the_time_of_the_place(ilstc: Network, place: str, local: str) -> None:
    assert ilstc.local(place, NOON_UTC).isoformat() == local


def test_network_local_keeps_none(ilstc: Network) -> None:
    assert ilstc.local("CNCQI", None) is None
    assert ilstc.local(None, NOON_UTC) == NOON_UTC
