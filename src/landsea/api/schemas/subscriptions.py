"""DCSA 2.2 event subscriptions: the body subscribed with, and a subscription as answered."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from landsea.api.schemas.common import StrictModel
from landsea.services.subscriptions import OutboxEntry, OutboxSummary, Subscription

__all__ = ["DeliveriesPublic", "OutboxEntryPublic", "SubscriptionBody", "SubscriptionPublic"]

_Value = Annotated[str, Field(max_length=200)]
Filter = Annotated[list[_Value], Field(max_length=50)] | _Value | None


class SubscriptionBody(StrictModel):
    """DCSA 2.2's subscription body: the callback, a Base64 shared secret and the filters."""

    callbackUrl: str = Field(min_length=8, max_length=500)
    secret: str = Field(
        min_length=4,
        max_length=500,
        description="Base64 shared secret (at least 16 bytes); it keys the HMAC-SHA256 "
        "Notification-Signature and is never returned.",
    )
    eventType: Filter = Field(default=None, description="TRANSPORT, EQUIPMENT, SHIPMENT (any of).")
    equipmentReference: Filter = None
    carrierBookingReference: Filter = None
    transportDocumentReference: Filter = None
    UNLocationCode: Filter = None


class OutboxEntryPublic(BaseModel):
    """One notification and how its delivery goes."""

    id: int
    attempts: int
    events: int = Field(description="Events in the notification.")
    created_at: dt.datetime
    next_attempt_at: dt.datetime
    delivered_at: dt.datetime | None
    failed_at: dt.datetime | None
    last_error: str | None = Field(description="The category of the last failure.")

    @classmethod
    def of(cls, entry: OutboxEntry) -> OutboxEntryPublic:
        return cls(**{name: getattr(entry, name) for name in cls.model_fields})


class DeliveriesPublic(BaseModel):
    """How many notifications wait, went and failed; the latest ones."""

    pending: int
    delivered: int
    failed: int
    latest: list[OutboxEntryPublic]

    @classmethod
    def of(cls, outbox: OutboxSummary) -> DeliveriesPublic:
        return cls(
            pending=outbox.pending,
            delivered=outbox.delivered,
            failed=outbox.failed,
            latest=[OutboxEntryPublic.of(e) for e in outbox.latest],
        )


class SubscriptionPublic(BaseModel):
    subscriptionID: str
    callbackUrl: str
    eventType: list[str] | None = None
    equipmentReference: list[str] | None = None
    carrierBookingReference: list[str] | None = None
    transportDocumentReference: list[str] | None = None
    UNLocationCode: list[str] | None = None
    createdDateTime: dt.datetime
    deliveries: DeliveriesPublic | None = Field(
        default=None, description="Given when one subscription is read."
    )

    @classmethod
    def of(cls, s: Subscription, deliveries: OutboxSummary | None = None) -> SubscriptionPublic:
        return cls(
            subscriptionID=s.id,
            callbackUrl=s.callback_url,
            createdDateTime=s.created_at,
            deliveries=None if deliveries is None else DeliveriesPublic.of(deliveries),
            **s.filters,
        )
