"""Simulations of the corridor's digital twin: a scenario file and its results."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from landsea.api.schemas.common import StrictModel
from landsea.services.simulation import MAX_REPLICATIONS, SimulationView

__all__ = ["SimulationCreate", "SimulationPublic"]


class SimulationCreate(StrictModel):
    scenario: str = Field(
        max_length=100_000,
        description="A scenario file (TOML): a [baseline] table and [[scenario]] tables.",
    )
    replications: int = Field(default=5, ge=1, le=MAX_REPLICATIONS)
    seed: int = Field(default=1, ge=0, le=2**63 - 1)


class SimulationPublic(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    created_at: dt.datetime | None
    error: str | None
    result: dict[str, Any] | None = Field(
        description="Per scenario, estimates with 95 % confidence intervals, and the "
        "comparison with the baseline (when done)."
    )

    @classmethod
    def of(cls, view: SimulationView) -> SimulationPublic:
        return cls(id=view.id, status=view.status, created_at=view.created_at,  # type: ignore[arg-type]
                   error=view.error, result=view.result)  # fmt: skip
