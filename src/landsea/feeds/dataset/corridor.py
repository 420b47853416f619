"""The corridor-wide tables: ``dataset.toml`` (circuity, cut-off, fares, road rules, exchange
rates) and ``sea_distances.toml``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from landsea.domain.codes import validate_currency
from landsea.domain.network import (
    DatasetInfo,
    Mode,
)
from landsea.domain.road import DrivingRules
from landsea.errors import InvalidCode
from landsea.feeds.dataset.reading import SEA_DISTANCES_FILE, SeaLeg
from landsea.feeds.dataset.records import Record
from landsea.feeds.dataset.state import ReaderState
from landsea.units import LocationCode

__all__ = ["CorridorReader"]


class CorridorReader(ReaderState):
    """Reads ``dataset.toml`` and ``sea_distances.toml``."""

    def _read_dataset_toml(self, document: dict[str, Any]) -> None:
        file = "dataset.toml"
        meta = document.get("dataset")
        if not isinstance(meta, dict):
            self.problem(file, "dataset", "", "missing: a [dataset] table with id, name, version")
        else:
            r = Record(self, file, "dataset", meta)
            r.allow({"id", "name", "version", "description"})
            ident, name, version = r.text("id"), r.names("name"), r.text("version")
            if ident is not None and name is not None and version is not None:
                description = r.text("description", required=False) or ""
                self.info = DatasetInfo(
                    id=ident, name=name, version=version, description=description.strip()
                )
        circuity = document.get("circuity", {})
        r = Record(self, file, "circuity", circuity if isinstance(circuity, dict) else {})
        r.allow({mode.value for mode in Mode})
        for mode in (Mode.RAIL, Mode.ROAD, Mode.INLAND_WATERWAY):
            figure = r.figure(mode.value, minimum=1.0)
            if figure is not None:
                self.circuity[mode] = figure.value
        cutoff = document.get("cutoff", {})
        r = Record(self, file, "cutoff", cutoff if isinstance(cutoff, dict) else {})
        r.allow({mode.value for mode in Mode})
        for mode in Mode:
            figure = r.figure(mode.value, minimum=0.0)
            if figure is not None:
                self.cutoff[mode] = figure.value
        fares = document.get("fares", {})
        r = Record(self, file, "fares", fares if isinstance(fares, dict) else {})
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
        r = Record(self, file, "road", road if isinstance(road, dict) else {})
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
            r = Record(self, file, "exchange_rates", rates)
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
        for index, leg in enumerate(self.array(file, "", "leg", document)):
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
