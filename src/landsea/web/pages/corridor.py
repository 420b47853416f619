"""The corridor map and the data it draws."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from landsea.api.deps import PlatformDep
from landsea.services import departures, disruptions
from landsea.services.cache import CacheSpec
from landsea.services.network import network_geojson
from landsea.units import ServiceId
from landsea.web.pages.visitor import (
    VisitorDep,
    guarded,
    render,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

NETWORK_GEOJSON = CacheSpec[str, dict[str, Any]]("network geojson", ttl=None, max_entries=2)
"""The network as GeoJSON: made once per network version (by its digest) and platform."""

# The corridor map ---------------------------------------------------------------------------


@router.get("/")
@guarded
def map_page(v: VisitorDep) -> Response:
    now = dt.datetime.now(dt.UTC)
    network = v.platform.network
    closures = [c for c in disruptions.closures(v.platform) if c.ends > now]
    return render(v, "map.html", "map", closures=closures, network=network)


@router.get("/web/data/network.json")
def network_data(platform: PlatformDep) -> JSONResponse:
    """Places and services as GeoJSON (sea legs along searoute), computed once per process."""
    snapshot = platform.snapshot
    cached = platform.caches(NETWORK_GEOJSON).get_or_make(
        snapshot.digest, lambda: network_geojson(snapshot.network)
    )
    return JSONResponse(cached, headers={"Cache-Control": "public, max-age=60"})


@router.get("/web/data/services/{service_id}")
def service_data(platform: PlatformDep, service_id: str) -> JSONResponse:
    """A service's timetable, and its next departures with their utilisation (in the local
    time of the service's first stop, with its offset)."""
    service = platform.network.services.get(ServiceId(service_id))
    if service is None:
        return JSONResponse({"detail": f"service {service_id!r} does not exist"}, status_code=404)
    now = dt.datetime.now(dt.UTC)
    upcoming = departures.service_departures(platform, service_id, now, days=30, limit=12)
    network = platform.network
    locations = network.locations
    return JSONResponse(
        {
            "id": service.id,
            "name": service.name.as_dict(),
            "mode": service.mode.value,
            "operator": service.operator,
            "on_demand": service.on_demand,
            "weekly": None if service.on_demand else service.schedule.describe(),
            "capacity_teu": service.capacity_teu,
            "stops": [
                {
                    "locode": str(stop.location),
                    "name": locations[stop.location].name.as_dict(),
                    "timezone": locations[stop.location].timezone,
                    "arrival_h": None
                    if stop.arrival is None
                    else round(stop.arrival.total_seconds() / 3600, 2),
                    "departure_h": None
                    if stop.departure is None
                    else round(stop.departure.total_seconds() / 3600, 2),
                }
                for stop in service.stops
            ],
            "departures": [
                {
                    "id": d.id,
                    "departure": network.local(service.origin, d.departure).isoformat(),
                    "capacity_teu": d.capacity_teu,
                    "booked_teu": d.booked_teu,
                    "utilisation": round(d.booked_teu / d.capacity_teu, 3)
                    if d.capacity_teu
                    else None,
                }
                for d in upcoming
            ],
        }
    )
