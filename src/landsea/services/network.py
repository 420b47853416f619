"""Use cases of the corridor network: find, load, check, describe and draw a dataset."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from landsea.domain.network import Location, Network
from landsea.domain.timetable import Departure, Service
from landsea.errors import InvalidInput, UnknownLocation
from landsea.feeds.dataset import DatasetReading as DatasetReading
from landsea.feeds.dataset import SeaLeg, load_dataset, read_dataset
from landsea.feeds.geojson import network_geojson
from landsea.feeds.provenance_checks import Coverage, DatedFigure, coverage, dated_figures
from landsea.feeds.sea_routes import sea_route, write_sea_distances
from landsea.units import LocationCode, ServiceId

__all__ = [
    "BUILT_IN",
    "Coverage",
    "DatasetReading",
    "DatedFigure",
    "dataset_coverage",
    "dataset_path",
    "departures_document",
    "leg_line",
    "load_network",
    "location_document",
    "network_document",
    "network_geojson",
    "regenerate_sea_distances",
    "resolve_place",
    "service_document",
    "validate_dataset",
]

BUILT_IN = ("ilstc",)
"""Names of the datasets that ship with landsea."""

_cache: dict[tuple[str, tuple[tuple[str, int], ...]], Network] = {}


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
    network = _cache.get(key)
    if network is None:
        network = load_dataset(root)
        _cache.clear()
        _cache[key] = network
    return network


def validate_dataset(spec: str = "ilstc") -> DatasetReading:
    """Every problem of dataset ``spec`` (a clean dataset has none)."""
    return read_dataset(dataset_path(spec))


def dataset_coverage(network: Network) -> tuple[list[Coverage], list[DatedFigure]]:
    """The share of sourced figures per kind, and the figures of those kinds cited to dated sources."""
    services = network.services.values()
    return coverage(services), dated_figures(services, network.sources)


def regenerate_sea_distances(spec: str = "ilstc") -> list[tuple[SeaLeg, float]]:
    """Recompute the sea distances of dataset ``spec`` with searoute and store them."""
    return write_sea_distances(dataset_path(spec))


def resolve_place(network: Network, query: str, field: str) -> Location:
    """The place ``query`` names; an unknown one is invalid input naming ``field``."""
    try:
        return network.location(query)
    except UnknownLocation as exc:
        raise InvalidInput(f"{field}: {exc.message}") from None


def location_document(location: Location) -> dict[str, Any]:
    """A place in the JSON shape of DESIGN.md, with its parameters and their provenance."""
    document: dict[str, Any] = {
        "locode": location.code,
        "name": location.name.as_dict(),
        "lat": location.lat,
        "lon": location.lon,
        "country": location.country,
        "kinds": sorted(kind.value for kind in location.kinds),
        "aliases": list(location.aliases),
        "timezone": location.timezone,
    }
    if location.parent:
        document["parent"] = location.parent
    if location.handling:
        document["handling"] = {
            "hours": location.handling.hours,
            "cost": location.handling.cost.as_dict(),
        }
    if location.customs:
        document["customs"] = {
            "typical_hours": location.customs.typical_hours,
            "p90_hours": location.customs.p90_hours,
            "border": "-".join(location.customs.border) or None,
            "import_typical_hours": location.customs.import_typical_hours,
            "export_typical_hours": location.customs.export_typical_hours,
        }
    if location.note:
        document["note"] = location.note
    document["provenance"] = {key: p.as_dict() for key, p in sorted(location.provenance.items())}
    return document


def service_document(service: Service) -> dict[str, Any]:
    """A service in the JSON shape of DESIGN.md, with its figures' provenance."""
    schedule: dict[str, Any]
    if service.on_demand:
        schedule = {"on_demand": True}
    else:
        schedule = {"on_demand": False, "weekly": service.schedule.describe()}
    return {
        "id": service.id,
        "name": service.name.as_dict(),
        "mode": service.mode.value,
        "product": service.product.value,
        "operator": service.operator,
        "stops": [
            {
                "locode": stop.location,
                "arrival_h": None if stop.arrival is None else stop.arrival.total_seconds() / 3600,
                "departure_h": (
                    None if stop.departure is None else stop.departure.total_seconds() / 3600
                ),
                "distance_km": stop.distance_km,
            }
            for stop in service.stops
        ],
        "schedule": schedule,
        "transit_hours": service.transit_time.total_seconds() / 3600,
        "distance_km": round(service.distance_km, 1),
        "capacity_teu": service.capacity_teu,
        "reefer_plugs": service.reefer_plugs,
        "dangerous_goods": service.dangerous_goods,
        "tariff": {
            "per_teu": service.tariff.per_teu.as_dict(),
            "per_feu": service.tariff.per_feu.as_dict(),
        },
        "note": service.note,
        "provenance": {key: p.as_dict() for key, p in sorted(service.provenance.items())},
    }


def network_document(network: Network) -> dict[str, Any]:
    """The whole network as the JSON of ``landsea network show --format json``."""
    return {
        "dataset": {
            "id": network.info.id,
            "name": network.info.name.as_dict(),
            "version": network.info.version,
        },
        "locations": [location_document(loc) for _, loc in sorted(network.locations.items())],
        "services": [service_document(svc) for _, svc in sorted(network.services.items())],
        "sources": [
            {
                "key": source.key,
                "publisher": source.publisher,
                "year": source.year,
                "date": source.date.isoformat() if source.date else None,
                "title": source.title,
                "url": source.url,
            }
            for _, source in sorted(network.sources.items())
        ],
    }


def departures_document(network: Network, departures: list[Departure]) -> list[dict[str, Any]]:
    """Dated departures with each call's local and UTC times."""
    out = []
    for departure in departures:
        calls = []
        for call in departure.calls:
            zone = network.locations[call.location].timezone
            calls.append(
                {
                    "locode": call.location,
                    "arrival": _iso(call.arrival, zone),
                    "departure": _iso(call.departure, zone),
                }
            )
        out.append(
            {
                "id": departure.id,
                "service_id": departure.service_id,
                "departure": calls[0]["departure"],
                "arrival": calls[-1]["arrival"],
                "capacity_teu": departure.capacity_teu,
                "reefer_plugs": departure.reefer_plugs,
                "calls": calls,
            }
        )
    return out


def _iso(moment: dt.datetime | None, zone: str) -> str | None:
    """ISO 8601 in the place's local time, with its UTC offset."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(zone)).isoformat()


_lines: dict[tuple[int, str, str, str], list[list[float]]] = {}


def leg_line(network: Network, service_id: str, origin: str, destination: str) -> list[list[float]]:
    """The [lon, lat] line of a ride on a service from one stop to a later one: along searoute
    at sea, straight between the stops on land (remembered per process)."""
    key = (id(network), service_id, origin, destination)
    if key in _lines:
        return _lines[key]
    from landsea.domain.network import Mode

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
