"""What is shipped: container quantity, mass and the kind of cargo."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from landsea.errors import InvalidInput

__all__ = ["TONNES_PER_TEU", "Cargo", "CargoType"]

TONNES_PER_TEU = 10.0
"""GLEC Framework v3 default cargo mass per TEU when the actual mass is unknown (p. 21)."""


class CargoType(StrEnum):
    GENERAL = "general"
    REEFER = "reefer"
    DANGEROUS = "dangerous"


@dataclass(frozen=True, slots=True, kw_only=True)
class Cargo:
    """A consignment of ``teu`` TEU (an FEU counts 2) of one cargo type.

    Boxes are taken as 40-foot containers for each pair of TEU and one 20-foot box for an odd
    one; that decides the tariff (per FEU or per TEU), the number of boxes handled at hubs and the
    reefer plugs needed (one per reefer box).

    Examples
    --------
    >>> c = Cargo(teu=3)
    >>> c.feu, c.twenty_foot, c.boxes, c.tonnes
    (1, 1, 2, 30.0)
    >>> Cargo(teu=2, cargo_type=CargoType.REEFER).plugs
    1
    """

    teu: int
    cargo_type: CargoType = CargoType.GENERAL
    mass_tonnes: float | None = None

    def __post_init__(self) -> None:
        if isinstance(self.teu, bool) or not isinstance(self.teu, int) or self.teu < 1:
            raise InvalidInput(f"teu must be a whole number of at least 1, got {self.teu!r}")
        if self.mass_tonnes is not None and not (
            math.isfinite(self.mass_tonnes) and self.mass_tonnes > 0
        ):
            raise InvalidInput(f"mass_tonnes must be positive, got {self.mass_tonnes!r}")

    @property
    def feu(self) -> int:
        return self.teu // 2

    @property
    def twenty_foot(self) -> int:
        return self.teu % 2

    @property
    def boxes(self) -> int:
        return self.feu + self.twenty_foot

    @property
    def tonnes(self) -> float:
        """The cargo mass: as given, else 10 t per TEU (GLEC v3 default)."""
        return self.mass_tonnes if self.mass_tonnes is not None else self.teu * TONNES_PER_TEU

    @property
    def plugs(self) -> int:
        """Reefer plugs needed on each leg: one per box of reefer cargo, none otherwise."""
        return self.boxes if self.cargo_type is CargoType.REEFER else 0
