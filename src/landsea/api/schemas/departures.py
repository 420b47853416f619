"""Dated runs with their capacity."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from landsea.api.schemas.common import StrictModel
from landsea.domain.network import Network
from landsea.services.departures import DepartureView

__all__ = ["CallPublic", "DeparturePublic", "DepartureUpdate"]


class CallPublic(BaseModel):
    locode: str
    arrival: dt.datetime | None
    departure: dt.datetime | None


class DeparturePublic(BaseModel):
    id: str
    service_id: str
    departure: dt.datetime
    capacity_teu: int
    booked_teu: int
    remaining_teu: int
    reefer_plugs: int
    reefer_plugs_booked: int
    calls: list[CallPublic]

    @classmethod
    def of(cls, view: DepartureView, network: Network) -> DeparturePublic:
        capacity = view.capacity
        calls = []
        if view.run is not None:
            for call in view.run.calls:
                zone = ZoneInfo(network.locations[call.location].timezone)
                calls.append(
                    CallPublic(
                        locode=call.location,
                        arrival=None if call.arrival is None else call.arrival.astimezone(zone),
                        departure=None
                        if call.departure is None
                        else call.departure.astimezone(zone),
                    )
                )
        zone = ZoneInfo(network.locations[view.service.origin].timezone)
        return cls(
            id=capacity.id,
            service_id=capacity.service_id,
            departure=capacity.departure.astimezone(zone),
            capacity_teu=capacity.capacity_teu,
            booked_teu=capacity.booked_teu,
            remaining_teu=capacity.remaining_teu,
            reefer_plugs=capacity.reefer_plugs,
            reefer_plugs_booked=capacity.reefer_plugs_booked,
            calls=calls,
        )


class DepartureUpdate(StrictModel):
    capacity_teu: int = Field(
        ge=0, le=100_000, description="New capacity in TEU (not below what is booked)."
    )
