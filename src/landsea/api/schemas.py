"""Request and response bodies of the API (pydantic), mapped from the domain here and only here."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from landsea.domain.booking import Booking, Principal
from landsea.domain.codes import parse_day, parse_instant
from landsea.domain.credentials import ApiKey
from landsea.domain.network import Location, Network
from landsea.domain.timetable import Service
from landsea.services.departures import DepartureView

T = TypeVar("T")


class StrictModel(BaseModel):
    """A request body: no unknown fields, no coercion (``true`` is not 1, ``"5"`` is not 5),
    finite numbers only; dates are read by :data:`Moment`."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


_Strict = StrictModel


def _moment(value: Any, info: ValidationInfo) -> dt.date | dt.datetime:
    field = info.field_name or "value"
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a date YYYY-MM-DD or an ISO 8601 date-time (a string)")
    if len(value) == 10:
        return parse_day(value, field=field)
    moment = parse_instant(value, field=field, zone=dt.UTC)
    # Without an offset it is a local time at the place it is about: the service says where.
    local = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).tzinfo is None
    return moment.replace(tzinfo=None) if local else moment


Moment = Annotated[dt.datetime | dt.date, BeforeValidator(_moment)]
"""A date (``YYYY-MM-DD``) or an ISO 8601 date-time, as a JSON string, within the platform's
dates (2000-01-01 … 2099-12-31)."""


def _amount(value: Any) -> Any:
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError('must be a number or a decimal string such as "2500.00"')
    return Decimal(str(value))


_DECIMAL = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,6})?")

Amount = Annotated[Decimal, BeforeValidator(_amount)]
"""An amount of money: a JSON number, or — to keep it exact — a decimal string (``"2500.00"``,
nothing else: no spaces, exponents, ``NaN`` or booleans)."""


class Page(BaseModel, Generic[T]):
    """A page of items; ``next_cursor`` fetches the next one (absent on the last page)."""

    data: list[T]
    count: int
    next_cursor: str | None = None


class Name(BaseModel):
    en: str
    zh: str


class MoneyPublic(BaseModel):
    amount: float
    currency: str


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
            tariff_per_teu=MoneyPublic(
                amount=float(service.tariff.per_teu.amount),
                currency=service.tariff.per_teu.currency,
            ),
            tariff_per_feu=MoneyPublic(
                amount=float(service.tariff.per_feu.amount),
                currency=service.tariff.per_feu.currency,
            ),
        )


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


class DepartureUpdate(_Strict):
    capacity_teu: int = Field(
        ge=0, le=100_000, description="New capacity in TEU (not below what is booked)."
    )


class PlanBody(_Strict):
    origin: str = Field(
        min_length=1, max_length=100, description="UN/LOCODE, alias, English or Chinese name."
    )
    destination: str = Field(min_length=1, max_length=100)
    depart: Moment | None = Field(
        default=None,
        description="Earliest departure (date: local midnight; without an offset: local time), "
        "2000-01-01 … 2099-12-31.",
    )
    window_days: float = Field(default=7, gt=0, le=60)
    teu: int = Field(default=1, ge=1, le=1000)
    cargo_type: Literal["general", "reefer", "dangerous"] = "general"
    avoid: list[Annotated[str, Field(max_length=100)]] = Field(default_factory=list, max_length=20)
    via: str | None = Field(default=None, max_length=100)
    max_days: float | None = Field(default=None, gt=0, le=120)
    cargo_tonnes: float | None = Field(default=None, gt=0, le=100_000)


class LegCreate(_Strict):
    departure_id: str | None = Field(default=None, min_length=1, max_length=80)
    from_: str = Field(alias="from", min_length=1, max_length=100)
    to: str = Field(min_length=1, max_length=100)
    service_id: str | None = Field(
        default=None, min_length=1, max_length=40, description="For on-demand legs only."
    )

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class BookingCreate(_Strict):
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


class OrganisationCreate(_Strict):
    name: str = Field(min_length=1, max_length=200)
    role: Literal["shipper", "operator", "customs", "admin"]
    operates: str | None = Field(
        default=None,
        max_length=200,
        description="Operators: text found in the operator of the services they run (all when absent).",
    )


class OrganisationPublic(BaseModel):
    id: str
    name: str
    role: str
    operates: str | None

    @classmethod
    def of(cls, principal: Principal) -> OrganisationPublic:
        return cls(
            id=principal.organisation_id,
            name=principal.name,
            role=principal.role.value,
            operates=principal.operator_match,
        )


class KeyPublic(BaseModel):
    organisation_id: str
    api_key: str = Field(description="Shown once: only its hash is kept.")


class ApiKeyPublic(BaseModel):
    """An API key as it can be listed: never the key itself."""

    id: str
    organisation_id: str
    prefix: str = Field(description="The public part of the key: lsk_<prefix>_…")
    created_at: dt.datetime
    last_used_at: dt.datetime | None = Field(description="To within five minutes.")
    revoked_at: dt.datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyPublic:
        return cls(
            id=key.id,
            organisation_id=key.organisation_id,
            prefix=key.prefix,
            created_at=key.created_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)
