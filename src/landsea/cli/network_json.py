"""The JSON of ``landsea network show|place|departures --format json`` (DESIGN.md's contract),
made here, at the face, from the domain's network, places, services and departures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from landsea.domain.network import Location, Network
from landsea.domain.timetable import Departure, Service

__all__ = ["departures_json", "location_json", "network_json", "service_json"]


def location_json(location: Location) -> dict[str, Any]:
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


def _hours(offset: dt.timedelta | None) -> float | None:
    return None if offset is None else offset.total_seconds() / 3600


def service_json(service: Service) -> dict[str, Any]:
    """A service in the JSON shape of DESIGN.md, with its figures' provenance."""
    schedule: dict[str, Any] = {"on_demand": service.on_demand}
    if not service.on_demand:
        schedule["weekly"] = service.schedule.describe()
    return {
        "id": service.id,
        "name": service.name.as_dict(),
        "mode": service.mode.value,
        "product": service.product.value,
        "operator": service.operator,
        "stops": [
            {
                "locode": stop.location,
                "arrival_h": _hours(stop.arrival),
                "departure_h": _hours(stop.departure),
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


def network_json(network: Network, services: list[Service] | None = None) -> dict[str, Any]:
    """The network (with only ``services``, when given) as ``landsea network show`` prints it."""
    shown = sorted(network.services.values(), key=lambda s: s.id) if services is None else services
    return {
        "dataset": {
            "id": network.info.id,
            "name": network.info.name.as_dict(),
            "version": network.info.version,
        },
        "locations": [location_json(loc) for _, loc in sorted(network.locations.items())],
        "services": [service_json(service) for service in shown],
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


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def departures_json(network: Network, departures: list[Departure]) -> list[dict[str, Any]]:
    """Dated departures, each call's times in the local time of its place."""
    out = []
    for departure in departures:
        calls = [
            {
                "locode": call.location,
                "arrival": _iso(network.local(call.location, call.arrival)),
                "departure": _iso(network.local(call.location, call.departure)),
            }
            for call in departure.calls
        ]
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
