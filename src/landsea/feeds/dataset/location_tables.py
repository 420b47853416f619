"""The ``[[location]]`` tables: codes, names, countries, kinds, aliases, coordinates, handling
and customs."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from landsea.domain.codes import (
    validate_country,
    validate_location_key,
    validate_timezone,
    validate_unlocode,
)
from landsea.domain.money import Money
from landsea.domain.network import (
    TERMINAL_KINDS,
    CustomsClearance,
    Handling,
    Location,
    LocationKind,
)
from landsea.domain.provenance import Provenance
from landsea.errors import InvalidCode
from landsea.feeds.dataset.records import Record, choices, is_number
from landsea.feeds.dataset.state import ReaderState
from landsea.units import LocationCode

_LOCATION_FIELDS = {
    "locode", "aliases", "name", "country", "timezone", "kinds", "coordinates", "parent", "note",
    "handling", "customs",
}  # fmt: skip

__all__ = ["LocationReader"]


class LocationReader(ReaderState):
    """Reads the locations of every file."""

    def _read_location(self, file: str, index: int, table: Any) -> None:
        r = Record.of_array(self, file, "location", index, table, "locode")
        if r is None:
            return
        record = r.record
        r.allow(_LOCATION_FIELDS)
        code = r.code("locode", validate_location_key)
        if code is not None and code in self.location_files:
            other = self.location_files[code]
            self.problem(file, record, "locode", f"duplicate locode {code!r} (also in {other})")
            return
        if code is not None and code in self.aliases:
            r.fail("locode", f"{code!r} is already an alias of {self.aliases[code]}")
            return
        if code is not None:
            self.location_files[code] = file
        name = r.names("name")
        country = r.code("country", validate_country)
        if country is not None and code is not None and code[:2] != country:
            self.problem(
                file,
                record,
                "country",
                f"{country!r} does not match the locode's country {code[:2]!r}",
            )
        timezone = r.code("timezone", validate_timezone)
        kinds = self._kinds(r)
        aliases = self._aliases(r, code)
        parent = r.text("parent", required=False)
        coordinates = self._coordinates(r)
        handling = self._handling(r, kinds)
        customs = self._customs(r, kinds, country)
        if code is not None and coordinates is not None:
            self.result.coordinates[LocationCode(code)] = coordinates[:2]
        if (
            code is None or name is None or country is None or timezone is None
            or kinds is None or coordinates is None or r.failed
        ):  # fmt: skip
            return
        lat, lon, where = coordinates
        self.locations[LocationCode(code)] = Location(
            code=LocationCode(code),
            name=name,
            country=country,
            timezone=timezone,
            lat=lat,
            lon=lon,
            kinds=kinds,
            aliases=aliases,
            parent=LocationCode(parent) if parent else None,
            handling=handling,
            customs=customs,
            note=r.text("note", required=False) or "",
            provenance={"coordinates": where, **r.provenance},
        )

    def _kinds(self, r: Record) -> frozenset[LocationKind] | None:
        raw = r.table.get("kinds")
        if not isinstance(raw, list) or not raw:
            r.fail("kinds", f"must be a non-empty list of {choices(LocationKind)}")
            return None
        kinds: set[LocationKind] = set()
        for item in raw:
            try:
                kinds.add(LocationKind(item))
            except ValueError:
                r.fail("kinds", f"unknown kind {item!r} (expected {choices(LocationKind)})")
        return frozenset(kinds)

    def _aliases(self, r: Record, code: str | None) -> tuple[str, ...]:
        raw = r.table.get("aliases", [])
        if not isinstance(raw, list):
            r.fail("aliases", "must be a list of UN/LOCODEs")
            return ()
        aliases: list[str] = []
        for alias in raw:
            if not isinstance(alias, str):
                r.fail("aliases", f"must be a list of UN/LOCODEs, got {alias!r}")
                continue
            try:
                validate_unlocode(alias, field="alias")
            except InvalidCode as exc:
                r.fail("aliases", str(exc))
                continue
            if alias in self.aliases or alias in self.location_files:
                r.fail("aliases", f"alias {alias!r} already names another location")
                continue
            if code is not None:
                self.aliases[alias] = LocationCode(code)
            aliases.append(alias)
        return tuple(aliases)

    def _coordinates(self, r: Record) -> tuple[float, float, Provenance] | None:
        raw = r.table.get("coordinates")
        if not isinstance(raw, dict):
            r.fail("coordinates", "missing: { lat = …, lon = …, source = … }")
            return None
        numbers: list[float] = []
        for axis, limit in (("lat", 90.0), ("lon", 180.0)):
            value = raw.get(axis)
            if not is_number(value):
                r.fail(f"coordinates.{axis}", f"must be a number, got {value!r}")
            elif not -limit <= float(value) <= limit:
                r.fail(f"coordinates.{axis}", f"{value} is out of range [-{limit:g}, {limit:g}]")
            else:
                numbers.append(float(value))
        where = r.provenance_of("coordinates", raw, extra={"lat", "lon"})
        if len(numbers) != 2 or where is None:
            return None
        return numbers[0], numbers[1], where

    def _handling(self, r: Record, kinds: frozenset[LocationKind] | None) -> Handling | None:
        raw = r.table.get("handling")
        if raw is None:
            if kinds and kinds & TERMINAL_KINDS:
                r.fail("handling", "missing: a terminal needs [location.handling]")
            return None
        sub = r.sub("handling", raw)
        if sub is None:
            return None
        sub.allow({"hours", "cost", "currency"})
        hours = sub.figure("hours", minimum=0.0)
        cost = sub.figure("cost", minimum=0.0)
        currency = sub.currency("currency")
        if hours is None or cost is None or currency is None:
            return None
        return Handling(hours=hours.value, cost=Money(Decimal(str(cost.value)), currency))

    def _customs(
        self, r: Record, kinds: frozenset[LocationKind] | None, country: str | None
    ) -> CustomsClearance | None:
        raw = r.table.get("customs")
        border_crossing = bool(kinds and LocationKind.BORDER_CROSSING in kinds)
        if raw is None:
            if border_crossing:
                r.fail("customs", "missing: a border crossing needs [location.customs]")
            return None
        sub = r.sub("customs", raw)
        if sub is None:
            return None
        sub.allow(
            {"border", "typical_hours", "p90_hours", "import_typical_hours", "export_typical_hours"}
        )
        border: tuple[str, ...] = ()
        raw_border = sub.table.get("border")
        if raw_border is None:
            if border_crossing:
                sub.fail("border", "missing: the two countries, e.g. 'CN-VN'")
        elif not isinstance(raw_border, str) or not re.fullmatch(r"[A-Z]{2}-[A-Z]{2}", raw_border):
            sub.fail(
                "border", f"must be two ISO 3166 countries such as 'CN-VN', got {raw_border!r}"
            )
        else:
            pair = tuple(raw_border.split("-"))
            for part in pair:
                try:
                    validate_country(part, field="border")
                except InvalidCode as exc:
                    sub.fail("border", str(exc))
            if pair[0] == pair[1]:
                sub.fail("border", f"{raw_border!r} joins a country to itself")
            elif country is not None and country not in pair:
                sub.fail(
                    "border", f"{raw_border!r} does not include the location's country {country!r}"
                )
            border = pair
        typical = sub.figure("typical_hours", minimum=0.0)
        p90 = sub.figure("p90_hours", minimum=0.0)
        directions = {
            name: sub.figure(name, minimum=0.0) if name in sub.table else None
            for name in ("import_typical_hours", "export_typical_hours")
        }
        if typical is None or p90 is None:
            return None
        if p90.value < typical.value:
            sub.fail("p90_hours", f"{p90.value:g} is less than typical_hours {typical.value:g}")
            return None
        imports, exports = directions["import_typical_hours"], directions["export_typical_hours"]
        return CustomsClearance(
            typical_hours=typical.value,
            p90_hours=p90.value,
            border=border,
            import_typical_hours=imports.value if imports else None,
            export_typical_hours=exports.value if exports else None,
        )
