"""A generated hub-and-spoke freight network for the planner's scale benchmark.

Places lie in a 3,000 × 3,000 km square split into three countries. One in twenty is a hub
(a major rail terminal or port); every other place is served from its nearest hubs, as on the
corridor, where feeder trains and trucks bring boxes to the trunk lines:

- trunk services (30 %): rail, sea or river lines of 3–6 hubs heading one way across the map;
- feeder services (50 %): rail or river lines from a place through a neighbour to a near hub,
  or the reverse;
- road services (20 %): on-demand trucks between a place and a near hub or place.

Scheduled services run on most days, once or twice a day, so that 10,000 services give over a
million departures in 90 days. Seeded: the same seed gives the same network.
"""

from __future__ import annotations

import math
import random

from landsea.domain import Network
from landsea.testing import NetworkBuilder

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SPEED_KMH = {"rail": 35.0, "inland_waterway": 12.0, "sea": 28.0, "road": 55.0}

Point = tuple[str, float, float]


def synthetic_network(*, places: int = 2000, services: int = 10000, seed: int = 7) -> Network:
    rng = random.Random(seed)
    builder = NetworkBuilder()
    points: list[Point] = []
    hubs: list[Point] = []
    for n in range(places):
        x, y = rng.uniform(0, 3000), rng.uniform(0, 3000)
        country = "CN" if x < 1600 else ("VN" if y < 1500 else "LA")
        code = f"{country}{_code(n)}"
        hub = n % 20 == 0
        border = not hub and rng.random() < 0.02
        kinds = (
            ("border_crossing",)
            if border
            else (("seaport", "rail_terminal") if hub else ("rail_terminal",))
        )
        builder.place(
            code,
            kinds=kinds,
            handling=None if border else (rng.choice([4, 6, 8, 12]), rng.randint(300, 900)),
            customs=(rng.choice([2, 4, 6, 24]), 48) if (hub or border) else None,
            border=f"{country}-{'VN' if country != 'VN' else 'CN'}" if border else None,
            lat=20 + y / 111,
            lon=100 + x / 105,
        )
        points.append((code, x, y))
        if hub:
            hubs.append((code, x, y))

    def nearest(point: Point, pool: list[Point], k: int) -> list[Point]:
        return sorted(
            (p for p in pool if p[0] != point[0]), key=lambda p: math.dist(p[1:], point[1:])
        )[:k]

    near_hubs = {p[0]: nearest(p, hubs, 3) for p in points}
    neighbours = {p[0]: nearest(p, points, 6) for p in points}

    for s in range(services):
        kind = rng.choices(["trunk", "feeder", "road"], weights=[30, 50, 20])[0]
        if kind == "trunk":
            mode = rng.choices(["rail", "sea", "inland_waterway"], weights=[60, 25, 15])[0]
            heading = rng.uniform(0, 2 * math.pi)
            stops = [rng.choice(hubs)]
            for _ in range(rng.randint(2, 5)):
                x, y = stops[-1][1:]
                ahead = [
                    h for h in hubs
                    if h not in stops and 150 < math.dist(h[1:], (x, y)) < 900
                    and math.cos(math.atan2(h[2] - y, h[1] - x) - heading) > 0.5
                ]  # fmt: skip
                if not ahead:
                    break
                stops.append(
                    min(ahead, key=lambda h: math.dist(h[1:], (x, y)) + rng.uniform(0, 200))
                )
        elif kind == "feeder":
            mode = rng.choices(["rail", "inland_waterway"], weights=[80, 20])[0]
            origin = rng.choice(points)
            stops = [origin]
            if rng.random() < 0.5:
                stops.append(rng.choice(neighbours[origin[0]]))
            stops.append(rng.choice(near_hubs[origin[0]]))
            if rng.random() < 0.5:
                stops.reverse()
        else:
            mode = "road"
            origin = rng.choice(points)
            stops = [origin, rng.choice(near_hubs[origin[0]] + neighbours[origin[0]][:3])]
            if rng.random() < 0.5:
                stops.reverse()
        if len(stops) < 2 or len({p[0] for p in stops}) != len(stops):
            stops = [stops[0], rng.choice(near_hubs[stops[0][0]])]
        hour = 0.0
        spec: list[tuple[str, float | None, float | None]] = [(stops[0][0], None, 0.0)]
        km = []
        for k, point in enumerate(stops[1:], start=1):
            distance = math.dist(stops[k - 1][1:], point[1:]) * 1.3 + 5
            km.append(round(distance, 1))
            hour += math.ceil(distance / SPEED_KMH[mode])
            dwell = 2.0 if k < len(stops) - 1 else None
            spec.append((point[0], hour, None if dwell is None else hour + dwell))
            hour += dwell or 0.0
        builder.service(
            f"X{s:05d}",
            mode,
            spec,
            km=km,
            on_demand=mode == "road",
            days=DAYS if rng.random() < 0.8 else rng.sample(DAYS, rng.randint(2, 5)),
            times=sorted({f"{rng.randint(0, 23):02d}:00" for _ in range(rng.choice([1, 2, 2]))}),
            capacity=500 if mode == "sea" else rng.choice([50, 100, 200]),
            plugs=rng.choice([0, 5, 20]),
            dangerous_goods=mode == "sea",
            tariff=(round(sum(km) * rng.uniform(1.5, 3.5)), round(sum(km) * rng.uniform(2.5, 5)), "CNY"),
        )  # fmt: skip
    return builder.build(
        cutoff={"rail": 6, "sea": 24, "inland_waterway": 12, "road": 0},
        fixed_fare_share={"rail": 0.09, "sea": 0.4, "inland_waterway": 0.07, "road": 0.1},
    )


def _code(n: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[n // 676 % 26] + letters[n // 26 % 26] + letters[n % 26]
