"""The plan request."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from landsea.api.schemas.common import Moment, StrictModel

__all__ = ["PlanBody"]


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
