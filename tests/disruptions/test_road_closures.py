"""On-demand (road) services through a closed place: the Chongqing → Hanoi lorry via Youyiguan
is not offered while the crossing is closed, and is again outside the closure."""

from __future__ import annotations

import datetime as dt

from landsea.domain.disruption import Closure, ClosureSubject, Overlay, Reason
from landsea.services.network import load_network
from landsea.services.planning import PlanQuestion, plan

ROAD = "CQ-HAN-RD-YYG"
QUESTION = PlanQuestion(
    origin="Chongqing", destination="Hanoi", depart=dt.date(2026, 12, 7), window_days=2
)
CST = dt.timezone(dt.timedelta(hours=8))


def _closure(starts: dt.datetime, ends: dt.datetime, code: str = "CNYYG") -> Overlay:
    closure = Closure(
        id="c1",
        subject=ClosureSubject.PLACE,
        code=code,
        starts=starts,
        ends=ends,
        reason=Reason(en="Border closed", zh="口岸关闭"),
        organisation_id="customs",
    )
    return Overlay.of((), (closure,))


def _services(overlay: Overlay | None) -> set[str]:
    result = plan(load_network("ilstc"), QUESTION, overlay=overlay)
    return {leg.service_id for option in result.options for leg in option.legs}


def test_the_road_via_a_closed_crossing_is_not_offered_during_the_closure() -> None:
    assert ROAD in _services(None)
    during = _closure(dt.datetime(2026, 12, 8, tzinfo=CST), dt.datetime(2026, 12, 10, tzinfo=CST))
    offered = _services(during)
    assert ROAD not in offered
    assert offered and not any(
        s.endswith("RD-YYG") for s in offered
    )  # no other lorry via Youyiguan either


def test_the_road_is_offered_outside_the_closure_and_when_another_place_closes() -> None:
    later = _closure(dt.datetime(2027, 6, 1, tzinfo=CST), dt.datetime(2027, 6, 3, tzinfo=CST))
    assert ROAD in _services(later)
    elsewhere = _closure(
        dt.datetime(2026, 12, 8, tzinfo=CST), dt.datetime(2026, 12, 10, tzinfo=CST), "CNQZH"
    )
    assert ROAD in _services(elsewhere)
