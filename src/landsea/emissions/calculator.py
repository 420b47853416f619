"""Emissions of transport chain elements: legs (activity × intensity) and hubs.

Following ISO 14083 and GLEC v3, a transport chain is split into elements: one per leg
(tonne-km or TEU-km × the intensity of its transport operation category) and one per hub where
the cargo changes vehicle (containers or tonnes handled × the hub category's intensity).
Well-to-wheel (WTW) = well-to-tank (WTT) + tank-to-wheel (TTW), in kg CO2e.

References
----------
Smart Freight Centre (2023), GLEC Framework v3.0, Module 2, Tables 2–5, 16–17 (pp. 85–100).
ISO 14083:2023, sections 5.4–5.5.
"""

from __future__ import annotations

from dataclasses import dataclass

from landsea.domain.cargo import Cargo, CargoType
from landsea.domain.emissions import EmissionEstimate, EmissionFactor, FactorUnit
from landsea.domain.network import LocationKind, Mode
from landsea.emissions.factors import FactorTable, load_factor_table

__all__ = ["EmissionsModel", "FactorChoice"]

_REEFER_SEA = 172.2 / 89.0  # GLEC v3 Table 17: industry-average reefer over dry, per TEU-km
_REEFER_ROAD = 1.12  # GLEC v3 p. 94: temperature-controlled trucks > 3.5 t, +12 %
_ASIA = frozenset({"ne_asia", "se_asia", "middle_east_india"})


@dataclass(frozen=True, slots=True)
class FactorChoice:
    """The factor a leg uses and the multiplier applied to it (reefer uplift)."""

    factor: EmissionFactor
    multiplier: float = 1.0


class EmissionsModel:
    """Chooses the factor of each leg and hub and computes its emissions.

    Examples
    --------
    >>> model = EmissionsModel()
    >>> leg = model.leg(Mode.SEA, "CN", "SG", 2487.3, Cargo(teu=2))
    >>> round(leg.wtw_kg, 1)          # 2 TEU × 2,487.3 km × 124.3 g/TEU-km
    618.3
    """

    def __init__(self, table: FactorTable | None = None) -> None:
        self.table = table or load_factor_table()

    def leg_factor(
        self, mode: Mode, origin_country: str, destination_country: str, cargo_type: CargoType
    ) -> FactorChoice:
        """The factor for a leg of ``mode`` between two countries."""
        reefer = cargo_type is CargoType.REEFER
        if mode is Mode.SEA:
            lane = self._lane(origin_country, destination_country)
            return FactorChoice(self.table[f"sea/container/{lane}"], _REEFER_SEA if reefer else 1.0)
        if mode is Mode.RAIL:
            return FactorChoice(self.table["rail/container/diesel/eu"])
        if mode is Mode.INLAND_WATERWAY:
            return FactorChoice(self.table["inland_waterway/container-vessel-110m/eu"])
        europe = self.table.regions.get("road_europe", frozenset())
        region = "europe" if origin_country in europe else "asia"
        return FactorChoice(
            self.table[f"road/artic-40t/container/{region}"], _REEFER_ROAD if reefer else 1.0
        )

    def _lane(self, a: str, b: str) -> str:
        ra, rb = self.table.region_of(a), self.table.region_of(b)
        pair = {ra, rb}
        if ra is None or rb is None:
            return "industry_average"
        if ra == rb:
            return {
                "se_asia": "intra_se_asia",
                "ne_asia": "intra_ne_asia",
                "north_europe": "intra_north_europe",
            }.get(ra, "industry_average")
        if pair == {"se_asia", "ne_asia"}:
            return "se_ne_asia"
        if "middle_east_india" in pair and pair & {"se_asia", "ne_asia"}:
            return "asia_middle_east_india"
        if "north_europe" in pair and pair & _ASIA:
            return "asia_north_europe"
        return "industry_average"

    def leg(
        self,
        mode: Mode,
        origin_country: str,
        destination_country: str,
        distance_km: float,
        cargo: Cargo,
    ) -> EmissionEstimate:
        """Emissions of one leg: tonne-km (or TEU-km at sea) × the leg's intensity."""
        choice = self.leg_factor(mode, origin_country, destination_country, cargo.cargo_type)
        factor = choice.factor
        if factor.unit is FactorUnit.G_PER_TEUKM:
            activity, unit = cargo.teu * distance_km, "TEU-km"
        else:
            activity, unit = cargo.tonnes * distance_km, "t-km"
        scale = activity * choice.multiplier / 1000.0
        return EmissionEstimate(
            wtt_kg=factor.wtt * scale,
            ttw_kg=factor.ttw * scale,
            wtw_kg=factor.wtw * scale,
            factor=factor.key,
            activity=activity,
            activity_unit=unit,
        )

    def hub_factor(self, kinds: frozenset[LocationKind], cargo_type: CargoType) -> EmissionFactor:
        """The hub category of a transfer at a place: maritime terminal at seaports, else transshipment."""
        cold = cargo_type is CargoType.REEFER
        if LocationKind.SEAPORT in kinds:
            suffix = "temperature-controlled" if cold else "ambient"
            return self.table[f"hub/maritime-container-terminal/{suffix}"]
        return self.table[f"hub/transshipment/{'mixed' if cold else 'ambient'}"]

    def hub(self, kinds: frozenset[LocationKind], cargo: Cargo) -> EmissionEstimate:
        """Emissions of one transfer (a hub transport chain element)."""
        factor = self.hub_factor(kinds, cargo.cargo_type)
        if factor.unit is FactorUnit.KG_PER_CONTAINER:
            activity, unit = float(cargo.boxes), "containers"
        else:
            activity, unit = cargo.tonnes, "t"
        return EmissionEstimate(
            wtt_kg=0.0,
            ttw_kg=0.0,
            wtw_kg=factor.wtw * activity,
            factor=factor.key,
            activity=activity,
            activity_unit=unit,
        )
