"""Issue 6 benchmark: consolidation of generated pending cargo onto departures.

Instances (seeded):

- **corridor**: the built-in ILSTC network, 30 days of requests from 2026-12-01 on the
  corridor's main flows — Chongqing and Chengdu sea-rail to ASEAN via the Beibu Gulf, the
  cross-border trains and trucks to Vietnam and Laos, China–Europe trains, the Yangtze, and the
  imports the other way (Thai durian in reefers). Flow weights are illustrative (an estimate from
  the corridor's published shape, not a published OD matrix). Sizes: 1 TEU 30 %, 2 TEU 50 %,
  4 TEU 15 %, 6–10 TEU 5 %; due = ready + the fastest transit × U(1.1, 1.8); penalty
  100–2,000 CNY per TEU per day late.
- **synthetic**: the planner's generated 2,000-place / 10,000-service network, requests between
  20 pairs of hubs.

Each case runs in its own process, so that its peak memory (max RSS) is its own. Printed: time
to build the itineraries and to solve, objective, the bound and the gap, the saving against the
greedy baseline, and peak memory.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parent.parent))
sys.path.insert(0, str(Path(__file__).parent))

from landsea.domain.consolidation import CargoRequest
from landsea.services.consolidation import ConsolidationOptions, consolidate, result_document
from landsea.services.planning import PlanQuestion, plan
from landsea.services.platform import Platform, open_platform

START = dt.datetime(2026, 12, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
HORIZON_DAYS = 30

# (origin, destination, weight, reefer share)
CORRIDOR_FLOWS = [
    ("CNCQI-TJC", "SGSIN", 18, 0.05),
    ("CNCQI-TJC", "CNQZH", 10, 0.05),
    ("CNCDU", "SGSIN", 8, 0.05),
    ("CNCQI", "VNHAN", 8, 0.05),
    ("CNGYA", "SGSIN", 5, 0.0),
    ("CNKNM", "LAVTE", 5, 0.05),
    ("CNKNM", "THBKK", 4, 0.1),
    ("CNCQI-TJC", "THLCH", 5, 0.05),
    ("CNCQI-TJC", "MYPKG", 4, 0.05),
    ("CNCQI-TJC", "DEDUI", 4, 0.0),
    ("CNCDU", "PLLOD", 3, 0.0),
    ("CNCQI-GYP", "CNSGH", 4, 0.0),
    ("THLCH", "CNCQI-TJC", 6, 0.7),
    ("SGSIN", "CNCQI-TJC", 5, 0.2),
    ("VNHAN", "CNCQI", 4, 0.3),
    ("LAVTE", "CNKNM", 3, 0.3),
    ("MYPKG", "CNCDU", 2, 0.1),
]
SIZES = [(1, 30), (2, 50), (4, 15), (6, 2), (8, 2), (10, 1)]
PENALTIES = [100, 200, 500, 1000, 2000]


def _fastest_days(platform: Platform, origin: str, destination: str, reefer: bool) -> float | None:
    options = plan(
        platform.network,
        PlanQuestion(
            origin=origin,
            destination=destination,
            depart=START + dt.timedelta(days=7),
            window_days=14,
            cargo_type="reefer" if reefer else "general",
        ),
    ).options
    if not options:
        return None
    return min(o.transit_hours for o in options) / 24


def generate(
    platform: Platform, count: int, flows: list[tuple[str, str, int, float]], seed: int = 6
) -> list[CargoRequest]:
    rng = random.Random(seed)
    transit: dict[tuple[str, str, bool], float | None] = {}
    usable = []
    for origin, destination, weight, reefer_share in flows:
        for reefer in (False, True):
            if reefer and reefer_share == 0:
                continue
            days = _fastest_days(platform, origin, destination, reefer)
            transit[origin, destination, reefer] = days
        if transit[origin, destination, False] is not None:
            usable.append((origin, destination, weight, reefer_share))
    requests = []
    weights = [w for _, _, w, _ in usable]
    sizes, size_weights = zip(*SIZES, strict=True)
    for n in range(count):
        origin, destination, _, reefer_share = rng.choices(usable, weights)[0]
        reefer = rng.random() < reefer_share and transit.get((origin, destination, True))
        days = transit[origin, destination, bool(reefer)]
        assert days is not None
        ready = START + dt.timedelta(hours=rng.randrange(HORIZON_DAYS * 24))
        due = ready + dt.timedelta(days=days * rng.uniform(1.1, 1.8))
        requests.append(
            CargoRequest(
                id=f"R{n:06d}",
                origin=origin,
                destination=destination,
                teu=rng.choices(sizes, size_weights)[0],
                cargo_type="reefer" if reefer else "general",
                ready=ready,
                due=due,
                penalty_per_day=Decimal(rng.choice(PENALTIES)),
            )
        )
    return requests


def _synthetic_flows(
    platform: Platform, pairs: int, seed: int = 3
) -> list[tuple[str, str, int, float]]:
    rng = random.Random(seed)
    network = platform.network
    hubs = sorted(
        code
        for code, location in network.locations.items()
        if len([s for s in network.services.values() if any(st.location == code for st in s.stops)])
        > 12
    )
    flows: list[tuple[str, str, int, float]] = []
    while len(flows) < pairs:
        origin, destination = rng.sample(hubs, 2)
        flows.append((origin, destination, rng.randint(1, 10), 0.0))
    return flows


def case(kind: str, count: int, time_limit: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'consolidation.db'}"
        if kind == "corridor":
            platform = open_platform(url, migrate=True)
            flows = CORRIDOR_FLOWS
        else:
            from synthetic import synthetic_network

            base = open_platform(url, migrate=True)
            platform = Platform(database=base.database, network=synthetic_network())
            flows = _synthetic_flows(platform, 20)
        started = time.perf_counter()
        requests = generate(platform, count, flows)
        generated = time.perf_counter() - started
        teu = sum(r.teu for r in requests)
        document = result_document(
            consolidate(
                platform,
                requests,
                ConsolidationOptions(time_limit=time_limit, gap=0.0 if count <= 1000 else 0.005),
            )
        )
        platform.dispose()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    greedy = document.get("greedy") or {}
    gap = document["gap"]
    print(
        f"  {kind:<9} {count:>6,} requests ({teu:,} TEU): status {document['status']}, "
        f"itineraries {document['seconds']['itineraries']:.1f} s + solve {document['seconds']['solve']:.1f} s "
        f"= {document['seconds']['total']:.1f} s (limit {time_limit:.0f} s); "
        f"objective {document['objective']:,.0f} CNY, bound {document['bound'] or 0:,.0f}, "
        f"gap {'—' if gap is None else f'{gap:.2%}'}; "
        f"greedy {greedy.get('objective', 0):,.0f} → saving {greedy.get('saving_share', 0):.1%}; "
        f"assigned {document['assigned_teu']:,}/{teu:,} TEU (greedy {greedy.get('assigned_teu', 0):,}); "
        f"{document['model']['commodities']:,} commodities, {document['model']['itineraries']:,} itineraries, "
        f"{document['model']['departures']:,} departures; peak memory {rss:,.0f} MB "
        f"(generating {generated:.1f} s)",
        flush=True,
    )
    for line in document.get("log", []):
        print(f"      {line}")


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "case":
        case(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
        return
    print(
        "Issue 6 — consolidation (targets: corridor 10,000 requests / 30 days ≤ 1 % gap in 120 s; "
        "50,000 ≤ 2 % in 600 s; ≤ 8 GB)"
    )
    for kind, count, limit in (
        ("corridor", 1_000, 60),
        ("corridor", 10_000, 120),
        ("corridor", 50_000, 600),
        ("synthetic", 1_000, 300),
        ("synthetic", 10_000, 600),
    ):
        subprocess.run([sys.executable, __file__, "case", kind, str(count), str(limit)], check=True)


if __name__ == "__main__":
    main()
