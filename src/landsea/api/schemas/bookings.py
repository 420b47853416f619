"""Bookings and their legs."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from landsea.api.schemas.common import MoneyPublic, StrictModel
from landsea.domain.booking import Booking

__all__ = ["BookingCreate", "BookingLegPublic", "BookingPublic", "LegCreate"]


class LegCreate(StrictModel):
    departure_id: str | None = Field(default=None, min_length=1, max_length=80)
    from_: str = Field(alias="from", min_length=1, max_length=100)
    to: str = Field(min_length=1, max_length=100)
    service_id: str | None = Field(
        default=None, min_length=1, max_length=40, description="For on-demand legs only."
    )

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class BookingCreate(StrictModel):
    legs: list[LegCreate] = Field(min_length=1, max_length=12)
    teu: int = Field(ge=1, le=1000)
    cargo_type: Literal["general", "reefer", "dangerous"] = "general"
    shipper_reference: str | None = Field(default=None, max_length=100)


class BookingLegPublic(BaseModel):
    departure_id: str | None
    service_id: str
    from_: str = Field(serialization_alias="from")
    to: str
    teu: int
    reefer_plugs: int


class BookingPublic(BaseModel):
    id: str
    status: str
    organisation_id: str
    teu: int
    cargo_type: str
    shipper_reference: str | None
    legs: list[BookingLegPublic]
    price: MoneyPublic
    co2e_kg: float
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, booking: Booking) -> BookingPublic:
        return cls(
            id=booking.id,
            status=booking.status.value,
            organisation_id=booking.organisation_id,
            teu=booking.teu,
            cargo_type=booking.cargo_type,
            shipper_reference=booking.shipper_reference,
            legs=[
                BookingLegPublic(
                    departure_id=leg.departure_id,
                    service_id=leg.service_id,
                    from_=leg.origin,
                    to=leg.destination,
                    teu=leg.teu,
                    reefer_plugs=leg.plugs,
                )
                for leg in booking.legs
            ],
            price=MoneyPublic(amount=float(booking.price.amount), currency=booking.price.currency),
            co2e_kg=booking.co2e_kg,
            created_at=booking.created_at,
            updated_at=booking.updated_at,
        )
