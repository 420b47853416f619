"""The network as GeoJSON (RFC 7946): places as points, services as lines.

Sea legs follow the searoute geometry; rail, road and river legs are drawn as straight segments
between their stops, since their track geometry is not part of the dataset.
"""

from __future__ import annotations

from typing import Any

from landsea.domain.network import Mode, Network
from landsea.feeds.sea_routes import sea_route

__all__ = ["network_geojson"]


def network_geojson(network: Network) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the network's places and services."""
    features: list[dict[str, Any]] = []
    for code, location in sorted(network.locations.items()):
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
                "properties": {
                    "kind": "location",
                    "locode": code,
                    "name": location.name.as_dict(),
                    "country": location.country,
                    "kinds": sorted(kind.value for kind in location.kinds),
                },
            }
        )
    cache: dict[tuple[str, str], list[list[float]]] = {}
    for service_id, service in sorted(network.services.items()):
        line: list[list[float]] = []
        for before, after in zip(service.stops, service.stops[1:], strict=False):
            a = network.locations[before.location]
            b = network.locations[after.location]
            if service.mode is Mode.SEA:
                key = (before.location, after.location)
                if key not in cache:
                    route = sea_route((a.lat, a.lon), (b.lat, b.lon))
                    cache[key] = [[round(x, 5), round(y, 5)] for x, y in route.coordinates]
                segment = cache[key]
            else:
                segment = [[a.lon, a.lat], [b.lon, b.lat]]
            line.extend(segment if not line else segment[1:])
        features.append(
            {
                "type": "Feature",
                "id": service_id,
                "geometry": {"type": "LineString", "coordinates": line},
                "properties": {
                    "kind": "service",
                    "service_id": service_id,
                    "name": service.name.as_dict(),
                    "mode": service.mode.value,
                    "product": service.product.value,
                    "operator": service.operator,
                    "stops": [stop.location for stop in service.stops],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
