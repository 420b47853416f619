"""Statistics measured from the platform's own events."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from landsea.api.schemas.common import Name
from landsea.services.analytics import ClearanceReport

__all__ = ["ClearancePublic", "ClearanceRowPublic", "DatasetClearancePublic"]


class DatasetClearancePublic(BaseModel):
    typical_hours: float
    p90_hours: float


class ClearanceRowPublic(BaseModel):
    location: str = Field(description="UN/LOCODE (a facility's clearances count under it).")
    name: Name | None
    kinds: list[str]
    border: str | None = Field(description="The border crossed, e.g. ``CN-VN``.")
    samples: int
    unmatched: int = Field(description="Releases with no arrival to measure from.")
    p50_hours: float | None
    p90_hours: float | None
    mean_hours: float | None
    dataset: DatasetClearancePublic | None = Field(description="The dataset's figures.")
    used_by_planner: bool


class ClearancePublic(BaseModel):
    start: dt.datetime = Field(serialization_alias="from")
    end: dt.datetime = Field(serialization_alias="to")
    min_samples: int
    locations: list[ClearanceRowPublic]

    @classmethod
    def of(cls, report: ClearanceReport) -> ClearancePublic:
        return cls(
            start=report.start,
            end=report.end,
            min_samples=report.min_samples,
            locations=[
                ClearanceRowPublic(
                    location=row.location,
                    name=None if row.name is None else Name(en=row.name.en, zh=row.name.zh),
                    kinds=list(row.kinds),
                    border=row.border,
                    samples=row.samples,
                    unmatched=row.unmatched,
                    p50_hours=row.p50_hours,
                    p90_hours=row.p90_hours,
                    mean_hours=row.mean_hours,
                    dataset=None
                    if row.dataset is None
                    else DatasetClearancePublic(
                        typical_hours=row.dataset.typical_hours, p90_hours=row.dataset.p90_hours
                    ),
                    used_by_planner=row.used_by_planner,
                )
                for row in report.locations
            ],
        )
