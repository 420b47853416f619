"""Bookings and their legs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from landsea.api.schemas.common import MoneyPublic, StrictModel
from landsea.api.schemas.disruptions import BookingDisruptionPublic
from landsea.api.schemas.plans import ItineraryPublic, PlanIssuePublic
from landsea.api.schemas.rates import QuotePublic
from landsea.domain.booking import MAX_COMMODITY, Booking, BookingStatus
from landsea.domain.disruption import BookingDisruption
from landsea.services.timeline import Timeline

__all__ = [
    "BookingCreate",
    "BookingLegPublic",
    "BookingPublic",
    "ContinuationPublic",
    "LegCreate",
    "MissedConnectionPublic",
    "TimelineEventPublic",
    "TimelineLegPublic",
    "TimelinePublic",
    "TimesPublic",
]


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
    currency: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{3}$",
        description="Quote (and freeze with the booking) in this ISO 4217 currency with the day's reference rates "
        "(docs/money.md); a missing or stale rate is a 422 naming the pair and the day.",
    )
    commodity: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_COMMODITY,
        description="What the boxes hold, in the shipper's words.",
    )
    hs_code: str | None = Field(
        default=None,
        min_length=6,
        max_length=13,
        pattern=r"^[0-9][0-9. ]*$",
        description="The commodity's HS code: 6 digits, or China's 8 or 10 (dots and spaces are "
        "dropped; stored and returned as digits).",
    )
    containers: list[Annotated[str, Field(pattern=r"^[A-Z]{4}[0-9]{7}$")]] | None = Field(
        default=None,
        max_length=500,
        description="ISO 6346 container numbers (owner code, U/J/Z, 6 digits, check digit), "
        "each once and at most one a box of the booking (a 40' box per 2 TEU, a 20' for an odd "
        "one).",
    )


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
    disrupted: bool = False
    """Whether a cancellation or closure hit the booking (see ``disruptions``)."""
    disruptions: list[BookingDisruptionPublic] = []
    quote: QuotePublic | None = None
    """The price in the currency asked for at booking, frozen with the rates it used."""
    commodity: str | None = None
    hs_code: str | None = Field(default=None, description="Digits only.")
    containers: list[str] = Field(
        default_factory=list, description="The ISO 6346 numbers given at booking."
    )

    @classmethod
    def of(cls, booking: Booking, disruptions: Sequence[BookingDisruption] = ()) -> BookingPublic:
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
            price=MoneyPublic.model_validate(booking.price),
            co2e_kg=booking.co2e_kg,
            created_at=booking.created_at,
            updated_at=booking.updated_at,
            disrupted=bool(disruptions),
            disruptions=[BookingDisruptionPublic.of(d) for d in disruptions],
            quote=None if booking.quote is None else QuotePublic.of(booking.quote),
            commodity=booking.commodity,
            hs_code=booking.hs_code,
            containers=list(booking.containers),
        )


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class TimelineEventPublic(_Read):
    """An event of the booking (DCSA names), its time in the local time of its place."""

    event_id: str = Field(serialization_alias="eventID")
    event_type: str = Field(serialization_alias="eventType")
    classifier: str = Field(serialization_alias="eventClassifierCode")
    code: str
    event_time: dt.datetime = Field(serialization_alias="eventDateTime")
    location: str | None = Field(serialization_alias="UNLocationCode")
    equipment_reference: str | None = Field(serialization_alias="equipmentReference")


class TimesPublic(_Read):
    departure: dt.datetime | None = Field(description="Local time at `from`, with its offset.")
    arrival: dt.datetime | None = Field(description="Local time at `to`, with its offset.")


class TimelineLegPublic(_Read):
    seq: int
    service_id: str
    departure_id: str | None
    from_: str = Field(serialization_alias="from")
    to: str
    planned: TimesPublic
    estimated: TimesPublic
    actual: TimesPublic
    missed: bool
    events: list[TimelineEventPublic]


class MissedConnectionPublic(_Read):
    leg: int
    at: str


class ContinuationPublic(_Read):
    from_: str = Field(serialization_alias="from")
    ready: dt.datetime | None = Field(description="Local time at `from`, with its offset.")
    option: ItineraryPublic | None = None
    issues: list[PlanIssuePublic] = Field(default_factory=list)


class TimelinePublic(_Read):
    """Each planned leg with its estimated and actual events, the ETA and any missed connection;
    every time in the local time of its place, with its offset."""

    booking_id: str
    status: BookingStatus
    planned_arrival: dt.datetime | None
    eta: dt.datetime | None
    delay_hours: float | None
    missed_connection: MissedConnectionPublic | None
    continuation: ContinuationPublic | None
    customs: list[TimelineEventPublic]
    announced_eta: dt.datetime | None
    legs: list[TimelineLegPublic]
    documents: list[TimelineEventPublic] = Field(
        default_factory=list,
        description="The transport document's DCSA SHIPMENT events (TRD: ISSU issued, SURR surrendered).",
    )

    @classmethod
    def of(cls, timeline: Timeline) -> TimelinePublic:
        return cls.model_validate(timeline, from_attributes=True)
