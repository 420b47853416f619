"""Use cases of the corridor network: find, load, check, describe and draw a dataset.

The dataset readers (:mod:`landsea.feeds`) load when a dataset is read, checked or drawn, not
with this module: a one-shot ``landsea plan`` takes its network from the disk cache and needs
none of them (docs/performance.md, start-up).
"""

from __future__ import annotations

import importlib
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landsea.domain.network import Location, Mode, Network
from landsea.domain.timetable import Service
from landsea.errors import InvalidInput, UnknownLocation
from landsea.services.cache import TtlCache
from landsea.units import LocationCode, ServiceId

if TYPE_CHECKING:
    from landsea.feeds.dataset import DatasetReading as DatasetReading
    from landsea.feeds.dataset import SeaLeg
    from landsea.feeds.geojson import network_geojson as network_geojson
    from landsea.feeds.provenance_checks import Coverage as Coverage
    from landsea.feeds.provenance_checks import DatedFigure as DatedFigure

__all__ = [
    "BUILT_IN",
    "Coverage",
    "DatasetReading",
    "DatedFigure",
    "dataset_coverage",
    "dataset_path",
    "find_services",
    "leg_line",
    "load_network",
    "network_geojson",
    "regenerate_sea_distances",
    "resolve_place",
    "validate_dataset",
]

_REEXPORTED = {
    "Coverage": "landsea.feeds.provenance_checks",
    "DatasetReading": "landsea.feeds.dataset",
    "DatedFigure": "landsea.feeds.provenance_checks",
    "network_geojson": "landsea.feeds.geojson",
}


if not TYPE_CHECKING:  # mypy sees the names imported above, and no catch-all

    def __getattr__(name: str) -> Any:
        """The names re-exported from :mod:`landsea.feeds`, loaded on first use (PEP 562)."""
        if name not in _REEXPORTED:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return getattr(importlib.import_module(_REEXPORTED[name]), name)


BUILT_IN = ("ilstc",)
"""Names of the datasets that ship with landsea."""

_networks = TtlCache[tuple[str, tuple[tuple[str, int], ...]], Network](
    "networks", ttl=None, max_entries=1
)
"""The network last read, by its folder and its files' modification times (read before any
platform exists, so held by the process: :mod:`landsea.services.cache`)."""


def dataset_path(spec: str) -> Path:
    """The folder of the dataset ``spec``: a built-in name (``ilstc``) or a path."""
    if spec in BUILT_IN:
        return Path(str(files("landsea") / "data" / spec))
    path = Path(spec).expanduser()
    if not path.is_dir():
        raise InvalidInput(
            f"network {spec!r} is neither a built-in dataset ({', '.join(BUILT_IN)}) "
            "nor a dataset folder"
        )
    return path


def load_network(spec: str = "ilstc") -> Network:
    """The network of dataset ``spec``, read once per process and again when a file changes."""
    root = dataset_path(spec)
    stamp = tuple(
        sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*.toml") if p.is_file())
    )
    key = (str(root.resolve()), stamp)
    from landsea.feeds.dataset import load_dataset

    return _networks.get_or_make(key, lambda: load_dataset(root))


def validate_dataset(spec: str = "ilstc") -> DatasetReading:
    """Every problem of dataset ``spec`` (a clean dataset has none)."""
    from landsea.feeds.dataset import read_dataset

    return read_dataset(dataset_path(spec))


def dataset_coverage(network: Network) -> tuple[list[Coverage], list[DatedFigure]]:
    """The share of sourced figures per kind, and the figures of those kinds cited to dated sources."""
    from landsea.feeds.provenance_checks import coverage, dated_figures

    services = network.services.values()
    return coverage(services), dated_figures(services, network.sources)


def regenerate_sea_distances(spec: str = "ilstc") -> list[tuple[SeaLeg, float]]:
    """Recompute the sea distances of dataset ``spec`` with searoute and store them."""
    from landsea.feeds.sea_routes import write_sea_distances

    return write_sea_distances(dataset_path(spec))


def resolve_place(network: Network, query: str, field: str) -> Location:
    """The place ``query`` names; an unknown one is invalid input naming ``field``."""
    try:
        return network.location(query)
    except UnknownLocation as exc:
        raise InvalidInput(f"{field}: {exc.message}") from None


def find_services(
    network: Network, *, place: str | None = None, mode: Mode | None = None
) -> list[Service]:
    """The services of ``network`` calling at ``place`` (code, alias or name) and of ``mode``,
    by id; every service when neither is given."""
    code = None if place is None else network.location(place).code
    return [
        service
        for _, service in sorted(network.services.items())
        if (mode is None or service.mode is mode)
        and (code is None or any(stop.location == code for stop in service.stops))
    ]


_lines: dict[tuple[int, str, str, str], list[list[float]]] = {}


def leg_line(network: Network, service_id: str, origin: str, destination: str) -> list[list[float]]:
    """The [lon, lat] line of a ride on a service from one stop to a later one: along searoute
    at sea, straight between the stops on land (remembered per process)."""
    key = (id(network), service_id, origin, destination)
    if key in _lines:
        return _lines[key]
    from landsea.feeds.sea_routes import sea_route

    service = network.services[ServiceId(service_id)]
    calls = [str(stop.location) for stop in service.stops]
    board = calls.index(origin)
    alight = calls.index(destination, board + 1)
    line: list[list[float]] = []
    for before, after in zip(calls[board:alight], calls[board + 1 : alight + 1], strict=True):
        a, b = network.locations[LocationCode(before)], network.locations[LocationCode(after)]
        if service.mode is Mode.SEA:
            route = sea_route((a.lat, a.lon), (b.lat, b.lon))
            segment = [[round(x, 4), round(y, 4)] for x, y in route.coordinates]
        else:
            segment = [[a.lon, a.lat], [b.lon, b.lat]]
        line.extend(segment if not line else segment[1:])
    if len(_lines) > 5000:
        _lines.clear()
    _lines[key] = line
    return line
