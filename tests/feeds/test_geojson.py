"""The network as GeoJSON, on the mini dataset: a point a place, a line a service through its
stops in order (RFC 7946 order: longitude, latitude)."""

from __future__ import annotations

from landsea.domain.network import Mode
from landsea.feeds.dataset import load_dataset
from landsea.feeds.geojson import network_geojson
from tests.fixtures import MINI


def test_places_are_points_and_services_lines_through_their_stops() -> None:
    network = load_dataset(MINI)
    collection = network_geojson(network)
    assert collection["type"] == "FeatureCollection"
    points = {f["id"]: f for f in collection["features"] if f["geometry"]["type"] == "Point"}
    lines = {f["id"]: f for f in collection["features"] if f["geometry"]["type"] == "LineString"}
    assert set(points) == set(network.locations)
    assert set(lines) == set(network.services)
    for code, feature in points.items():
        location = network.locations[code]
        assert feature["geometry"]["coordinates"] == [location.lon, location.lat]
    for service_id, feature in lines.items():
        service = network.services[service_id]
        line = feature["geometry"]["coordinates"]
        first, last = (network.locations[s.location] for s in (service.stops[0], service.stops[-1]))
        assert feature["properties"]["stops"] == [stop.location for stop in service.stops]
        assert [round(c, 1) for c in line[0]] == [round(first.lon, 1), round(first.lat, 1)]
        assert [round(c, 1) for c in line[-1]] == [round(last.lon, 1), round(last.lat, 1)]
        if service.mode is not Mode.SEA:  # straight segments between the stops
            assert len(line) == len(service.stops)
