"""Places and services of the active network."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from landsea.api.deps import Caller, Cursor, Limit, PlatformDep, decode_cursor, paginate
from landsea.api.schemas import LocationPublic, Page, ServicePublic
from landsea.domain.network import Mode
from landsea.services.network import find_services

router = APIRouter(tags=["network"])


@router.get("/locations", response_model=Page[LocationPublic])
def list_locations(
    platform: PlatformDep, caller: Caller, cursor: Cursor = None, limit: Limit = 100
) -> Page[LocationPublic]:
    """Places of the corridor, by UN/LOCODE."""
    after = decode_cursor(cursor)
    codes = sorted(
        code for code in platform.network.locations if after is None or code > str(after)
    )
    locations = platform.network.locations
    return Page(**paginate(codes, limit, lambda c: LocationPublic.of(locations[c]), lambda c: c))


@router.get("/locations/{place}", response_model=LocationPublic)
def get_location(platform: PlatformDep, caller: Caller, place: str) -> LocationPublic:
    """One place, by UN/LOCODE, alias, English or Chinese name."""
    return LocationPublic.of(platform.network.location(place))


@router.get("/services", response_model=Page[ServicePublic])
def list_services(
    platform: PlatformDep,
    caller: Caller,
    cursor: Cursor = None,
    limit: Limit = 100,
    mode: Annotated[Mode | None, Query(description="Only services of this mode.")] = None,
) -> Page[ServicePublic]:
    """Transport services of the corridor, by id."""
    after = decode_cursor(cursor)
    services = [
        s for s in find_services(platform.network, mode=mode) if after is None or s.id > str(after)
    ]
    return Page(**paginate(services, limit, ServicePublic.of, lambda s: s.id))


@router.get("/services/{service_id}", response_model=ServicePublic)
def get_service(platform: PlatformDep, caller: Caller, service_id: str) -> ServicePublic:
    """One service."""
    return ServicePublic.of(platform.network.service(service_id))
