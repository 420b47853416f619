"""Emission factors and estimates (ISO 14083:2023, GLEC Framework v3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["METHOD", "EmissionEstimate", "EmissionFactor", "FactorUnit"]

METHOD = "ISO 14083 / GLEC v3"


class FactorUnit(StrEnum):
    G_PER_TKM = "g/tkm"
    G_PER_TEUKM = "g/TEUkm"
    KG_PER_CONTAINER = "kg/container"
    KG_PER_TONNE = "kg/t"


@dataclass(frozen=True, slots=True, kw_only=True)
class EmissionFactor:
    """The GHG intensity of one transport or hub operation category, with its source."""

    key: str
    mode: str
    vehicle: str
    load_basis: str
    fuel: str
    region: str
    unit: FactorUnit
    wtt: float
    ttw: float
    wtw: float
    source: str
    version: str
    page: str
    proxy: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EmissionEstimate:
    """Emissions of one transport chain element, kg CO2e.

    Hubs report well-to-wheel only (GLEC's hub values are WTW), so their ``ttw_kg`` is 0 and their
    ``wtt_kg`` is 0 too: the whole figure sits in ``wtw_kg``.
    """

    wtt_kg: float
    ttw_kg: float
    wtw_kg: float
    factor: str
    activity: float
    activity_unit: str

    def __add__(self, other: EmissionEstimate) -> EmissionEstimate:
        return EmissionEstimate(
            wtt_kg=self.wtt_kg + other.wtt_kg,
            ttw_kg=self.ttw_kg + other.ttw_kg,
            wtw_kg=self.wtw_kg + other.wtw_kg,
            factor="+".join(k for k in (self.factor, other.factor) if k),
            activity=0.0,
            activity_unit="",
        )
