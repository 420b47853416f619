"""DCSA-style event subscriptions: matching events are POSTed to a callback, HMAC-signed."""

from __future__ import annotations

from fastapi import APIRouter, Response

from landsea.api.deps import Caller, PlatformDep
from landsea.api.schemas import SubscriptionBody, SubscriptionPublic
from landsea.services import subscriptions

router = APIRouter(tags=["event-subscriptions"])


@router.post("/event-subscriptions", response_model=SubscriptionPublic, status_code=201)
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


@router.get("/event-subscriptions", response_model=list[SubscriptionPublic])
def get_subscriptions(platform: PlatformDep, caller: Caller) -> list[SubscriptionPublic]:
    """The caller's organisation's subscriptions (all, for an admin)."""
    return [SubscriptionPublic.of(s) for s in subscriptions.list_subscriptions(platform, caller)]


@router.get("/event-subscriptions/{subscription_id}", response_model=SubscriptionPublic)
def get_subscription(
    platform: PlatformDep, caller: Caller, subscription_id: str
) -> SubscriptionPublic:
    """One subscription, with its deliveries: pending, delivered, failed and the latest tries."""
    found = subscriptions.get_subscription(platform, caller, subscription_id)
    return SubscriptionPublic.of(found.subscription, found.deliveries)


@router.delete("/event-subscriptions/{subscription_id}", status_code=204, response_class=Response)
def delete_subscription(platform: PlatformDep, caller: Caller, subscription_id: str) -> Response:
    """Unsubscribe; notifications not yet delivered are dropped."""
    subscriptions.delete_subscription(platform, caller, subscription_id)
    return Response(status_code=204)
