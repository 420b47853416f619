"""Pending cargo and consolidation runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = ["CargoRequest", "RequestStatus"]


class RequestStatus(StrEnum):
    PENDING = "pending"
    BOOKED = "booked"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True, kw_only=True)
class CargoRequest:
    """Cargo waiting for transport: ``teu`` from ``origin`` (ready at ``ready``) to
    ``destination`` by ``due``; each day late costs ``penalty_per_day`` CNY per TEU."""

    id: str
    origin: str
    destination: str
    teu: int
    cargo_type: str
    ready: dt.datetime
    due: dt.datetime
    penalty_per_day: Decimal
    organisation_id: str | None = None
    reference: str | None = None
    status: RequestStatus = RequestStatus.PENDING
    booking_id: str | None = None
    created_at: dt.datetime | None = None
