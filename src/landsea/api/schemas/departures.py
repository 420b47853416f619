"""Dated runs with their capacity."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from landsea.api.schemas.common import StrictModel
from landsea.domain.network import Network
from landsea.domain.timetable import Call
from landsea.services.departures import DepartureView

__all__ = ["CallPublic", "DeparturePublic", "DepartureUpdate"]


class CallPublic(BaseModel):
    locode: str
    arrival: dt.datetime | None = Field(description="Local time of the place, with its offset.")
    departure: dt.datetime | None = Field(description="Local time of the place, with its offset.")

    @classmethod
    def of(cls, call: Call, network: Network) -> CallPublic:
        return cls(
            locode=call.location,
            arrival=network.local(call.location, call.arrival),
            departure=network.local(call.location, call.departure),
        )


class DeparturePublic(BaseModel):
    id: str
    service_id: str
    departure: dt.datetime = Field(description="From the first stop: its local time and offset.")
    arrival: dt.datetime | None = Field(
        description="At the last stop: its local time and offset (unknown when the run is not "
        "in the timetable any more)."
    )
    capacity_teu: int
    booked_teu: int
    remaining_teu: int
    reefer_plugs: int
    reefer_plugs_booked: int
    calls: list[CallPublic]

    @classmethod
    def of(cls, view: DepartureView, network: Network) -> DeparturePublic:
        capacity = view.capacity
        calls = [CallPublic.of(call, network) for call in view.run.calls] if view.run else []
        return cls(
            id=capacity.id,
            service_id=capacity.service_id,
            departure=network.local(view.service.origin, capacity.departure),
            arrival=None
            if view.run is None
            else network.local(view.service.destination, view.run.arrival),
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
