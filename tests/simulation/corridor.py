"""A tiny corridor for the twin's tests: Chongqing to Qinzhou direct, or via Nanning with a
border-free transfer, and a truck from Nanning; room for every consignment by default."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from landsea.domain.network import Network
from landsea.simulation.scenario import Lane, Scenario
from landsea.testing import NetworkBuilder

START = dt.date(2026, 12, 1)


def tiny(capacity: int = 1000) -> Network:
    b = NetworkBuilder()
    b.place("CNCQI", "Chongqing").place("CNNIN", "Nanning").place("CNQZH", "Qinzhou")
    b.service(
        "SLOW",
        "rail",
        [("CNCQI", None, 0), ("CNQZH", 60, None)],
        km=[1400],
        times=("09:00",),
        capacity=capacity,
        tariff=(800.0, 1300.0, "CNY"),
    )
    b.service(
        "FAST1",
        "rail",
        [("CNCQI", None, 0), ("CNNIN", 20, None)],
        km=[1100],
        times=("21:00",),
        capacity=capacity,
    )
    b.service(
        "FAST2",
        "rail",
        [("CNNIN", None, 0), ("CNQZH", 4, None)],
        km=[120],
        times=("08:00", "20:00"),
        capacity=capacity,
    )
    b.service("TRUCK", "road", [("CNNIN", None, 0), ("CNQZH", 3, None)], km=[120], on_demand=True)
    return b.build()  # fmt: skip


def scenario(**changes: object) -> Scenario:
    lanes = (Lane(origin="CNCQI", destination="CNQZH", teu_per_year=7300, shipment_teu=2),)
    base = Scenario(name="baseline", start=START, days=20, lanes=lanes)
    return replace(base, **changes)  # type: ignore[arg-type]
