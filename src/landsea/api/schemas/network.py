"""Places and services of the network."""

from __future__ import annotations

from pydantic import BaseModel

from landsea.api.schemas.common import MoneyPublic, Name
from landsea.domain.network import Location
from landsea.domain.timetable import Service

__all__ = ["LocationPublic", "ServicePublic", "StopPublic"]


class LocationPublic(BaseModel):
    locode: str
    name: Name
    lat: float
    lon: float
    country: str
    kinds: list[str]
    aliases: list[str]
    timezone: str
    parent: str | None = None

    @classmethod
    def of(cls, location: Location) -> LocationPublic:
        return cls(
            locode=location.code,
            name=Name(en=location.name.en, zh=location.name.zh),
            lat=location.lat,
            lon=location.lon,
            country=location.country,
            kinds=sorted(kind.value for kind in location.kinds),
            aliases=list(location.aliases),
            timezone=location.timezone,
            parent=location.parent,
        )


class StopPublic(BaseModel):
    locode: str
    arrival_h: float | None
    departure_h: float | None
    distance_km: float


class ServicePublic(BaseModel):
    id: str
    name: Name
    mode: str
    product: str
    operator: str
    stops: list[StopPublic]
    schedule: str
    on_demand: bool
    capacity_teu: int
    reefer_plugs: int
    dangerous_goods: bool
    tariff_per_teu: MoneyPublic
    tariff_per_feu: MoneyPublic

    @classmethod
    def of(cls, service: Service) -> ServicePublic:
        return cls(
            id=service.id,
            name=Name(en=service.name.en, zh=service.name.zh),
            mode=service.mode.value,
            product=service.product.value,
            operator=service.operator,
            stops=[
                StopPublic(
                    locode=stop.location,
                    arrival_h=None if stop.arrival is None else stop.arrival.total_seconds() / 3600,
                    departure_h=None
                    if stop.departure is None
                    else stop.departure.total_seconds() / 3600,
                    distance_km=stop.distance_km,
                )
                for stop in service.stops
            ],
            schedule=service.schedule.describe(),
            on_demand=service.on_demand,
            capacity_teu=service.capacity_teu,
            reefer_plugs=service.reefer_plugs,
            dangerous_goods=service.dangerous_goods,
            tariff_per_teu=MoneyPublic.model_validate(service.tariff.per_teu),
            tariff_per_feu=MoneyPublic.model_validate(service.tariff.per_feu),
        )
