"""The plan request and the plan JSON of DESIGN.md."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from landsea.api.schemas.common import Moment, MoneyPublic, Name, StrictModel
from landsea.api.schemas.rates import QuotePublic
from landsea.domain.cargo import CargoType
from landsea.domain.codes import parse_instant
from landsea.domain.network import Mode
from landsea.planning.planner import IssueCode
from landsea.services.planning import Basis, Plan, Tag

__all__ = [
    "EmissionsPublic",
    "HandlingPublic",
    "ItineraryPublic",
    "PlanBody",
    "PlanIssuePublic",
    "PlanLegPublic",
    "PlanPublic",
    "PlanQueryPublic",
    "PriceSplitPublic",
]


class EpsilonBody(StrictModel):
    """ε-dominance bounds; the defaults are 1 %, 1 % and 1 hour."""

    cost: float = Field(default=0.01, ge=0, le=1, description="Fraction, 0.01 is 1 %.")
    co2e: float = Field(default=0.01, ge=0, le=1, description="Fraction, 0.01 is 1 %.")
    hours: float = Field(default=1.0, ge=0, le=48, description="Later arrival, in hours.")


def _instant(value: Any, info: ValidationInfo) -> dt.datetime:
    field = info.field_name or "value"
    if not isinstance(value, str):
        raise ValueError(f"{field} must be an ISO 8601 date-time with its UTC offset (a string)")
    return parse_instant(value, field=field)


Instant = Annotated[dt.datetime, BeforeValidator(_instant)]
"""An ISO 8601 date-time with its UTC offset, as a JSON string."""


class PlanBody(StrictModel):
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
    epsilon: EpsilonBody | None = Field(
        default=None,
        description="Ask for an ε-set (fewer options, faster): every exact option has one "
        "within these bounds. Absent: the exact Pareto set.",
    )
    as_of: Instant | None = Field(
        default=None,
        description="Plan on the network version in force at this instant (ISO 8601 with "
        "offset; `GET /network/versions`); the answer's `network_version` says which. Absent: "
        "the current version.",
    )
    currency: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{3}$",
        description="Quote in this ISO 4217 currency with the day's reference rates "
        "(docs/money.md); a missing or stale rate is a 422 naming the pair and the day.",
    )


class _Read(BaseModel):
    """A response read from the service's typed result (attributes, not dictionaries)."""

    model_config = ConfigDict(from_attributes=True)


class EpsilonPublic(_Read):
    cost: float
    co2e: float
    hours: float


class PlanQueryPublic(_Read):
    origin: str
    destination: str
    origin_name: Name
    destination_name: Name
    depart: dt.datetime = Field(description="In the origin's local time, with its offset.")
    window_days: float
    teu: int
    cargo_type: CargoType
    cargo_tonnes: float
    avoid: list[str]
    via: str | None
    max_days: float | None


class PlanIssuePublic(_Read):
    code: IssueCode
    message: str
    detail: dict[str, str] = Field(
        default_factory=dict, description="What the message is made of (places by code)."
    )


class PlanLegPublic(_Read):
    mode: Mode
    service_id: str
    service_name: Name
    operator: str
    departure_id: str | None = Field(description="Book it with this id; null on demand.")
    on_demand: bool
    from_: str = Field(serialization_alias="from")
    to: str
    departure: dt.datetime = Field(description="Local time at `from`, with its offset.")
    arrival: dt.datetime = Field(description="Local time at `to`, with its offset.")
    distance_km: float
    cost: MoneyPublic
    co2e_kg: float
    export_clearance_hours: float
    import_clearance_hours: float
    cutoff: dt.datetime | None = Field(
        default=None,
        description="Latest delivery to `from` for this run (local time there, with its offset); "
        "null on demand or without a cut-off.",
    )
    capacity_left_teu: int | None = Field(
        default=None, description="TEU left on the run when planned; null on demand."
    )


class PriceSplitPublic(_Read):
    """Freight of the legs and handling at the changes of vehicle; customs brokerage and
    duties are not in the tariffs."""

    freight: MoneyPublic
    handling: MoneyPublic


class HandlingPublic(_Read):
    at: str
    hours: float
    cost: MoneyPublic
    co2e_kg: float


class EmissionsPublic(_Read):
    wtw_kg: float
    ttw_kg: float
    hub_kg: float
    method: str


class ItineraryPublic(_Read):
    departure: dt.datetime = Field(description="Local time at the origin, with its offset.")
    arrival: dt.datetime = Field(
        description="Cleared at the destination: local time there, with its offset."
    )
    transit_hours: float
    cost: MoneyPublic
    co2e_kg: float
    transfers: int
    modes: list[Mode]
    via: list[str]
    legs: list[PlanLegPublic]
    handling: list[HandlingPublic]
    emissions: EmissionsPublic
    quote: QuotePublic | None = Field(
        default=None, description="The price in the `currency` asked for (null if none)."
    )
    price: PriceSplitPublic | None = Field(
        default=None, description="The cost split into freight and handling."
    )
    tags: list[Tag] = Field(
        default_factory=list,
        description="What the option is best at among the plan's options: `cheapest`, "
        "`fastest` (earliest arrival), `lowest_co2e`.",
    )


class PlanPublic(_Read):
    """The plan JSON of DESIGN.md: the Pareto set over arrival, cost, CO2e and transfers."""

    query: PlanQueryPublic
    issues: list[PlanIssuePublic]
    options: list[ItineraryPublic]
    clearance_measured: dict[str, float]
    basis: Basis = Field(
        description="`database`: capacity left and measured clearance taken into account; "
        "`network`: the timetables alone."
    )
    approximate: bool = Field(
        default=False, description="Whether the options are an ε-set rather than the exact set."
    )
    epsilon: EpsilonPublic | None = Field(
        default=None, description="The ε the options keep to, when approximate."
    )
    capped: bool = Field(
        default=False,
        description="Whether the exact set (or the ε asked for) was given up for taking too long.",
    )
    network_version: int = Field(
        default=0, description="The network version planned on (`GET /network/versions`)."
    )

    @classmethod
    def of(cls, plan: Plan) -> PlanPublic:
        return cls.model_validate(plan, from_attributes=True)
