"""Reading and checking a corridor dataset folder (format: ``docs/dataset.md``).

The reader never stops at the first problem: it reads every file and every record, collects each
problem with the file, record and field it concerns, and builds the network only from a clean
dataset. ``read_dataset`` returns both; ``load_dataset`` raises :class:`DatasetError` instead.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeGuard, TypeVar

from landsea.domain.codes import (
    validate_country,
    validate_currency,
    validate_location_key,
    validate_timezone,
    validate_unlocode,
)
from landsea.domain.money import Money
from landsea.domain.network import (
    TERMINAL_KINDS,
    CustomsClearance,
    DatasetInfo,
    Handling,
    LocalizedName,
    Location,
    LocationKind,
    Mode,
    Network,
)
from landsea.domain.provenance import Provenance, Source
from landsea.domain.road import DrivingRules
from landsea.domain.timetable import (
    OnDemand,
    Product,
    Schedule,
    Service,
    Stop,
    Tariff,
    Weekday,
    WeeklySchedule,
)
from landsea.errors import DatasetError, InvalidCode, Problem
from landsea.feeds.provenance_checks import check_provenance
from landsea.units import LocationCode, ServiceId, great_circle_km

__all__ = ["SEA_DISTANCES_FILE", "DatasetReading", "SeaLeg", "load_dataset", "read_dataset"]

SEA_DISTANCES_FILE = "sea_distances.toml"

_SOURCE_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SERVICE_ID = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_DAYS = {day.name.lower(): day for day in Weekday}

_TOP_LEVEL = {
    "dataset", "circuity", "exchange_rates", "cutoff", "road", "fares", "source", "location",
    "service", "meta", "leg",
}  # fmt: skip
_LOCATION_FIELDS = {
    "locode", "aliases", "name", "country", "timezone", "kinds", "coordinates", "parent", "note",
    "handling", "customs",
}  # fmt: skip
_SERVICE_FIELDS = {
    "id", "name", "operator", "mode", "product", "capacity_teu", "reefer_plugs", "dangerous_goods",
    "schedule", "tariff", "stops", "cutoff_h", "note",
}  # fmt: skip
_STOP_FIELDS = {"at", "arrival_h", "departure_h", "distance_km", "dwell_h", "note"}
_E = TypeVar("_E", Mode, Product)


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


def load_dataset(path: str | Path) -> Network:
    """The network in the dataset folder ``path``.

    Raises
    ------
    DatasetError
        Listing every problem, when the dataset has any.
    """
    reading = read_dataset(path)
    if reading.network is None:
        raise DatasetError(str(path), reading.problems)
    return reading.network


def read_dataset(path: str | Path, *, require_sea_distances: bool = True) -> DatasetReading:
    """Read and check the dataset folder ``path``; never raises for problems in the data.

    With ``require_sea_distances=False`` a sea leg missing from ``sea_distances.toml`` is not a
    problem (that is how the file is generated in the first place).
    """
    reader = _Reader(Path(path), require_sea_distances=require_sea_distances)
    return reader.read()


@dataclass(slots=True)
class _Citation:
    file: str
    record: str
    field: str
    key: str


class _Reader:
    def __init__(self, root: Path, *, require_sea_distances: bool) -> None:
        self.root = root
        self.require_sea_distances = require_sea_distances
        self.result = DatasetReading(path=root)
        self.citations: list[_Citation] = []
        self.sources: dict[str, Source] = {}
        self.source_files: dict[str, str] = {}
        self.locations: dict[LocationCode, Location] = {}
        self.location_files: dict[str, str] = {}
        self.aliases: dict[str, LocationCode] = {}
        self.services: dict[ServiceId, Service] = {}
        self.service_files: dict[str, str] = {}
        self.circuity: dict[Mode, float] = {}
        self.cutoff: dict[Mode, float] = {}
        self.fixed_fare_share: dict[Mode, float] = {}
        self.driving_rules: DrivingRules | None = None
        self.exchange_rates: dict[str, Decimal] = {}
        self.info: DatasetInfo | None = None
        self.sea_distances: dict[tuple[str, str], float] = {}
        self.sea_distance_method = ""

    # -- problems -------------------------------------------------------------------------------

    def problem(self, file: str, record: str, field: str, message: str) -> None:
        self.result.problems.append(Problem(file=file, record=record, field=field, message=message))

    # -- driver ---------------------------------------------------------------------------------

    def read(self) -> DatasetReading:
        if not self.root.is_dir():
            self.problem(str(self.root), "", "", "is not a dataset folder")
            return self.result
        documents = list(self._documents())
        for name, document in documents:
            for key in document:
                if key not in _TOP_LEVEL:
                    self.problem(name, "", key, "unknown table (expected " + _expected(name) + ")")
            self._read_sources(name, document.get("source"))
        dataset_doc = dict(documents).get("dataset.toml")
        if dataset_doc is None:
            self.problem("dataset.toml", "", "", "missing: every dataset has a dataset.toml")
        else:
            self._read_dataset_toml(dataset_doc)
        sea_doc = dict(documents).get(SEA_DISTANCES_FILE)
        if sea_doc is not None:
            self._read_sea_distances(sea_doc)
        for name, document in documents:
            for index, table in enumerate(self._array(name, "", "location", document)):
                self._read_location(name, index, table)
        for name, document in documents:
            for index, table in enumerate(self._array(name, "", "service", document)):
                self._read_service(name, index, table)
        self._check_citations()
        self.result.problems += check_provenance(
            documents, self.locations, self.services, self.circuity, self.driving_rules,
            self.location_files | self.service_files,
        )  # fmt: skip
        if not self.result.problems and self.info is not None:
            self.result.network = Network(
                info=self.info,
                locations=dict(self.locations),
                services=dict(self.services),
                sources=dict(self.sources),
                circuity=dict(self.circuity),
                exchange_rates=dict(self.exchange_rates),
                cutoff_h=dict(self.cutoff),
                fixed_fare_share=dict(self.fixed_fare_share),
                driving_rules=self.driving_rules,
            )
        return self.result

    def _documents(self) -> Iterator[tuple[str, dict[str, Any]]]:
        files = sorted(self.root.glob("*.toml")) + sorted((self.root / "services").glob("*.toml"))
        for file in files:
            name = file.relative_to(self.root).as_posix()
            try:
                with file.open("rb") as handle:
                    yield name, tomllib.load(handle)
            except tomllib.TOMLDecodeError as exc:
                self.problem(name, "", "", f"not valid TOML: {exc}")
            except UnicodeDecodeError as exc:
                self.problem(name, "", "", f"not UTF-8 text: {exc}")

    def _array(self, file: str, record: str, key: str, table: dict[str, Any]) -> list[Any]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(file, record, key, f"must be an array of tables ([[{key}]])")
            return []
        return value

    # -- bibliography ---------------------------------------------------------------------------

    def _read_sources(self, file: str, tables: Any) -> None:
        if tables is None:
            return
        if not isinstance(tables, dict):
            self.problem(file, "", "source", "must be tables [source.<key>]")
            return
        for key, table in tables.items():
            record = f"source {key}"
            if not _SOURCE_KEY.fullmatch(key):
                self.problem(file, record, "", "key must be lowercase words joined by hyphens")
            if key in self.sources or key in self.source_files:
                other = self.source_files[key]
                self.problem(file, record, "", f"duplicate source key {key!r} (also in {other})")
                continue
            self.source_files[key] = file
            if not isinstance(table, dict):
                self.problem(file, record, "", "must be a table")
                continue
            r = _Record(self, file, record, table)
            r.allow({"publisher", "year", "date", "title", "url", "archive", "note"})
            publisher = r.text("publisher")
            year = table.get("year")
            if not isinstance(year, int) or isinstance(year, bool) or not 1800 <= year <= 2100:
                self.problem(file, record, "year", f"must be a year such as 2024, got {year!r}")
                year = None
            date = table.get("date")
            if date is not None and not isinstance(date, dt.date):
                self.problem(
                    file, record, "date", f"must be a TOML date (2024-03-19), got {date!r}"
                )
                date = None
            if publisher is not None and year is not None:
                self.sources[key] = Source(
                    key=key,
                    publisher=publisher,
                    year=year,
                    date=date,
                    title=r.text("title", required=False) or "",
                    url=r.text("url", required=False) or "",
                )

    def _check_citations(self) -> None:
        for citation in self.citations:
            if citation.key not in self.source_files:
                self.problem(
                    citation.file,
                    citation.record,
                    citation.field,
                    f"cites unknown source {citation.key!r} (no [source.{citation.key}] table)",
                )

    # -- dataset.toml ---------------------------------------------------------------------------

    def _read_dataset_toml(self, document: dict[str, Any]) -> None:
        file = "dataset.toml"
        meta = document.get("dataset")
        if not isinstance(meta, dict):
            self.problem(file, "dataset", "", "missing: a [dataset] table with id, name, version")
        else:
            r = _Record(self, file, "dataset", meta)
            r.allow({"id", "name", "version", "description"})
            ident, name, version = r.text("id"), r.names("name"), r.text("version")
            if ident is not None and name is not None and version is not None:
                description = r.text("description", required=False) or ""
                self.info = DatasetInfo(
                    id=ident, name=name, version=version, description=description.strip()
                )
        circuity = document.get("circuity", {})
        r = _Record(self, file, "circuity", circuity if isinstance(circuity, dict) else {})
        r.allow({mode.value for mode in Mode})
        for mode in (Mode.RAIL, Mode.ROAD, Mode.INLAND_WATERWAY):
            figure = r.figure(mode.value, minimum=1.0)
            if figure is not None:
                self.circuity[mode] = figure.value
        cutoff = document.get("cutoff", {})
        r = _Record(self, file, "cutoff", cutoff if isinstance(cutoff, dict) else {})
        r.allow({mode.value for mode in Mode})
        for mode in Mode:
            figure = r.figure(mode.value, minimum=0.0)
            if figure is not None:
                self.cutoff[mode] = figure.value
        fares = document.get("fares", {})
        r = _Record(self, file, "fares", fares if isinstance(fares, dict) else {})
        r.allow({f"{mode.value}_fixed_share" for mode in Mode})
        for mode in Mode:
            share = f"{mode.value}_fixed_share"
            if share in r.table:
                figure = r.figure(share, minimum=0.0)
                if figure is not None and figure.value > 1:
                    r.fail(share, f"a share is at most 1, got {figure.value:g}")
                elif figure is not None:
                    self.fixed_fare_share[mode] = figure.value
        road = document.get("road", {})
        r = _Record(self, file, "road", road if isinstance(road, dict) else {})
        fields = (
            "average_speed_kmh", "max_continuous_h", "break_h", "daily_driving_h", "daily_rest_h"
        )  # fmt: skip
        r.allow(set(fields))
        values = [r.figure(name, minimum=0.0, exclusive=name != "break_h") for name in fields]
        if all(v is not None for v in values):
            speed, continuous, pause, daily, rest = (v.value for v in values if v is not None)
            self.driving_rules = DrivingRules(
                average_speed_kmh=speed,
                max_continuous_h=continuous,
                break_h=pause,
                daily_driving_h=daily,
                daily_rest_h=rest,
            )
        rates = document.get("exchange_rates", {})
        for currency, value in rates.items() if isinstance(rates, dict) else []:
            r = _Record(self, file, "exchange_rates", rates)
            try:
                validate_currency(currency, field="currency")
            except InvalidCode as exc:
                self.problem(file, "exchange_rates", currency, str(exc))
                continue
            figure = r.figure(currency, minimum=0.0, exclusive=True)
            if figure is not None:
                self.exchange_rates[currency] = Decimal(str(value["value"]))

    # -- sea_distances.toml ---------------------------------------------------------------------

    def _read_sea_distances(self, document: dict[str, Any]) -> None:
        file = SEA_DISTANCES_FILE
        meta = document.get("meta", {})
        self.sea_distance_method = (
            str(meta.get("method", "searoute")) if isinstance(meta, dict) else ""
        )
        for index, leg in enumerate(self._array(file, "", "leg", document)):
            record = f"leg[{index}]"
            if not isinstance(leg, dict):
                self.problem(file, record, "", "must be a table")
                continue
            origin, destination, km = leg.get("from"), leg.get("to"), leg.get("km")
            if not isinstance(origin, str) or not isinstance(destination, str):
                self.problem(file, record, "from", "needs 'from' and 'to' location keys")
                continue
            if not isinstance(km, int | float) or isinstance(km, bool) or km <= 0:
                self.problem(file, record, "km", f"must be a positive distance, got {km!r}")
                continue
            self.sea_distances[SeaLeg(LocationCode(origin), LocationCode(destination)).key()] = (
                float(km)
            )

    # -- locations ------------------------------------------------------------------------------

    def _read_location(self, file: str, index: int, table: Any) -> None:
        if not isinstance(table, dict):
            self.problem(file, f"location[{index}]", "", "must be a table")
            return
        raw_code = table.get("locode")
        record = f"location {raw_code}" if isinstance(raw_code, str) else f"location[{index}]"
        r = _Record(self, file, record, table)
        r.allow(_LOCATION_FIELDS)
        code = r.text("locode")
        if code is not None:
            try:
                validate_location_key(code)
            except InvalidCode as exc:
                self.problem(file, record, "locode", str(exc))
                code = None
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
        country = r.text("country")
        if country is not None:
            try:
                validate_country(country)
            except InvalidCode as exc:
                self.problem(file, record, "country", str(exc))
                country = None
        if country is not None and code is not None and code[:2] != country:
            self.problem(
                file,
                record,
                "country",
                f"{country!r} does not match the locode's country {code[:2]!r}",
            )
        timezone = r.text("timezone")
        if timezone is not None:
            try:
                validate_timezone(timezone)
            except InvalidCode as exc:
                self.problem(file, record, "timezone", str(exc))
                timezone = None
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

    def _kinds(self, r: _Record) -> frozenset[LocationKind] | None:
        raw = r.table.get("kinds")
        if not isinstance(raw, list) or not raw:
            r.fail("kinds", f"must be a non-empty list of {_choices(LocationKind)}")
            return None
        kinds: set[LocationKind] = set()
        for item in raw:
            try:
                kinds.add(LocationKind(item))
            except ValueError:
                r.fail("kinds", f"unknown kind {item!r} (expected {_choices(LocationKind)})")
        return frozenset(kinds)

    def _aliases(self, r: _Record, code: str | None) -> tuple[str, ...]:
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

    def _coordinates(self, r: _Record) -> tuple[float, float, Provenance] | None:
        raw = r.table.get("coordinates")
        if not isinstance(raw, dict):
            r.fail("coordinates", "missing: { lat = …, lon = …, source = … }")
            return None
        numbers: list[float] = []
        for axis, limit in (("lat", 90.0), ("lon", 180.0)):
            value = raw.get(axis)
            if not _is_number(value):
                r.fail(f"coordinates.{axis}", f"must be a number, got {value!r}")
            elif not -limit <= float(value) <= limit:
                r.fail(f"coordinates.{axis}", f"{value} is out of range [-{limit:g}, {limit:g}]")
            else:
                numbers.append(float(value))
        where = r.provenance_of("coordinates", raw, extra={"lat", "lon"})
        if len(numbers) != 2 or where is None:
            return None
        return numbers[0], numbers[1], where

    def _handling(self, r: _Record, kinds: frozenset[LocationKind] | None) -> Handling | None:
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
        self, r: _Record, kinds: frozenset[LocationKind] | None, country: str | None
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

    # -- services -------------------------------------------------------------------------------

    def _read_service(self, file: str, index: int, table: Any) -> None:
        if not isinstance(table, dict):
            self.problem(file, f"service[{index}]", "", "must be a table")
            return
        raw_id = table.get("id")
        record = f"service {raw_id}" if isinstance(raw_id, str) else f"service[{index}]"
        r = _Record(self, file, record, table)
        r.allow(_SERVICE_FIELDS)
        ident = r.text("id")
        if ident is not None and not _SERVICE_ID.fullmatch(ident):
            r.fail("id", f"{ident!r} must be capitals, digits and hyphens (e.g. 'SR-CQ-QZH')")
            ident = None
        if ident is not None and ident in self.service_files:
            other = self.service_files[ident]
            self.problem(file, record, "id", f"duplicate service id {ident!r} (also in {other})")
            return
        if ident is not None:
            self.service_files[ident] = file
        name = r.names("name")
        operator = r.text("operator")
        mode = r.choice("mode", Mode)
        product = r.choice("product", Product)
        capacity = r.figure("capacity_teu", minimum=0.0, integer=True)
        plugs = r.figure("reefer_plugs", minimum=0.0, integer=True)
        dangerous = table.get("dangerous_goods")
        if not isinstance(dangerous, bool):
            r.fail("dangerous_goods", f"must be true or false, got {dangerous!r}")
        schedule = self._schedule(r)
        tariff = self._tariff(r)
        stops = self._stops(r, mode, schedule)
        cutoff = r.figure("cutoff_h", minimum=0.0) if "cutoff_h" in table else None
        if (
            ident is None or name is None or operator is None or mode is None or product is None
            or capacity is None or plugs is None or not isinstance(dangerous, bool)
            or schedule is None or tariff is None or stops is None or r.failed
        ):  # fmt: skip
            return
        self.services[ServiceId(ident)] = Service(
            id=ServiceId(ident),
            name=name,
            operator=operator,
            mode=mode,
            product=product,
            stops=stops,
            schedule=schedule,
            capacity_teu=int(capacity.value),
            reefer_plugs=int(plugs.value),
            dangerous_goods=dangerous,
            tariff=tariff,
            cutoff_h=cutoff.value if cutoff is not None else None,
            note=r.text("note", required=False) or "",
            provenance=r.provenance,
        )

    def _schedule(self, r: _Record) -> Schedule | None:
        sub = r.sub("schedule", r.table.get("schedule"))
        if sub is None:
            return None
        raw = sub.table
        r.provenance_of(
            "schedule", raw, extra={"days", "times", "on_demand", "every_weeks", "anchor"}
        )
        if raw.get("on_demand") is True:
            if "days" in raw or "times" in raw:
                sub.fail("on_demand", "an on-demand service has no days or times")
                return None
            return OnDemand()
        days_raw, times_raw = raw.get("days"), raw.get("times")
        days: set[Weekday] = set()
        if not isinstance(days_raw, list) or not days_raw:
            sub.fail("days", "must list weekdays (mon … sun) or ['daily'], or set on_demand = true")
        else:
            for day in days_raw:
                if day == "daily":
                    days.update(Weekday)
                elif isinstance(day, str) and day.lower() in _DAYS:
                    days.add(_DAYS[day.lower()])
                else:
                    sub.fail("days", f"unknown weekday {day!r} (expected mon … sun or daily)")
        times: list[dt.time] = []
        if not isinstance(times_raw, list) or not times_raw:
            sub.fail("times", "must list departure times such as ['18:00']")
        else:
            for text in times_raw:
                match = _HHMM.fullmatch(text) if isinstance(text, str) else None
                if match is None:
                    sub.fail("times", f"{text!r} is not a time HH:MM")
                else:
                    times.append(dt.time(int(match[1]), int(match[2])))
        every = raw.get("every_weeks", 1)
        anchor = raw.get("anchor")
        if not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= 8:
            sub.fail("every_weeks", f"must be a whole number of weeks from 1 to 8, got {every!r}")
        elif every > 1 and not isinstance(anchor, dt.date):
            sub.fail("anchor", "every_weeks > 1 needs anchor = <a date in a week with departures>")
        elif anchor is not None and not isinstance(anchor, dt.date):
            sub.fail("anchor", f"must be a TOML date such as 2026-01-03, got {anchor!r}")
        if not days or not times or sub.failed:
            return None
        return WeeklySchedule(
            days=frozenset(days),
            times=tuple(sorted(set(times))),
            every_weeks=every,
            anchor=anchor if isinstance(anchor, dt.date) else None,
        )

    def _tariff(self, r: _Record) -> Tariff | None:
        sub = r.sub("tariff", r.table.get("tariff"))
        if sub is None:
            return None
        sub.allow({"currency", "per_teu", "per_feu"})
        currency = sub.currency("currency")
        per_teu = sub.figure("per_teu", minimum=0.0)
        per_feu = sub.figure("per_feu", minimum=0.0)
        if currency is None or per_teu is None or per_feu is None:
            return None
        return Tariff(
            per_teu=Money(Decimal(str(per_teu.value)), currency),
            per_feu=Money(Decimal(str(per_feu.value)), currency),
        )

    def _stops(
        self, r: _Record, mode: Mode | None, schedule: Schedule | None
    ) -> tuple[Stop, ...] | None:
        raw = r.table.get("stops")
        if not isinstance(raw, list) or len(raw) < 2:
            r.fail("stops", "needs at least two stops ([[service.stops]])")
            return None
        drive = (
            mode is Mode.ROAD
            and isinstance(schedule, OnDemand)
            and all(
                isinstance(t, dict) and "arrival_h" not in t and "departure_h" not in t
                for t in raw[1:]
            )
        )
        if drive and self.driving_rules is None:
            r.fail("stops", "driving times need the [road] table of dataset.toml")
            return None
        stops: list[Stop] = []
        driven_km = 0.0
        dwelt_h = 0.0
        previous_time = 0.0
        previous_code: LocationCode | None = None
        last = len(raw) - 1
        ok = True
        for i, table in enumerate(raw):
            prefix = f"stops[{i}]"
            if not isinstance(table, dict):
                r.fail(prefix, "must be a table")
                ok = False
                continue
            s = _Record(self, r.file, r.record, table, prefix=prefix + ".", parent=r)
            s.allow(_STOP_FIELDS)
            code = self._stop_location(s, table.get("at"))
            arrival = departure = None
            if i == 0:
                if "arrival_h" in table:
                    s.fail("arrival_h", "the first stop has no arrival")
                first = table.get("departure_h", 0)
                first_value = first.get("value") if isinstance(first, dict) else first
                if first_value != 0:
                    s.fail(
                        "departure_h", f"the first stop departs at offset 0, got {first_value!r}"
                    )
                departure = 0.0
            elif drive:
                pass  # computed from the distance below
            elif "dwell_h" in table:
                s.fail("dwell_h", "only for computed driving times; give departure_h instead")
            else:
                a = s.figure("arrival_h", minimum=0.0)
                if a is not None:
                    arrival = a.value
                    if arrival <= previous_time:
                        s.fail(
                            "arrival_h",
                            f"{arrival:g} h does not come after the previous stop's departure "
                            f"at {previous_time:g} h",
                        )
                    previous_time = max(previous_time, arrival)
                if i == last:
                    if "departure_h" in table:
                        s.fail("departure_h", "the last stop has no departure")
                else:
                    d = s.figure("departure_h", minimum=0.0)
                    if d is not None:
                        departure = d.value
                        if arrival is not None and departure < arrival:
                            s.fail(
                                "departure_h",
                                f"{departure:g} h is before the arrival at {arrival:g} h",
                            )
                        previous_time = max(previous_time, departure)
            distance = 0.0
            if i > 0 and code is not None and previous_code is not None:
                if code == previous_code:
                    s.fail("at", f"{code!r} is the same place as the previous stop")
                distance = self._distance(s, mode, previous_code, code)
            elif i == 0 and "distance_km" in table:
                s.fail("distance_km", "the first stop has no distance from a previous stop")
            previous_code = code
            if drive and i > 0 and self.driving_rules is not None:
                driven_km += distance
                driving = self.driving_rules.elapsed_hours(driven_km)
                arrival = driving + dwelt_h
                if "dwell_h" in table and i == last:
                    s.fail("dwell_h", "the last stop has no dwell")
                elif "dwell_h" in table:
                    dwell = s.figure("dwell_h", minimum=0.0)
                    dwelt_h += dwell.value if dwell is not None else 0.0
                departure = None if i == last else driving + dwelt_h
                s.provenance[s.prefix + "arrival_h"] = Provenance.computed(
                    "driving time at the average speed with drivers' rest ([road] in dataset.toml)"
                )
            if code is None or s.failed:
                ok = False
                continue
            stops.append(
                Stop(
                    location=code,
                    arrival=None if arrival is None else dt.timedelta(hours=arrival),
                    departure=None if departure is None else dt.timedelta(hours=departure),
                    distance_km=distance,
                )
            )
        return tuple(stops) if ok else None

    def _stop_location(self, s: _Record, at: Any) -> LocationCode | None:
        if not isinstance(at, str) or not at:
            s.fail("at", f"must be a location key, got {at!r}")
            return None
        if at in self.location_files:
            return LocationCode(at)
        if at in self.aliases:
            return self.aliases[at]
        s.fail("at", f"unknown location {at!r}")
        return None

    def _distance(
        self, s: _Record, mode: Mode | None, origin: LocationCode, destination: LocationCode
    ) -> float:
        if mode is Mode.SEA:
            if "distance_km" in s.table:
                s.fail(
                    "distance_km",
                    "sea distances come from the searoute package (sea_distances.toml); "
                    "remove this figure",
                )
                return 0.0
            leg = SeaLeg(origin, destination)
            self.result.sea_legs.add(leg)
            km = self.sea_distances.get(leg.key())
            if km is None:
                if self.require_sea_distances:
                    s.fail(
                        "at",
                        f"no sea distance for {origin} → {destination} in {SEA_DISTANCES_FILE}; "
                        "run `landsea network sea-distances`",
                    )
                return 0.0
            s.provenance[s.prefix + "distance_km"] = Provenance.computed(
                f"sea distance {self.sea_distance_method}"
            )
            return km
        if "distance_km" in s.table:
            figure = s.figure("distance_km", minimum=0.0, exclusive=True)
            return figure.value if figure is not None else 0.0
        a = self.result.coordinates.get(origin)
        b = self.result.coordinates.get(destination)
        factor = self.circuity.get(mode) if mode is not None else None
        if a is None or b is None or factor is None:
            return 0.0  # the cause (bad coordinates or circuity) is reported where it lies
        s.provenance[s.prefix + "distance_km"] = Provenance.computed(
            f"great-circle distance × {mode.value if mode else ''} circuity factor {factor:g}"
        )
        return round(great_circle_km(a[0], a[1], b[0], b[1]) * factor, 1)


@dataclass(slots=True)
class _Figure:
    value: float
    provenance: Provenance


class _Record:
    """Reads the fields of one record, reporting each problem with file, record and field."""

    def __init__(
        self,
        reader: _Reader,
        file: str,
        record: str,
        table: dict[str, Any],
        *,
        prefix: str = "",
        parent: _Record | None = None,
    ) -> None:
        self.reader = reader
        self.file = file
        self.record = record
        self.table = table
        self.prefix = prefix
        self.parent = parent
        self.failed = False
        self.provenance: dict[str, Provenance] = parent.provenance if parent else {}

    def fail(self, field: str, message: str) -> None:
        self.failed = True
        if self.parent is not None:
            self.parent.failed = True
        self.reader.problem(self.file, self.record, self.prefix + field, message)

    def allow(self, fields: set[str]) -> None:
        for key in self.table:
            if key not in fields:
                self.fail(key, f"unknown field (expected one of {', '.join(sorted(fields))})")

    def sub(self, name: str, raw: Any) -> _Record | None:
        if not isinstance(raw, dict):
            self.fail(name, "missing: a table" if raw is None else f"must be a table, got {raw!r}")
            return None
        return _Record(
            self.reader, self.file, self.record, raw, prefix=f"{self.prefix}{name}.", parent=self
        )

    def text(self, name: str, *, required: bool = True) -> str | None:
        value = self.table.get(name)
        if value is None:
            if required:
                self.fail(name, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(name, f"must be non-empty text, got {value!r}")
            return None
        return value.strip()

    def names(self, name: str) -> LocalizedName | None:
        value = self.table.get(name)
        if not isinstance(value, dict):
            self.fail(name, "missing: { en = …, zh = … }")
            return None
        sub = _Record(
            self.reader, self.file, self.record, value, prefix=f"{self.prefix}{name}.", parent=self
        )
        sub.allow({"en", "zh"})
        en, zh = sub.text("en"), sub.text("zh")
        if en is None or zh is None:
            return None
        return LocalizedName(en=en, zh=zh)

    def choice(self, name: str, enum: type[_E]) -> _E | None:
        value = self.table.get(name)
        try:
            return enum(value if isinstance(value, str) else "")
        except ValueError:
            self.fail(name, f"unknown {name} {value!r} (expected {_choices(enum)})")
            return None

    def currency(self, name: str) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return validate_currency(value, field=name)
        except InvalidCode as exc:
            self.fail(name, str(exc))
            return None

    def figure(
        self,
        name: str,
        *,
        minimum: float | None = None,
        exclusive: bool = False,
        integer: bool = False,
    ) -> _Figure | None:
        raw = self.table.get(name)
        if raw is None:
            self.fail(name, "missing: { value = …, source = … }")
            return None
        if _is_number(raw):
            self.fail(name, f"figure without a source: write {{ value = {raw}, source = … }}")
            return None
        if not isinstance(raw, dict):
            self.fail(name, f"must be {{ value = …, source = … }}, got {raw!r}")
            return None
        value = raw.get("value")
        if not _is_number(value):
            self.fail(name, f"value must be a number, got {value!r}")
            return None
        number = float(value)
        if minimum is not None and (number < minimum or (exclusive and number == minimum)):
            word = "greater than" if exclusive else "at least"
            if minimum == 0 and not exclusive:
                self.fail(name, f"must not be negative, got {value}")
            else:
                self.fail(name, f"must be {word} {minimum:g}, got {value}")
            return None
        if integer and not number.is_integer():
            self.fail(name, f"must be a whole number, got {value}")
            return None
        provenance = self.provenance_of(name, raw, extra={"value"})
        if provenance is None:
            return None
        return _Figure(value=number, provenance=provenance)

    def provenance_of(
        self, name: str, raw: dict[str, Any], *, extra: set[str], prefix: str | None = None
    ) -> Provenance | None:
        """Where the figure ``raw`` comes from; ``extra`` are its fields besides the provenance."""
        for key in raw:
            if key not in extra | {"source", "estimate", "note"}:
                self.fail(f"{name}.{key}", "unknown field")
                return None
        source, estimate, note = raw.get("source"), raw.get("estimate"), raw.get("note", "")
        if source is not None and estimate is not None:
            self.fail(name, "gives both source and estimate; a figure has one or the other")
            return None
        if source is None and estimate is None:
            self.fail(name, 'figure without a source: add source = "<key>" or estimate = "<how>"')
            return None
        if not isinstance(note, str):
            self.fail(f"{name}.note", f"must be text, got {note!r}")
            return None
        path = (self.prefix if prefix is None else prefix) + name
        if source is not None:
            if not isinstance(source, str) or not source:
                self.fail(name, f"source must be a bibliography key, got {source!r}")
                return None
            self.reader.citations.append(
                _Citation(self.file, self.record, self.prefix + name, source)
            )
            provenance = Provenance.cited(source, note)
        else:
            if not isinstance(estimate, str) or len(estimate.strip()) < 10:
                self.fail(name, f"estimate must say how it was made, got {estimate!r}")
                return None
            provenance = Provenance.estimated(estimate.strip(), note)
        self.provenance[path] = provenance
        return provenance


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _choices(enum: type[Mode] | type[Product] | type[LocationKind]) -> str:
    return ", ".join(member.value for member in enum)


def _expected(file: str) -> str:
    if file == "dataset.toml":
        return "[dataset], [circuity], [cutoff], [road], [fares], [exchange_rates] or [source.*]"
    if file == SEA_DISTANCES_FILE:
        return "[meta] and [[leg]]"
    return "[[location]], [[service]] or [source.*]"
