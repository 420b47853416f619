"""Track-and-trace events: the report of a batch received."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from landsea.services.tracking import IngestReport

__all__ = ["IngestReportPublic", "RejectionPublic"]


class RejectionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    index: int = Field(description="The event's position in the batch, from 0.")
    field: str = Field(description="The offending field, as a path.")
    value: Any = Field(description="Its value (an excerpt).")
    reason: str


class IngestReportPublic(BaseModel):
    """What a batch of events did: the good events are kept, each bad one reported."""

    model_config = ConfigDict(from_attributes=True)

    stored: int
    duplicates: int
    superseded: int
    retracted: int
    unsupported: int
    rejected: list[RejectionPublic]
    eta_announced: int = Field(description="Bookings whose ETA these events moved (announced).")

    @classmethod
    def of(cls, report: IngestReport) -> IngestReportPublic:
        return cls.model_validate(report)
