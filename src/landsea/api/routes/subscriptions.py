"""DCSA-style event subscriptions: matching events are POSTed to a callback, HMAC-signed."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from landsea.api.deps import Caller, PlatformDep
from landsea.api.schemas import StrictModel
from landsea.services import subscriptions

router = APIRouter(tags=["event-subscriptions"])

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


class SubscriptionPublic(BaseModel):
    subscriptionID: str
    callbackUrl: str
    eventType: list[str] | None = None
    equipmentReference: list[str] | None = None
    carrierBookingReference: list[str] | None = None
    transportDocumentReference: list[str] | None = None
    UNLocationCode: list[str] | None = None
    createdDateTime: dt.datetime
    deliveries: dict[str, Any] | None = None

    @classmethod
    def of(
        cls, s: subscriptions.Subscription, deliveries: dict[str, Any] | None = None
    ) -> SubscriptionPublic:
        return cls(
            subscriptionID=s.id,
            callbackUrl=s.callback_url,
            createdDateTime=s.created_at,
            deliveries=deliveries,
            **s.filters,
        )


@router.post("/event-subscriptions", status_code=201)
def post_subscription(
    platform: PlatformDep, caller: Caller, body: SubscriptionBody
) -> SubscriptionPublic:
    """Subscribe: matching events are POSTed as an array to ``callbackUrl`` with
    ``Notification-Signature: sha256=<HMAC-SHA256 of the body>``, at least once, retried with
    exponential backoff. A shipper is sent only its own bookings' events."""
    filters = body.model_dump(exclude={"callbackUrl", "secret"}, exclude_none=True)
    created = subscriptions.create_subscription(
        platform, caller, callback_url=body.callbackUrl, secret=body.secret, filters=filters
    )
    return SubscriptionPublic.of(created)


@router.get("/event-subscriptions")
def get_subscriptions(platform: PlatformDep, caller: Caller) -> list[SubscriptionPublic]:
    """The caller's organisation's subscriptions (all, for an admin)."""
    return [SubscriptionPublic.of(s) for s in subscriptions.list_subscriptions(platform, caller)]


@router.get("/event-subscriptions/{subscription_id}")
def get_subscription(
    platform: PlatformDep, caller: Caller, subscription_id: str
) -> SubscriptionPublic:
    """One subscription, with its deliveries: pending, delivered, failed and the latest tries."""
    found, deliveries = subscriptions.get_subscription(platform, caller, subscription_id)
    return SubscriptionPublic.of(found, deliveries)


@router.delete("/event-subscriptions/{subscription_id}", status_code=204)
def delete_subscription(platform: PlatformDep, caller: Caller, subscription_id: str) -> Response:
    """Unsubscribe; notifications not yet delivered are dropped."""
    subscriptions.delete_subscription(platform, caller, subscription_id)
    return Response(status_code=204)
