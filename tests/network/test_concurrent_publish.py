"""Plans racing publications (threads on one platform, another process's platform polling the
same database): every plan is made on one whole version, never a mix of two."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from landsea.domain.booking import Principal, Role
from landsea.feeds.dataset import loads
from landsea.services.network_publish import publish_service
from landsea.services.planning import PlanQuestion, plan_on_platform
from landsea.services.platform import Platform, open_platform
from tests.fixtures.api import World

SERVICE = "CRE-CQ-DUI"
QUESTION = PlanQuestion(origin="CNCQI-TJC", destination="DEDUI", depart=None, window_days=7)
FARES = (30000, 31000)


def _leg_costs(platform: Platform) -> tuple[int, float]:
    """The version a plan used and what it charged for the service's legs."""
    answer = plan_on_platform(platform, QUESTION)
    costs = [
        float(leg.cost.amount)
        for option in answer.options
        for leg in option.legs
        if leg.service_id == SERVICE
    ]
    assert costs, "the plan rides the service"
    return answer.network_version, min(costs)


def test_a_plan_during_publications_sees_one_version(world: World) -> None:
    yuxinou = Principal(
        organisation_id=world.ids["yuxinou"], name="yuxinou", role=Role.OPERATOR,
        operator_match="Yuxinou",
    )  # fmt: skip
    other = open_platform(world.platform.database_url, departure_horizon_days=60)
    with world.platform.uow(read_only=True) as uow:
        record = uow.network.current("service", SERVICE)
    assert record is not None
    table = loads(record.body)
    fare_of: dict[int, int] = {}
    seen: list[tuple[int, float]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def publisher() -> None:
        try:
            for n in range(6):
                fare = FARES[n % 2]
                tariff = table["tariff"] | {"per_teu": fare}
                made = publish_service(
                    world.platform, yuxinou, table | {"tariff": tariff}, service_id=SERVICE
                )
                fare_of[made.version.id] = fare
                while not errors and all(v != made.version.id for v, _ in list(seen)):
                    time.sleep(0.01)  # a plan has used this version before the next is made
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    def planner(platform: Platform) -> None:
        try:
            while not done.is_set():
                seen.append(_leg_costs(platform))
            seen.append(_leg_costs(platform))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=publisher)] + [
        threading.Thread(target=planner, args=(p,)) for p in (world.platform, world.platform, other)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        other.dispose()
    assert errors == []
    cost_by_fare: dict[int, set[float]] = defaultdict(set)
    for version, cost in seen:
        if version in fare_of:
            cost_by_fare[fare_of[version]].add(cost)
    # Each fare is always charged the same, and the two fares differently: a plan never priced
    # with one version's tariff while saying it used another.
    assert len(cost_by_fare) == len(FARES)
    assert all(len(costs) == 1 for costs in cost_by_fare.values()), cost_by_fare
    assert len(set().union(*cost_by_fare.values())) == len(cost_by_fare)
    newest = max(fare_of)
    other_again = open_platform(world.platform.database_url, departure_horizon_days=60)
    try:
        assert other_again.snapshot.version == newest
    finally:
        other_again.dispose()
