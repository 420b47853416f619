"""Places and services of the active network."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_cursor, paginate
from landsea.api.schemas import LocationPublic, NetworkVersionPublic, Page, ServicePublic
from landsea.domain.network import Mode
from landsea.services import network_publish
from landsea.services.network import find_services

router = APIRouter(tags=["network"])

AsOf = Annotated[
    dt.datetime | None,
    Query(description="Answer as of this instant (ISO 8601 with offset): a past version."),
]


@router.get("/locations", response_model=Page[LocationPublic])
def list_locations(
    platform: PlatformDep,
    caller: Caller,
    cursor: Cursor = None,
    limit: Limit = 100,
    as_of: AsOf = None,
) -> Page[LocationPublic]:
    """Places of the corridor, by UN/LOCODE."""
    after = decode_cursor(cursor)
    locations = network_publish.network_as_of(platform, as_of).locations
    codes = sorted(code for code in locations if after is None or code > str(after))
    return Page(**paginate(codes, limit, lambda c: LocationPublic.of(locations[c]), lambda c: c))


@router.get("/locations/{place}", response_model=LocationPublic)
def get_location(
    platform: PlatformDep, caller: Caller, place: str, as_of: AsOf = None
) -> LocationPublic:
    """One place, by UN/LOCODE, alias, English or Chinese name."""
    return LocationPublic.of(network_publish.network_as_of(platform, as_of).location(place))


@router.get("/services", response_model=Page[ServicePublic])
def list_services(
    platform: PlatformDep,
    caller: Caller,
    cursor: Cursor = None,
    limit: Limit = 100,
    mode: Annotated[Mode | None, Query(description="Only services of this mode.")] = None,
    as_of: AsOf = None,
) -> Page[ServicePublic]:
    """Transport services of the corridor, by id."""
    after = decode_cursor(cursor)
    network = network_publish.network_as_of(platform, as_of)
    services = [s for s in find_services(network, mode=mode) if after is None or s.id > str(after)]
    return Page(**paginate(services, limit, ServicePublic.of, lambda s: s.id))


@router.get("/services/{service_id}", response_model=ServicePublic)
def get_service(
    platform: PlatformDep, caller: Caller, service_id: str, as_of: AsOf = None
) -> ServicePublic:
    """One service."""
    return ServicePublic.of(network_publish.network_as_of(platform, as_of).service(service_id))


Table = Annotated[
    dict[str, Any], Body(description="The record in the dataset's JSON (docs/dataset.md).")
]


@router.post("/services", response_model=NetworkVersionPublic, status_code=201)
def publish_service(platform: PlatformDep, caller: Caller, table: Table) -> NetworkVersionPublic:
    """Publish a new service of the caller's (operator); plain figures cite the publication."""
    done = network_publish.publish_service(platform, caller, table)
    return NetworkVersionPublic.of(done.version)


@router.put("/services/{service_id}", response_model=NetworkVersionPublic)
def change_service(
    platform: PlatformDep, caller: Caller, service_id: str, table: Table
) -> NetworkVersionPublic:
    """Change a service the caller operates (the whole record)."""
    done = network_publish.publish_service(platform, caller, table, service_id=service_id)
    return NetworkVersionPublic.of(done.version)


@router.delete("/services/{service_id}", response_model=NetworkVersionPublic)
def withdraw_service(
    platform: PlatformDep,
    caller: Caller,
    service_id: str,
    first_day: Annotated[dt.date, Query(alias="from", description="First day without runs.")],
) -> NetworkVersionPublic:
    """Withdraw a service the caller operates from a date on."""
    done = network_publish.withdraw_service(platform, caller, service_id, first_day=first_day)
    return NetworkVersionPublic.of(done.version)


@router.post("/places", response_model=NetworkVersionPublic, status_code=201)
def add_place(platform: PlatformDep, caller: Caller, table: Table) -> NetworkVersionPublic:
    """Add a place to the network (admins)."""
    return NetworkVersionPublic.of(network_publish.add_place(platform, caller, table).version)


@router.get("/network/versions", response_model=Page[NetworkVersionPublic])
def list_versions(
    platform: PlatformDep, caller: Caller, cursor: Cursor = None, limit: Limit = 100
) -> Page[NetworkVersionPublic]:
    """The network's versions, newest first: who changed what, when."""
    after = decode_cursor(cursor)
    before = None if after is None else int(str(after))
    versions = network_publish.list_versions(platform, limit=limit + 1, before=before)
    return Page(**paginate(versions, limit, NetworkVersionPublic.of, lambda v: str(v.id)))
