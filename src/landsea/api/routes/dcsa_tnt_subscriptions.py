"""Event subscriptions on the DCSA Track & Trace faces: ``/dcsa/tnt/v2/event-subscriptions``
exactly as 2.2.0 defines them (create, list with paging, get, update, delete, rotate the secret),
and the same resource on ``/dcsa/tnt/v3`` (3.0.0 defines no subscription API: landsea's, with
3.0's ``GET /events`` filters). A subscription's notifications speak its face's version.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response

from landsea.api.deps import Caller, Cursor, PlatformDep, decode_cursor, encode_cursor
from landsea.api.routes.dcsa_tnt import page_headers, versioned
from landsea.errors import InvalidInput
from landsea.services import subscriptions
from landsea.services.dcsa_events import TntVersion, document_violations
from landsea.services.subscriptions import Subscription

__all__ = ["v2_router", "v3_router"]

_V2_LISTS = frozenset(
    {"eventType", "shipmentEventTypeCode", "documentTypeCode", "transportEventTypeCode",
     "equipmentEventTypeCode"}
)  # fmt: skip
"""The 2.2 filters that are arrays; the others are one value."""
Json = Annotated[dict[str, Any], Body()]
_V3_NAMES = {"eventTypes": "eventType"}  # 3.0's name of a filter → the stored one


def _public(version: TntVersion, subscription: Subscription) -> dict[str, Any]:
    """A subscription as its version writes it: 2.2's ``subscription`` schema."""
    shown: dict[str, Any] = {
        "subscriptionID": subscription.id,
        "callbackUrl": subscription.callback_url,
    }
    names = {v: k for k, v in _V3_NAMES.items()} if version is TntVersion.V3 else {}
    for name, values in subscription.filters.items():
        is_list = name in _V2_LISTS or (version is TntVersion.V3 and name == "eventType")
        shown[names.get(name, name)] = values if is_list else values[0]
    return shown


def _filters(version: TntVersion, body: dict[str, Any]) -> dict[str, Any]:
    """The filters of a request body (everything but callback, secret and id)."""
    if version is TntVersion.V2:
        for name in ("subscriptionBodyWithSecret",):
            violations = document_violations(version, name, {"secret": "", **body})
            if violations:
                v = violations[0]
                raise InvalidInput(f"{v.path.removeprefix('$.')} {v.value!r} {v.reason}")
    chosen = {k: v for k, v in body.items() if k not in ("callbackUrl", "secret", "subscriptionID")}
    return (
        {_V3_NAMES.get(k, k): v for k, v in chosen.items()} if version is TntVersion.V3 else chosen
    )


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidInput(f"{name} {value!r} must be given as text")
    return value


def _router(version: TntVersion) -> APIRouter:
    prefix = "/dcsa/tnt/v2" if version is TntVersion.V2 else "/dcsa/tnt/v3"
    router = APIRouter(prefix=prefix, tags=[f"DCSA TNT {version} subscriptions"])

    @router.post("/event-subscriptions", status_code=201, response_model=dict[str, Any])
    def create(
        platform: PlatformDep, caller: Caller, response: Response, body: Json
    ) -> dict[str, Any]:
        """Subscribe: matching events are POSTed to ``callbackUrl`` in this face's version."""
        created = subscriptions.create_subscription(
            platform, caller, callback_url=_text(body, "callbackUrl"),
            secret=_text(body, "secret"), filters=_filters(version, body), version=version.value,
        )  # fmt: skip
        versioned(response, version)
        return _public(version, created)

    @router.get("/event-subscriptions", response_model=list[dict[str, Any]])
    def listed(
        platform: PlatformDep,
        caller: Caller,
        request: Request,
        response: Response,
        cursor: Cursor = None,
        limit: Annotated[int, Query(ge=1)] = 100,
    ) -> list[dict[str, Any]]:
        """The caller's organisation's subscriptions of this version, in pages."""
        after = decode_cursor(cursor)
        mine = [s for s in subscriptions.list_subscriptions(platform, caller)
                if s.version == version.value and (after is None or s.id > str(after))]  # fmt: skip
        limit = min(limit, 1000)
        page = mine[:limit]
        following = encode_cursor(page[-1].id) if len(mine) > limit else None
        page_headers(version, request, versioned(response, version), following)
        return [_public(version, s) for s in page]

    @router.get("/event-subscriptions/{subscriptionID}", response_model=dict[str, Any])
    def read(
        platform: PlatformDep, caller: Caller, response: Response, subscriptionID: str
    ) -> dict[str, Any]:
        """One subscription."""
        found = subscriptions.get_subscription(platform, caller, subscriptionID).subscription
        versioned(response, version)
        return _public(version, found)

    @router.put("/event-subscriptions/{subscriptionID}", response_model=dict[str, Any])
    def update(
        platform: PlatformDep, caller: Caller, response: Response, subscriptionID: str, body: Json
    ) -> dict[str, Any]:
        """Replace a subscription's callback and filters (its secret and version stay)."""
        changed = subscriptions.update_subscription(
            platform, caller, subscriptionID,
            callback_url=_text(body, "callbackUrl"), filters=_filters(version, body),
        )  # fmt: skip
        versioned(response, version)
        return _public(version, changed)

    @router.delete(
        "/event-subscriptions/{subscriptionID}", status_code=204, response_class=Response
    )
    def delete(platform: PlatformDep, caller: Caller, subscriptionID: str) -> Response:
        """Unsubscribe; notifications not yet delivered are dropped."""
        subscriptions.delete_subscription(platform, caller, subscriptionID)
        return versioned(Response(status_code=204), version)

    @router.put(
        "/event-subscriptions/{subscriptionID}/secret", status_code=204, response_class=Response
    )
    def rotate(platform: PlatformDep, caller: Caller, subscriptionID: str, body: Json) -> Response:
        """A new shared secret; every notification from now on is signed with it."""
        subscriptions.rotate_secret(platform, caller, subscriptionID, _text(body, "secret"))
        return versioned(Response(status_code=204), version)

    return router


v2_router = _router(TntVersion.V2)
v3_router = _router(TntVersion.V3)
