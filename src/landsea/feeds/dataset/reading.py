"""What reading a dataset folder finds: the network, every problem, the sea legs to measure."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from landsea.domain.network import Network
from landsea.errors import Problem
from landsea.units import LocationCode

__all__ = ["SEA_DISTANCES_FILE", "DatasetReading", "SeaLeg"]

SEA_DISTANCES_FILE = "sea_distances.toml"


@dataclass(frozen=True, slots=True)
class SeaLeg:
    """Two consecutive calls of a sea service, whose distance comes from the searoute package."""

    origin: LocationCode
    destination: LocationCode

    def key(self) -> tuple[str, str]:
        """The same key for both directions: sea distances are symmetric."""
        a, b = sorted((self.origin, self.destination))
        return (a, b)


@dataclass(slots=True)
class DatasetReading:
    """What reading a dataset folder found: the network (when clean) and every problem."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    network: Network | None = None
    coordinates: dict[LocationCode, tuple[float, float]] = field(default_factory=dict)
    sea_legs: set[SeaLeg] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems
