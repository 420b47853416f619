"""The twin's calibration: demand lanes and run-delay figures, each with its source, read from
``landsea/data/simulation/demand.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from landsea.domain.cargo import CargoType
from landsea.errors import InvalidInput
from landsea.simulation.scenario import DEMANDS, Lane

__all__ = ["Calibration", "Delay", "calibration"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Delay:
    """A run of the mode is late with probability ``late_share``, by ``mean_late_h`` on average."""

    late_share: float
    mean_late_h: float
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Calibration:
    lanes: tuple[Lane, ...]
    delays: dict[str, Delay]
    handling_sigma: float

    @property
    def teu_per_year(self) -> float:
        return sum(lane.teu_per_year for lane in self.lanes)


def _read(name: str) -> dict[str, Any]:
    if name not in DEMANDS:
        raise InvalidInput(f"demand {name!r} is not calibrated: expected one of {DEMANDS}")
    text = resources.files("landsea").joinpath("data/simulation/demand.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def calibration(name: str = "ilstc") -> Calibration:
    """The calibrated demand and delays of dataset ``name``: every demand takes the published
    run delays and handling; the booked demands' lanes come with the scenario
    (``landsea.services.booking_demand``).

    >>> round(calibration().teu_per_year / 4)
    297500
    """
    document = _read(name)
    lanes = tuple(
        Lane(
            origin=t["origin"],
            destination=t["destination"],
            teu_per_year=float(t["teu_per_year"]),
            cargo_type=CargoType(t.get("cargo_type", "general")),
            shipment_teu=int(t.get("shipment_teu", 2)),
            due_days=float(t.get("due_days", 10.0)),
            penalty_per_day=float(t.get("penalty_per_day", 300.0)),
            source=t["source"],
        )
        for t in document["lane"]
    )
    delays = {
        mode: Delay(late_share=t["late_share"], mean_late_h=t["mean_late_h"], source=t["source"])
        for mode, t in document["delay"].items()
    }
    return Calibration(lanes=lanes, delays=delays, handling_sigma=document["handling"]["sigma"])
