"""Hand-drawn corridors with exact expected itineraries, times, costs and emissions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from landsea.domain import Network
from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.network import Mode
from landsea.planning import IssueCode, Planner, PlanRequest, PlanResult
from landsea.planning.timetable import from_minutes
from landsea.services.planning import NetworkCostModel
from landsea.testing import NetworkBuilder
from landsea.units import LocationCode, ServiceId

BEIJING = dt.timezone(dt.timedelta(hours=8))
MONDAY = dt.datetime(2026, 12, 7, 0, 0, tzinfo=BEIJING)  # 2026-12-07 is a Monday


def corridor() -> Network:
    """A (inland, CN) → B (port, CN) → S (port, SG), by daily train or on-demand truck, then
    by ship on Mondays and Wednesdays."""
    return corridor_builder().build(cutoff={"rail": 6, "sea": 24, "road": 0})


def corridor_builder() -> NetworkBuilder:
    """The builder of :func:`corridor`, for tests that add to it."""
    b = NetworkBuilder()
    b.place("CNAAA", "Inland", kinds=("rail_terminal", "city"), handling=(6, 500))
    b.place(
        "CNBBB", "Port", kinds=("seaport", "rail_terminal"), handling=(12, 800), customs=(6, 24)
    )
    b.place("SGSSS", "Overseas", kinds=("seaport",), handling=(24, 700), customs=(4, 12))
    b.service("R1", "rail", [("CNAAA", None, 0), ("CNBBB", 48, None)], km=[1450],
              days="daily", times=("10:00",), tariff=(4000, 6000, "CNY"))  # fmt: skip
    b.service("T1", "road", [("CNAAA", None, 0), ("CNBBB", 12, None)], km=[1200],
              on_demand=True, tariff=(9000, 12000, "CNY"))  # fmt: skip
    b.service("S1", "sea", [("CNBBB", None, 0), ("SGSSS", 96, None)], km=[2500],
              days=("mon", "wed"), times=("12:00",), tariff=(400, 700, "USD"))  # fmt: skip
    return b


def run(network: Network, **changes: object) -> PlanResult:
    request = PlanRequest(
        origin=LocationCode("CNAAA"),
        destination=LocationCode("SGSSS"),
        depart=MONDAY,
        cargo=Cargo(teu=1),
    )
    request = dataclasses.replace(request, **changes)  # type: ignore[arg-type]
    return Planner(network).plan(request, NetworkCostModel(network, request.cargo))


def local(minutes: int) -> str:
    return from_minutes(minutes).astimezone(BEIJING).strftime("%a %m-%d %H:%M")


def describe(result: PlanResult) -> list[tuple[list[ServiceId], str, str, float, float, int]]:
    assert result.timetable is not None
    rows = []
    for option in result.options:
        services = [result.timetable.routes[leg.route].service.id for leg in option.journey]
        e = option.evaluation
        rows.append(
            (services, local(e.departure), local(e.arrival), round(e.cost, 2),
             round(e.co2e_kg, 2), e.transfers)
        )  # fmt: skip
    return rows


def test_train_and_truck_are_both_pareto_optimal() -> None:
    result = run(corridor())
    assert result.issues == []
    assert describe(result) == [
        # Truck just in time for Wednesday's ship: it must reach B by Mon 18:00 (12 h handling,
        # 6 h export clearance, 24 h cut-off before Wed 12:00), so it leaves A at 06:00.
        # Arrival Sun 12:00 + 4 h import clearance in Singapore.
        (["T1", "S1"], "Mon 12-07 06:00", "Sun 12-13 16:00", 9000 + 800 + 2800,
         10 * 1200 * 0.1159 + 10.7 + 2500 * 0.1243, 1),
        # Train Mon 10:00, at B Wed 10:00: too late for Wednesday's ship, on Monday's.
        (["R1", "S1"], "Mon 12-07 10:00", "Fri 12-18 16:00", 4000 + 800 + 2800,
         10 * 1450 * 0.0276 + 10.7 + 2500 * 0.1243, 1),
    ]  # fmt: skip


def test_leg_times_are_exact() -> None:
    result = run(corridor())
    truck = result.options[0].evaluation.legs
    assert [(local(leg.departure), local(leg.arrival)) for leg in truck] == [
        ("Mon 12-07 00:00", "Mon 12-07 12:00"),  # as soon as possible; shown just in time
        ("Wed 12-09 12:00", "Sun 12-13 12:00"),
    ]
    assert (truck[1].export_min, truck[1].import_min) == (360, 240)


def test_a_full_sailing_moves_the_truck_to_mondays_ship_where_the_train_dominates() -> None:
    network = corridor()
    planner = Planner(network)
    request = PlanRequest(
        origin=LocationCode("CNAAA"),
        destination=LocationCode("SGSSS"),
        depart=MONDAY,
        cargo=Cargo(teu=1),
    )
    tt = planner.timetable(request.depart, request.window_days)
    wednesday = next(
        tt.routes[tt.route_index["S1"]].departure_id(k)
        for k, start in enumerate(tt.routes[tt.route_index["S1"]].starts)
        if local(start) == "Wed 12-09 12:00"
    )
    assert wednesday == "S1-20261209-1200"
    result = run(network, capacity={wednesday: (0, 10)})
    assert [row[0] for row in describe(result)] == [["R1", "S1"]]


def test_all_departures_full() -> None:
    network = corridor()
    tt = Planner(network).timetable(MONDAY, 7)
    route = tt.routes[tt.route_index["S1"]]
    full = {route.departure_id(k): (0, 0) for k in range(len(route.starts))}
    result = run(network, capacity=full)
    assert result.options == []
    assert [issue.code for issue in result.issues] == [IssueCode.ALL_DEPARTURES_FULL]
    assert result.issues[0].message == (
        "Every departure from Inland (CNAAA) to Overseas (SGSSS) in the window is full: "
        "none has room for 1 TEU."
    )


def test_avoiding_the_only_mode_is_explained() -> None:
    result = run(corridor(), avoid_modes=frozenset({Mode.SEA}))
    assert result.options == []
    assert result.issues[0].code is IssueCode.EXCLUDED_BY_CONSTRAINT
    assert result.issues[0].message == (
        "Options from Inland (CNAAA) to Overseas (SGSSS) exist, but the constraint of "
        "avoiding sea removes every one: every service reaching Overseas (SGSSS) is sea "
        "(CNBBB); plan to one of those places."
    )
    assert result.issues[0].detail["stuck"] == "destination"


def test_avoiding_rail_leaves_the_truck() -> None:
    result = run(corridor(), avoid_modes=frozenset({Mode.RAIL}))
    assert [row[0] for row in describe(result)] == [["T1", "S1"]]


def test_reefer_cargo_needs_plugs() -> None:
    b = NetworkBuilder()
    b.place("CNAAA").place("CNBBB")
    b.service("R1", "rail", [("CNAAA", None, 0), ("CNBBB", 10, None)], km=[500], plugs=0)
    network = b.build()
    request = PlanRequest(
        origin=LocationCode("CNAAA"), destination=LocationCode("CNBBB"), depart=MONDAY,
        cargo=Cargo(teu=2, cargo_type=CargoType.REEFER),
    )  # fmt: skip
    result = Planner(network).plan(request, NetworkCostModel(network, request.cargo))
    assert result.issues[0].code is IssueCode.EXCLUDED_BY_CONSTRAINT
    assert "services that take reefer plugs" in result.issues[0].message


def test_dangerous_goods_only_where_accepted() -> None:
    b = NetworkBuilder()
    b.place("CNAAA").place("CNBBB")
    b.service("NO", "rail", [("CNAAA", None, 0), ("CNBBB", 10, None)], km=[500])
    b.service("YES", "rail", [("CNAAA", None, 0), ("CNBBB", 20, None)], km=[500],
              dangerous_goods=True)  # fmt: skip
    network = b.build()
    request = PlanRequest(
        origin=LocationCode("CNAAA"), destination=LocationCode("CNBBB"), depart=MONDAY,
        cargo=Cargo(teu=1, cargo_type=CargoType.DANGEROUS),
    )  # fmt: skip
    result = Planner(network).plan(request, NetworkCostModel(network, request.cargo))
    assert [row[0] for row in describe(result)] == [["YES"]]


def test_no_departure_in_the_window() -> None:
    result = run(corridor(), origin="CNBBB", depart=MONDAY + dt.timedelta(days=1), window_days=1)
    assert result.options == []
    assert result.issues[0].code is IssueCode.NO_DEPARTURE_IN_WINDOW
    assert result.issues[0].message == (
        "No option from Port (CNBBB) to Overseas (SGSSS) departs within 1 days of "
        "2026-12-08T00:00:00+08:00; the next departs 2026-12-09 04:00 UTC."
    )


def test_no_connection() -> None:
    result = run(corridor(), origin="SGSSS", destination="CNAAA")
    assert result.issues[0].code is IssueCode.NO_CONNECTION
    assert result.issues[0].message == (
        "No sequence of at most 8 services connects Overseas (SGSSS) to Inland (CNAAA)."
    )


def test_max_days_keeps_only_fast_enough_options() -> None:
    result = run(corridor(), max_days=7)
    assert [row[0] for row in describe(result)] == [["T1", "S1"]]
    too_tight = run(corridor(), max_days=2)
    assert too_tight.issues[0].code is IssueCode.EXCLUDED_BY_CONSTRAINT
    assert "arriving within 2 days" in too_tight.issues[0].message


def test_max_days_finds_a_later_departure_that_fits() -> None:
    """A later, faster departure beats the transit limit that the earliest one breaks."""
    b = NetworkBuilder()
    b.place("CNAAA").place("CNBBB")
    b.service("SLOW", "rail", [("CNAAA", None, 0), ("CNBBB", 100, None)], km=[500],
              days=("mon",), tariff=(100, 160, "CNY"))  # fmt: skip
    b.service("FAST", "rail", [("CNAAA", None, 0), ("CNBBB", 20, None)], km=[500],
              days=("wed",), tariff=(900, 1500, "CNY"))  # fmt: skip
    network = b.build()
    request = PlanRequest(origin=LocationCode("CNAAA"), destination=LocationCode("CNBBB"), depart=MONDAY, cargo=Cargo(teu=1),
                          max_days=2)  # fmt: skip
    result = Planner(network).plan(request, NetworkCostModel(network, request.cargo))
    assert [row[0] for row in describe(result)] == [["FAST"]]


def test_a_border_stop_holds_the_formalities_no_extra_clearance() -> None:
    b = NetworkBuilder()
    b.place("CNAAA", customs=(5, 10))
    b.place("CNXXX", kinds=("border_crossing",), handling=None, customs=(3, 9), border="CN-VN")
    b.place("VNHHH", customs=(7, 20))
    b.service("X", "rail", [("CNAAA", None, 0), ("CNXXX", 10, 14), ("VNHHH", 20, None)],
              km=[400, 200])  # fmt: skip
    network = b.build()
    request = PlanRequest(
        origin=LocationCode("CNAAA"),
        destination=LocationCode("VNHHH"),
        depart=MONDAY,
        cargo=Cargo(teu=1),
    )
    result = Planner(network).plan(request, NetworkCostModel(network, request.cargo))
    (option,) = result.options
    assert (local(option.evaluation.departure), local(option.evaluation.arrival)) == (
        "Mon 12-07 10:00",
        "Tue 12-08 06:00",  # 20 h after departure: the dwell at the border is the only wait
    )


def test_via_forces_the_route() -> None:
    b = NetworkBuilder()
    b.place("CNAAA").place("CNBBB").place("CNCCC")
    b.service("DIRECT", "rail", [("CNAAA", None, 0), ("CNCCC", 10, None)], km=[500])
    b.service("AB", "rail", [("CNAAA", None, 0), ("CNBBB", 10, None)], km=[300])
    b.service("BC", "rail", [("CNBBB", None, 0), ("CNCCC", 10, None)], km=[300],
              times=("12:00",))  # fmt: skip
    network = b.build()
    request = PlanRequest(origin=LocationCode("CNAAA"), destination=LocationCode("CNCCC"), depart=MONDAY, cargo=Cargo(teu=1),
                          via=LocationCode("CNBBB"))  # fmt: skip
    result = Planner(network).plan(request, NetworkCostModel(network, request.cargo))
    assert [row[0] for row in describe(result)] == [["AB", "BC"]]
    without = dataclasses.replace(request, via=None)
    result = Planner(network).plan(without, NetworkCostModel(network, without.cargo))
    assert [row[0] for row in describe(result)] == [["DIRECT"]]


def test_transfers_are_impossible_where_there_is_no_handling() -> None:
    b = NetworkBuilder()
    b.place("CNAAA").place("CNBBB", handling=None).place("CNCCC")
    b.service("AB", "rail", [("CNAAA", None, 0), ("CNBBB", 10, None)], km=[300])
    b.service("BC", "rail", [("CNBBB", None, 0), ("CNCCC", 10, None)], km=[300])
    network = b.build()
    request = PlanRequest(
        origin=LocationCode("CNAAA"),
        destination=LocationCode("CNCCC"),
        depart=MONDAY,
        cargo=Cargo(teu=1),
    )
    result = Planner(network).plan(request, NetworkCostModel(network, request.cargo))
    assert result.issues[0].code is IssueCode.NO_CONNECTION


@pytest.mark.parametrize("teu", [1, 2, 3])
def test_cost_counts_boxes_as_feu_pairs(teu: int) -> None:
    result = run(corridor(), cargo=Cargo(teu=teu), avoid_modes=frozenset({Mode.ROAD}))
    (option,) = result.options
    feu, single = divmod(teu, 2)
    expected = feu * (6000 + 700 * 7) + single * (4000 + 400 * 7) + 800 * teu
    assert option.evaluation.cost == pytest.approx(expected)


def test_results_are_deterministic() -> None:
    first = describe(run(corridor()))
    assert all(describe(run(corridor())) == first for _ in range(3))
