"""Corridor statistics: volumes, modal split, punctuality and emissions saved, on hand-checked
bookings of the built-in corridor (stored through the API, so as the platform stores them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.domain.cargo import Cargo
from landsea.domain.network import Mode
from landsea.emissions.calculator import EmissionsModel
from landsea.errors import InvalidInput
from landsea.services import accounts, analytics
from landsea.services.analytics import booked as placing
from landsea.services.analytics import emissions
from landsea.services.planning import PlanQuestion, plan
from landsea.units import LocationCode, ServiceId, great_circle_km
from tests.api.conftest import World

UTC = dt.UTC
TRAIN = "SR-CQ-QZH-20261207-0900"  # Tuanjiecun Mon 7 Dec 01:00 UTC → Qinzhou Wed 9 Dec 01:00
SHIP = "QZH-SIN-DAILY-20261211-2000"  # Qinzhou Fri 11 Dec 12:00 UTC → Singapore Tue 15 Dec 12:00
BARGE = "YZ-CQ-SH-EXP-20261208-1800"  # Guoyuan Tue 8 Dec 10:00 UTC → Shanghai 22 Dec 10:00
LINER = "SGH-SIN-PKG-20261228-1000"  # Shanghai Mon 28 Dec 02:00 UTC (ISO week 2026-W53)
BEIHAI = "BIH-HPH-20261207-1600"  # Beihai Mon 7 Dec 08:00 UTC → Haiphong
TRUCK = "DR-TJC-GYP"  # on demand, Tuanjiecun → Guoyuan, 2.5 h, 55.8 km

SEA_RAIL = [
    {"departure_id": TRAIN, "from": "CNCQI-TJC", "to": "CNQZH"},
    {"departure_id": SHIP, "from": "CNQZH", "to": "SGSIN"},
]
YANGTZE: list[dict[str, Any]] = [
    {"departure_id": None, "service_id": TRUCK, "from": "CNCQI-TJC", "to": "CNCQI-GYP"},
    {"departure_id": BARGE, "from": "CNCQI-GYP", "to": "CNSGH"},
    {"departure_id": LINER, "from": "CNSGH", "to": "SGSIN"},
]
DECEMBER = (dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2027, 1, 4, tzinfo=UTC))


def _book(client: TestClient, world: World, legs: list[dict[str, Any]], teu: int) -> Any:
    response = client.post(
        "/api/v1/bookings", json={"legs": legs, "teu": teu}, headers=world.headers("exporter")
    )
    assert response.status_code == 201, response.text
    return response.json()


def _cancel(client: TestClient, world: World, booking: str) -> None:
    response = client.post(f"/api/v1/bookings/{booking}/cancel", headers=world.headers("exporter"))
    assert response.status_code == 200, response.text


def _arrival(
    event_id: str, where: str, when: str, booking: str, classifier: str = "ACT"
) -> dict[str, Any]:
    return {
        "eventID": event_id,
        "eventType": "TRANSPORT",
        "eventClassifierCode": classifier,
        "eventDateTime": when,
        "transportEventTypeCode": "ARRI",
        "transportCall": {"UNLocationCode": where, "modeOfTransport": "RAIL"},
        "documentReferences": [{"documentReferenceType": "BKG", "documentReferenceValue": booking}],
    }


@dataclass
class Booked:
    sea_rail: Any  # 2 TEU by train to Qinzhou, then by sea to Singapore
    yangtze: Any  # 1 TEU by truck, barge down the Yangtze and sea from Shanghai
    cancelled: Any  # 1 TEU by train, cancelled


@pytest.fixture
def booked(client: TestClient, world: World) -> Booked:
    cancelled = _book(client, world, SEA_RAIL[:1], 1)
    _cancel(client, world, cancelled["id"])
    return Booked(
        sea_rail=_book(client, world, SEA_RAIL, 2),
        yangtze=_book(client, world, YANGTZE, 1),
        cancelled=cancelled,
    )


def test_volumes_count_each_booking_once_per_iso_week_and_mode(
    world: World, booked: Booked
) -> None:
    result = analytics.volumes(world.platform, *DECEMBER)
    weeks = {w.week: w for w in result.weeks}
    assert list(weeks) == ["2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]
    assert weeks["2026-W50"].starts == dt.date(2026, 12, 7)
    # Both bookings start in week 50 (the train; the truck and barge): 2 + 1 TEU, each under
    # every mode it rides in the period (the Yangtze one's liner leaves in week 53).
    assert weeks["2026-W50"].teu == {"rail": 2, "sea": 3, "road": 1, "inland_waterway": 1}
    assert weeks["2026-W50"].total == 3
    assert weeks["2026-W53"].total == 0
    assert weeks["2026-W49"].total == weeks["2026-W51"].total == 0
    # The cancelled train booking is not counted.
    assert result.totals == {"rail": 2, "sea": 3, "road": 1, "inland_waterway": 1}
    assert result.total_teu == 3 and result.bookings == 2
    assert result.unplaced_legs == 0


def test_volumes_place_legs_at_their_departure(world: World, booked: Booked) -> None:
    # Before Friday's ship: the two trains, the truck and the barge of week 50.
    early = analytics.volumes(
        world.platform, dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2026, 12, 11, tzinfo=UTC)
    )
    assert early.totals == {"rail": 2, "sea": 0, "road": 1, "inland_waterway": 1}
    # The truck has no departure: it arrives just in time for the barge (10:00 on the 8th) less
    # its 12 h cut-off and 12 h of handling at Guoyuan port, as the timeline plans it: it leaves
    # 2.5 h before, at 07:30 on the 7th.
    truck = analytics.volumes(
        world.platform,
        dt.datetime(2026, 12, 7, 7, 30, tzinfo=UTC),
        dt.datetime(2026, 12, 7, 7, 31, tzinfo=UTC),
    )
    assert truck.totals == {"rail": 0, "sea": 0, "road": 1, "inland_waterway": 0}
    assert truck.bookings == 1
    # A period given in another time zone is the same instants: 09:00 in Chongqing is 01:00 UTC.
    shanghai = dt.timezone(dt.timedelta(hours=8))
    train = analytics.volumes(
        world.platform,
        dt.datetime(2026, 12, 7, 9, tzinfo=shanghai),
        dt.datetime(2026, 12, 7, 9, 1, tzinfo=shanghai),
    )
    assert train.totals["rail"] == 2 and train.start.isoformat() == "2026-12-07T01:00:00+00:00"


def test_modal_split_is_teu_times_the_distance_ridden(world: World, booked: Booked) -> None:
    result = analytics.modal_split(world.platform, *DECEMBER)
    modes = result.modes
    # Rail: 2 TEU × (440 + 842 + 168 km) Tuanjiecun–Guiyang–Nanning–Qinzhou.
    assert modes["rail"].teu_km == 2900.0
    # Sea: 2 TEU × 2,487.3 km Qinzhou–Singapore + 1 TEU × 4,099.5 km Shanghai–Singapore (the
    # liner calls at Port Klang after Singapore: that part is not ridden).
    assert modes["sea"].teu_km == 9074.1
    assert modes["road"].teu_km == 55.8
    assert modes["inland_waterway"].teu_km == 2371.0  # Guoyuan → Shanghai, 5 river legs
    assert result.total_teu_km == 14400.9
    assert modes["rail"].share == round(2900.0 / 14400.9, 4) == 0.2014
    assert sum(m.share or 0.0 for m in modes.values()) == pytest.approx(1.0, abs=1e-3)
    # The same figures from the network's own stop distances.
    services = world.platform.network.services
    train = services[ServiceId("SR-CQ-QZH")]
    assert modes["rail"].teu_km == round(2 * train.distance_between(0, 3), 1)


def test_modal_split_of_an_empty_period_has_no_shares(world: World, booked: Booked) -> None:
    result = analytics.modal_split(
        world.platform, dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 2, 1, tzinfo=UTC)
    )
    assert result.total_teu_km == 0.0
    assert {m.share for m in result.modes.values()} == {None}


def test_punctuality_compares_the_first_actual_arrival_with_the_plan(
    client: TestClient, world: World, booked: Booked
) -> None:
    sea_rail = booked.sea_rail["id"]
    unmeasured = _book(client, world, SEA_RAIL[:1], 1)["id"]  # the same train, no events
    response = client.post(
        "/api/v1/events",
        json=[
            # 45 min after the train's planned 01:00: on time within an hour.
            _arrival("a1", "CNQZH", "2026-12-09T01:45:00Z", sea_rail),
            # The ship's estimate said on time; it actually came 2.5 h late (then again later).
            _arrival("e2", "SGSIN", "2026-12-15T12:00:00Z", sea_rail, classifier="EST"),
            _arrival("a2", "SGSIN", "2026-12-15T14:30:00Z", sea_rail),
            _arrival("a3", "SGSIN", "2026-12-16T09:00:00Z", sea_rail),
            # The cancelled booking's train arrival is nobody's leg.
            _arrival("a4", "CNQZH", "2026-12-09T01:00:00Z", booked.cancelled["id"]),
        ],
        headers=world.headers("operator"),
    )
    assert response.status_code < 300, response.text
    period = (dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2026, 12, 16, tzinfo=UTC))

    result = analytics.punctuality(world.platform, *period)
    assert dataclasses.asdict(result.overall) == {
        "legs": 3,
        "measured": 2,
        "on_time": 1,
        "late": 1,
        "unmeasured": 1,
        "on_time_share": 0.5,
        "mean_delay_minutes": 97.5,
    }
    services = {s.service_id: s for s in result.services}
    assert list(services) == ["QZH-SIN-DAILY", "SR-CQ-QZH"]  # the barge arrives on 22 Dec
    train, ship = services["SR-CQ-QZH"], services["QZH-SIN-DAILY"]
    assert (
        train.tally.legs,
        train.tally.measured,
        train.tally.on_time,
        train.tally.unmeasured,
    ) == (2, 1, 1, 1)
    assert train.tally.on_time_share == 1.0 and train.tally.mean_delay_minutes == 45.0
    assert (ship.tally.legs, ship.tally.on_time, ship.tally.late, ship.tally.on_time_share) == (
        1,
        0,
        1,
        0.0,
    )
    assert ship.tally.mean_delay_minutes == 150.0 and ship.mode == "sea"
    assert unmeasured != sea_rail

    lenient = analytics.punctuality(world.platform, *period, tolerance_minutes=180)
    assert lenient.overall.on_time == 2 and lenient.overall.on_time_share == 1.0
    strict = analytics.punctuality(world.platform, *period, tolerance_minutes=30)
    assert strict.overall.on_time == 0

    # Planned arrivals by 12 Dec: only the trains (arriving 9 Dec).
    trains = analytics.punctuality(world.platform, period[0], dt.datetime(2026, 12, 12, tzinfo=UTC))
    assert [s.service_id for s in trains.services] == ["SR-CQ-QZH"]
    assert trains.overall.legs == 2


def test_punctuality_of_an_operator_covers_its_services(
    client: TestClient, world: World, booked: Booked
) -> None:
    client.post(
        "/api/v1/events",
        json=[_arrival("a1", "CNQZH", "2026-12-09T03:00:00Z", booked.sea_rail["id"])],
        headers=world.headers("operator"),
    )
    period = (dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2026, 12, 16, tzinfo=UTC))
    corridor = accounts.create_organisation(
        world.platform, "corridor-co", "operator", operator_match="Land-Sea New Trade Corridor"
    )
    mine = analytics.punctuality(world.platform, *period, operator=corridor)
    assert [s.service_id for s in mine.services] == ["SR-CQ-QZH"]
    assert mine.overall.late == 1 and mine.operator == "corridor-co"

    yuxinou = accounts.organisation(world.platform, "yuxinou")  # China–Europe trains only
    none = analytics.punctuality(world.platform, *period, operator=yuxinou)
    assert none.overall.legs == 0 and none.overall.on_time_share is None

    # Other roles are not narrowed.
    admin = accounts.organisation(world.platform, "admin")
    everyone = analytics.punctuality(world.platform, *period, operator=admin)
    assert everyone.overall.legs == 2 and everyone.operator is None


def _road_kg(world: World, origin: str, destination: str, teu: int) -> float:
    a, b = (world.platform.network.locations[LocationCode(c)] for c in (origin, destination))
    circuity = world.platform.network.circuity[Mode.ROAD]  # the dataset's sourced factor
    assert circuity == 1.3
    distance = great_circle_km(a.lat, a.lon, b.lat, b.lon) * circuity
    return EmissionsModel().leg(Mode.ROAD, a.country, b.country, distance, Cargo(teu=teu)).wtw_kg


def _yangtze_kg(world: World, origin: str, destination: str, teu: int, depart: dt.datetime) -> Any:
    options = plan(
        world.platform.network,
        PlanQuestion(origin=origin, destination=destination, depart=depart, teu=teu, via="CNSGH"),
    ).options
    return min((o.emissions.wtw_kg for o in options), default=None)


def test_emissions_saved_against_road_and_the_yangtze(
    client: TestClient, world: World, booked: Booked
) -> None:
    beihai = _book(client, world, [{"departure_id": BEIHAI, "from": "CNBIH", "to": "VNHPH"}], 1)
    # What the planner says: a way via Shanghai to Singapore; none from Beihai to Haiphong.
    train_leaves = dt.datetime(2026, 12, 7, 1, tzinfo=UTC)
    truck_leaves = dt.datetime(2026, 12, 7, 7, 30, tzinfo=UTC)  # just in time for the barge
    yangtze_2 = _yangtze_kg(world, "CNCQI-TJC", "SGSIN", 2, train_leaves)
    yangtze_1 = _yangtze_kg(world, "CNCQI-TJC", "SGSIN", 1, truck_leaves)
    assert yangtze_2 is not None and yangtze_1 is not None
    assert _yangtze_kg(world, "CNBIH", "VNHPH", 1, dt.datetime(2026, 12, 7, 8, tzinfo=UTC)) is None

    result = analytics.emissions_saved(world.platform, *DECEMBER)
    stored = [b["co2e_kg"] for b in (booked.sea_rail, booked.yangtze, beihai)]
    road = [
        _road_kg(world, "CNCQI-TJC", "SGSIN", 2),
        _road_kg(world, "CNCQI-TJC", "SGSIN", 1),
        _road_kg(world, "CNBIH", "VNHPH", 1),
    ]
    assert result.bookings == 3  # not the cancelled one
    assert result.booked_t == round(sum(stored) / 1000, 3)
    assert result.all_road_t == round(sum(road) / 1000, 3)
    assert result.saved_vs_road_t == round((sum(road) - sum(stored)) / 1000, 3)
    assert result.saved_vs_road_t > 0
    # Sea-rail emits less than the Yangtze route; the Yangtze booking is about its own figure.
    assert result.yangtze_bookings == 2
    assert result.booked_with_yangtze_t == round(sum(stored[:2]) / 1000, 3)
    assert result.yangtze_t == round((yangtze_2 + yangtze_1) / 1000, 3)
    assert result.saved_vs_yangtze_t == round((yangtze_2 + yangtze_1 - sum(stored[:2])) / 1000, 3)
    assert yangtze_2 > stored[0]
    assert result.assumptions.road_circuity == 1.3


def test_emissions_saved_counts_bookings_made_or_leaving_in_the_period(
    world: World, booked: Booked, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[PlanQuestion] = []

    def planner(network: Any, question: PlanQuestion) -> Any:
        asked.append(question)
        return plan(network, question)

    monkeypatch.setattr(emissions, "plan", planner)
    # Leaving on 7 Dec before 07:00: the sea-rail booking's train, not the truck of 07:30.
    leaving = analytics.emissions_saved(
        world.platform,
        dt.datetime(2026, 12, 7, tzinfo=UTC),
        dt.datetime(2026, 12, 7, 7, tzinfo=UTC),
    )
    assert leaving.bookings == 1
    assert [(q.teu, q.via, q.depart) for q in asked] == [
        (2, "CNSGH", dt.datetime(2026, 12, 7, 1, tzinfo=UTC))
    ]
    nothing = analytics.emissions_saved(
        world.platform, dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 2, 1, tzinfo=UTC)
    )
    assert nothing.bookings == 0 and nothing.yangtze_t is None
    assert nothing.booked_t == nothing.all_road_t == 0.0

    # Made in the period: counted, and still asked from its first departure, however far off
    # (no run in the period's window: the booking's own runs are looked up).
    monkeypatch.setattr(placing, "_span", lambda network: dt.timedelta(0))
    asked.clear()
    made = [dt.datetime.fromisoformat(b["created_at"]) for b in (booked.sea_rail, booked.yangtze)]
    made_in = analytics.emissions_saved(
        world.platform,
        min(made) - dt.timedelta(seconds=1),
        max(made) + dt.timedelta(seconds=1),
    )
    assert made_in.bookings == 2
    assert sorted((q.teu, q.depart) for q in asked) == [
        (1, dt.datetime(2026, 12, 7, 7, 30, tzinfo=UTC)),
        (2, dt.datetime(2026, 12, 7, 1, tzinfo=UTC)),
    ]


def test_emissions_saved_asks_the_planner_once_per_route_and_load(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        _book(client, world, SEA_RAIL, 2)
    _book(client, world, SEA_RAIL, 1)
    calls: list[int] = []

    def planner(network: Any, question: PlanQuestion) -> Any:
        calls.append(question.teu)
        return plan(network, question)

    monkeypatch.setattr(emissions, "plan", planner)
    result = analytics.emissions_saved(world.platform, *DECEMBER)
    assert result.bookings == result.yangtze_bookings == 4
    assert sorted(calls) == [1, 2]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.datetime(2026, 12, 1), dt.datetime(2026, 12, 8, tzinfo=UTC)),
        (dt.datetime(2026, 12, 8, tzinfo=UTC), dt.datetime(2026, 12, 1, tzinfo=UTC)),
    ],
)
def test_a_period_must_be_aware_and_forward(
    world: World, start: dt.datetime, end: dt.datetime
) -> None:
    for statistic in (analytics.volumes, analytics.modal_split, analytics.punctuality):
        with pytest.raises(InvalidInput):
            statistic(world.platform, start, end)
    with pytest.raises(InvalidInput):
        analytics.emissions_saved(world.platform, start, end)
