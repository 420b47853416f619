"""The emission factor table: a data file of GLEC v3 factors, each with its source and page."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from landsea.domain.emissions import EmissionFactor, FactorUnit
from landsea.errors import InvalidInput

__all__ = ["FactorTable", "load_factor_table"]

_FIELDS = (
    "key",
    "mode",
    "vehicle",
    "load_basis",
    "fuel",
    "region",
    "unit",
    "source",
    "version",
    "page",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FactorTable:
    """Factors by key and the trade-lane regions (ISO country → region name)."""

    factors: Mapping[str, EmissionFactor]
    regions: Mapping[str, frozenset[str]]
    sources: Mapping[str, Mapping[str, Any]]

    def __getitem__(self, key: str) -> EmissionFactor:
        try:
            return self.factors[key]
        except KeyError:
            raise InvalidInput(f"emission factor {key!r} is not in the factor table") from None

    def region_of(self, country: str) -> str | None:
        for name, countries in self.regions.items():
            if country in countries and not name.startswith("road_"):
                return name
        return None


@lru_cache(maxsize=4)
def load_factor_table(path: str | None = None) -> FactorTable:
    """Read and check the factor table (the built-in one when ``path`` is ``None``).

    Raises
    ------
    InvalidInput
        Naming the row and field of the first problem found.
    """
    file = Path(path) if path else Path(str(files("landsea") / "data" / "emission_factors.toml"))
    with file.open("rb") as handle:
        document = tomllib.load(handle)
    sources = document.get("source", {})
    factors: dict[str, EmissionFactor] = {}
    for index, row in enumerate(document.get("factor", [])):
        where = f"{file.name}: factor[{index}]"
        for name in _FIELDS:
            if not isinstance(row.get(name), str) or not row[name]:
                raise InvalidInput(f"{where}: {name} is missing")
        for name in ("wtt", "ttw", "wtw"):
            value = row.get(name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise InvalidInput(f"{where}: {name} must be a non-negative number, got {value!r}")
        if abs(row["wtt"] + row["ttw"] - row["wtw"]) > 0.2 and row["wtt"] + row["ttw"] > 0:
            raise InvalidInput(
                f"{where}: wtw {row['wtw']} is not wtt {row['wtt']} + ttw {row['ttw']}"
            )
        if row["source"] not in sources:
            raise InvalidInput(f"{where}: cites unknown source {row['source']!r}")
        try:
            unit = FactorUnit(row["unit"])
        except ValueError:
            raise InvalidInput(f"{where}: unknown unit {row['unit']!r}") from None
        if row["key"] in factors:
            raise InvalidInput(f"{where}: duplicate key {row['key']!r}")
        factors[row["key"]] = EmissionFactor(
            key=row["key"],
            mode=row["mode"],
            vehicle=row["vehicle"],
            load_basis=row["load_basis"],
            fuel=row["fuel"],
            region=row["region"],
            unit=unit,
            wtt=float(row["wtt"]),
            ttw=float(row["ttw"]),
            wtw=float(row["wtw"]),
            source=row["source"],
            version=row["version"],
            page=row["page"],
            proxy=bool(row.get("proxy", False)),
            note=str(row.get("note", "")),
        )
    regions = {
        name: frozenset(countries) for name, countries in document.get("regions", {}).items()
    }
    return FactorTable(factors=factors, regions=regions, sources=sources)
