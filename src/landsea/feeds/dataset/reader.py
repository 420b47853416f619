"""Reading a dataset folder: every file, every table, then the network when nothing is wrong."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from landsea.domain.network import Network
from landsea.errors import DatasetError
from landsea.feeds.dataset.bibliography import BibliographyReader
from landsea.feeds.dataset.corridor import CorridorReader
from landsea.feeds.dataset.documents import Document
from landsea.feeds.dataset.location_tables import LocationReader
from landsea.feeds.dataset.reading import SEA_DISTANCES_FILE, DatasetReading
from landsea.feeds.dataset.service_tables import ServiceReader
from landsea.feeds.provenance_checks import check_provenance

_TOP_LEVEL = {
    "dataset", "circuity", "exchange_rates", "cutoff", "road", "fares", "source", "location",
    "service", "meta", "leg",
}  # fmt: skip

__all__ = ["Reader", "load_dataset", "read_dataset", "read_documents"]


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
    reader = Reader(Path(path), require_sea_distances=require_sea_distances)
    return reader.read()


def read_documents(documents: list[Document], *, name: str = "database") -> DatasetReading:
    """Read and check a dataset given as documents (a network kept in the database) by the same
    code as a folder: one validation for files, imports and what operators publish."""
    reader = Reader(Path(name), require_sea_distances=True, documents=documents)
    return reader.read()


class Reader(BibliographyReader, CorridorReader, LocationReader, ServiceReader):
    """Reads a dataset folder, part by part; :meth:`read` is the whole of it."""

    def __init__(
        self, root: Path, *, require_sea_distances: bool, documents: list[Document] | None = None
    ) -> None:
        super().__init__(root, require_sea_distances=require_sea_distances)
        self.given = documents

    # -- driver ---------------------------------------------------------------------------------

    def read(self) -> DatasetReading:
        if self.given is None and not self.root.is_dir():
            self.problem(str(self.root), "", "", "is not a dataset folder")
            return self.result
        documents = list(self._documents()) if self.given is None else self.given
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
            for index, table in enumerate(self.array(name, "", "location", document)):
                self._read_location(name, index, table)
        for name, document in documents:
            for index, table in enumerate(self.array(name, "", "service", document)):
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


def _expected(file: str) -> str:
    if file == "dataset.toml":
        return "[dataset], [circuity], [cutoff], [road], [fares], [exchange_rates] or [source.*]"
    if file == SEA_DISTANCES_FILE:
        return "[meta] and [[leg]]"
    return "[[location]], [[service]] or [source.*]"
