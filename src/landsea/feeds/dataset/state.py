"""What the reader has collected so far, shared by the parts that read each kind of table.

Every problem goes to :meth:`ReaderState.problem` with the file, record and field it concerns;
the reader never stops at the first one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from landsea.domain.network import (
    DatasetInfo,
    Location,
    Mode,
)
from landsea.domain.provenance import Source
from landsea.domain.road import DrivingRules
from landsea.domain.timetable import Service
from landsea.errors import Problem
from landsea.feeds.dataset.reading import DatasetReading
from landsea.units import LocationCode, ServiceId

__all__ = ["Citation", "ReaderState"]


@dataclass(slots=True)
class Citation:
    """A figure's reference to a ``[source.<key>]`` table, checked once every file is read."""

    file: str
    record: str
    field: str
    key: str


class ReaderState:
    """The dataset read so far: sources, locations, services and the corridor-wide tables."""

    def __init__(self, root: Path, *, require_sea_distances: bool) -> None:
        self.root = root
        self.require_sea_distances = require_sea_distances
        self.result = DatasetReading(path=root)
        self.citations: list[Citation] = []
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

    def array(self, file: str, record: str, key: str, table: dict[str, Any]) -> list[Any]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(file, record, key, f"must be an array of tables ([[{key}]])")
            return []
        return value
