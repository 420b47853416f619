"""DCSA-style event subscriptions: matching events are POSTed to a callback, signed with HMAC,
at least once, from a persistent outbox with retries and exponential backoff.

Notifications are written to the outbox in the same transaction as their events, so a stored
event is never without its notifications. A deliverer claims due notifications for a lease (so
that two deliverers never send one at the same time), POSTs them outside any transaction, and
records the outcome: delivered, or tried again after ``5 s × 2^attempts`` (at most an hour),
giving up after 12 attempts. Every failure, of whatever kind, is counted against its own
notification and recorded as a category (:class:`~landsea.domain.webhook_target.DeliveryFailure`);
a callback that fails has its other notifications of the pass wait with it, so that one
subscriber's dead callback does not hold up everyone else's. Callbacks are checked by
:mod:`landsea.services.webhook_target` when subscribing and again at every delivery.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import logging
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.timetable import Service
from landsea.domain.tracking import TrackingEvent
from landsea.domain.webhook_target import DeliveryFailure
from landsea.errors import InvalidInput, NotFound
from landsea.feeds.dcsa_outbound import SHAPE_FILTERS, as_version, matches_v2, notification_body
from landsea.feeds.dcsa_schema import TntVersion
from landsea.persistence.records import Notification, OutboxEntry, OutboxSummary, Subscription
from landsea.services import webhook_target
from landsea.services.platform import Platform
from landsea.units import ServiceId

if TYPE_CHECKING:
    import httpx

__all__ = [
    "Deliverer",
    "DeliveryReport",
    "OutboxEntry",
    "OutboxSummary",
    "Subscription",
    "SubscriptionDetail",
    "create_subscription",
    "delete_subscription",
    "deliver",
    "get_subscription",
    "list_subscriptions",
    "notifications_for",
    "rotate_secret",
    "sign",
    "update_subscription",
]

BASE_DELAY_S = 5.0
MAX_DELAY_S = 3600.0
MAX_ATTEMPTS = 12
LEASE_S = 120.0

log = logging.getLogger(__name__)
FILTERS = (
    "eventType",
    "equipmentReference",
    "carrierBookingReference",
    "transportDocumentReference",
    "UNLocationCode",
)
VERSION_FILTERS = {
    "received": FILTERS,
    TntVersion.V2.value: FILTERS + tuple(sorted(SHAPE_FILTERS)),
    TntVersion.V3.value: (
        "eventType", "equipmentReference", "carrierBookingReference", "transportDocumentReference",
    ),
}  # fmt: skip
"""The filters a subscription of each version may set (3.0 subscribes by its GET filters)."""
_EVENT_TYPES = {
    "received": ("TRANSPORT", "EQUIPMENT", "SHIPMENT"),
    TntVersion.V2.value: ("TRANSPORT", "EQUIPMENT", "SHIPMENT"),
    TntVersion.V3.value: ("TRANSPORT", "EQUIPMENT", "SHIPMENT", "IOT", "REEFER"),
}


def secret_key(secret: str) -> bytes:
    """The HMAC key of a subscription: its shared secret, Base64 as DCSA sends it."""
    return base64.b64decode(secret, validate=True)


def sign(secret: str, body: bytes) -> str:
    """The ``Notification-Signature`` header value: ``sha256=<hex HMAC-SHA256 of the body>``,
    keyed by the decoded Base64 secret (as DCSA's reference implementation signs)."""
    return "sha256=" + hmac.new(secret_key(secret), body, hashlib.sha256).hexdigest()


def create_subscription(
    platform: Platform,
    principal: Principal,
    *,
    callback_url: str,
    secret: str,
    filters: dict[str, Any],
    version: str = "received",
) -> Subscription:
    """A subscription of the caller's organisation; filters are ANDed, a list means any of.

    ``version`` is the DCSA version its notifications speak (``2.2.0``, ``3.0.0``), or
    ``received`` (each event as received: landsea's own ``/api/v1`` subscriptions)."""
    webhook_target.check_callback(callback_url, platform.webhook_policy)
    _check_secret(secret)
    chosen = _filters(version, filters)
    subscription = Subscription(
        id=str(uuid.uuid4()),
        organisation_id=principal.organisation_id,
        callback_url=callback_url,
        secret=secret,
        filters=chosen,
        created_at=dt.datetime.now(dt.UTC),
        version=version,
    )
    with platform.uow() as uow:
        uow.subscriptions.add(subscription)
    return subscription


def _check_secret(secret: str) -> None:
    try:
        key = secret_key(secret)
    except (ValueError, binascii.Error):
        raise InvalidInput("secret is not Base64") from None
    if len(key) < 16:
        raise InvalidInput(f"secret decodes to {len(key)} bytes; at least 16 are needed")


def _filters(version: str, filters: dict[str, Any]) -> dict[str, list[str]]:
    """The filters of a subscription of ``version``, each a list of values (any of)."""
    allowed = VERSION_FILTERS.get(version)
    if allowed is None:
        raise InvalidInput(f"version {version!r} is not one of {', '.join(VERSION_FILTERS)}")
    unknown = set(filters) - set(allowed)
    if unknown:
        raise InvalidInput(
            f"filters {sorted(unknown)} are not event filters ({', '.join(allowed)})"
        )
    chosen: dict[str, list[str]] = {}
    for name, wanted in filters.items():
        if wanted is None:
            continue
        values = wanted if isinstance(wanted, list) else str(wanted).split(",")
        values = [str(v).strip() for v in values if str(v).strip()]
        if name == "eventType":
            bad = [v for v in values if v not in _EVENT_TYPES[version]]
            if bad:
                raise InvalidInput(
                    f"eventType {bad[0]!r} must be one of {', '.join(_EVENT_TYPES[version])}"
                )
        if values:
            chosen[name] = values
    return chosen


def update_subscription(
    platform: Platform,
    principal: Principal,
    subscription_id: str,
    *,
    callback_url: str,
    filters: dict[str, Any],
) -> Subscription:
    """New callback and filters for a subscription of the caller's organisation (DCSA's PUT:
    the whole subscription is replaced; its version and secret stay)."""
    webhook_target.check_callback(callback_url, platform.webhook_policy)
    found = get_subscription(platform, principal, subscription_id).subscription
    chosen = _filters(found.version, filters)
    with platform.uow() as uow:
        uow.subscriptions.change(subscription_id, callback_url=callback_url, filters=chosen)
    return dataclasses.replace(found, callback_url=callback_url, filters=chosen)


def rotate_secret(
    platform: Platform, principal: Principal, subscription_id: str, secret: str
) -> None:
    """A new shared secret (DCSA's ``PUT …/secret``): every notification from now on, the ones
    waiting too, is signed with it."""
    _check_secret(secret)
    get_subscription(platform, principal, subscription_id)  # the caller's, or not found
    with platform.uow() as uow:
        uow.subscriptions.change(subscription_id, secret=secret)


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionDetail:
    """A subscription and how its notifications go."""

    subscription: Subscription
    deliveries: OutboxSummary


def get_subscription(
    platform: Platform, principal: Principal, subscription_id: str
) -> SubscriptionDetail:
    """A subscription of the caller's organisation (any, for an admin) and its deliveries."""
    with platform.uow(read_only=True) as uow:
        owner = _owner(principal)
        for subscription in uow.subscriptions.all(owner):
            if subscription.id == subscription_id:
                outbox = uow.subscriptions.outbox(subscription_id)
                return SubscriptionDetail(subscription=subscription, deliveries=outbox)
    raise NotFound(f"event subscription {subscription_id!r} does not exist")


def list_subscriptions(platform: Platform, principal: Principal) -> list[Subscription]:
    with platform.uow(read_only=True) as uow:
        return uow.subscriptions.all(_owner(principal))


def delete_subscription(platform: Platform, principal: Principal, subscription_id: str) -> None:
    with platform.uow() as uow:
        owner = _owner(principal)
        if not uow.subscriptions.delete(subscription_id, owner):
            raise NotFound(f"event subscription {subscription_id!r} does not exist")


def _owner(principal: Principal) -> str | None:
    """Whose subscriptions ``principal`` manages (``None``: everyone's, for an admin)."""
    if access.reaches_all(principal, access.Action.MANAGE_SUBSCRIPTION):
        return None
    access.check(
        access.may_manage_subscription(principal, principal.organisation_id),
        principal,
        access.Action.MANAGE_SUBSCRIPTION,
    )
    return principal.organisation_id


def _matches(subscription: Subscription, event: TrackingEvent) -> bool:
    fields = {
        "eventType": event.event_type.value,
        "equipmentReference": event.equipment_reference,
        "carrierBookingReference": event.carrier_booking_reference,
        "transportDocumentReference": event.transport_document_reference,
        "UNLocationCode": event.location,
    }
    for name, wanted in subscription.filters.items():
        if name in SHAPE_FILTERS:
            continue  # read on the event as its version says it (_body)
        accepted = wanted if isinstance(wanted, list) else [wanted]
        if fields.get(name) not in accepted:
            return False
    return True


def _body(subscription: Subscription, events: list[TrackingEvent]) -> Any:
    """The notification of ``events`` in the subscription's version (``None``: nothing to send,
    none matching or none the version can say)."""
    if subscription.version == "received":
        return [e.raw for e in events] if events else None
    version = TntVersion(subscription.version)
    shaped = [s for s in (as_version(e, version) for e in events) if s is not None]
    if version is TntVersion.V2:
        wanted = {k: v for k, v in subscription.filters.items() if k in SHAPE_FILTERS}
        shaped = [s for s in shaped if matches_v2(s, wanted)]
    return notification_body(shaped, version) if shaped else None


def notifications_for(
    uow: Any, events: Iterable[TrackingEvent], services: Mapping[ServiceId, Service]
) -> list[tuple[str, str]]:
    """Outbox rows (subscription id, JSON array of events) for newly stored events, per the
    subscriptions' filters; a subscription gets only the events its organisation may read
    (:func:`landsea.domain.access.may_read_event`: a shipper its own bookings', an operator
    those of the bookings on its services)."""
    stored = list(events)
    if not stored:
        return []
    rows = []
    readable: dict[str, set[str] | None] = {}
    for subscription in uow.subscriptions.all():
        owner = subscription.organisation_id
        if owner not in readable:
            principal = uow.accounts.organisation(owner)
            scope = (
                None
                if principal is None
                else access.booking_scope(principal, access.Action.READ_EVENT, services)
            )
            if scope == (None, None):
                readable[owner] = None  # every event
            else:
                organisation, service_ids = scope or (owner, frozenset())
                own = uow.bookings.find(
                    organisation_id=organisation,
                    service_ids=None if service_ids is None else sorted(service_ids),
                    after=None,
                    limit=100_000,
                )
                readable[owner] = {b.id for b in own}
        matching = [e for e in stored if _matches(subscription, e)]
        bookings = readable[owner]
        if bookings is not None:
            matching = [e for e in matching if e.carrier_booking_reference in bookings]
        body = _body(subscription, matching)
        if body is not None:
            rows.append((subscription.id, json.dumps(body, ensure_ascii=False)))
    return rows


@dataclass(slots=True)
class DeliveryReport:
    delivered: int = 0
    retried: int = 0
    failed: int = 0
    waiting: int = 0
    """Not tried: their callback failed earlier in the pass, and they wait with it."""

    @property
    def sent(self) -> int:
        """The notifications the pass took from the outbox (a full batch: more may be due)."""
        return self.delivered + self.retried + self.failed + self.waiting


def deliver(
    platform: Platform,
    *,
    client: httpx.Client | None = None,
    now: dt.datetime | None = None,
    limit: int = 100,
) -> DeliveryReport:
    """One pass over the due notifications."""
    moment = now or dt.datetime.now(dt.UTC)
    with platform.uow() as uow:
        due = uow.subscriptions.due(moment, limit)
        # A lease: no other deliverer takes them until it runs out (or this one records them).
        uow.subscriptions.lease([n.id for n in due], moment + dt.timedelta(seconds=LEASE_S))
    report = DeliveryReport()
    owned = client is None
    http = client or webhook_target.webhook_client()
    waiting: dict[str, dt.datetime] = {}  # callbacks that failed in this pass: until when
    try:
        for notification in due:
            if notification.subscription_id in waiting:
                with platform.uow() as uow:  # not tried: it waits with its callback's failure
                    uow.subscriptions.lease(
                        [notification.id], waiting[notification.subscription_id]
                    )
                report.waiting += 1
                continue
            error = _attempt(platform, http, notification)
            retry_at = _record(platform, notification, error, moment, report)
            if retry_at is not None:
                waiting[notification.subscription_id] = retry_at
    finally:
        if owned:
            http.close()
    return report


def _attempt(
    platform: Platform, http: httpx.Client, notification: Notification
) -> DeliveryFailure | None:
    """Send one notification; whatever goes wrong is its own failure, never the whole pass's."""
    try:
        body = notification.payload.encode()
        headers = {
            "Content-Type": "application/json",
            "Notification-Signature": sign(notification.secret, body),
            "Subscription-ID": notification.subscription_id,
            **_version_headers(notification, body),
        }
        error = webhook_target.send(
            http, notification.callback_url, platform.webhook_policy, body=body, headers=headers
        )
    except Exception:
        log.exception("event notification %s could not be sent", notification.id)
        return DeliveryFailure.INTERNAL_ERROR
    if error is not None:
        log.info("event notification %s not delivered: %s", notification.id, error)
    return error


def _version_headers(notification: Notification, body: bytes) -> dict[str, str]:
    """``API-Version`` of the body's version; for 2.2 also its deprecated but required
    ``Signature`` (keyId, created, headers, signature: the Base64 HMAC-SHA256 of the body)."""
    if notification.version == "received":
        return {}  # each event as received, of whichever version: no one version to name
    headers = {"API-Version": notification.version}
    if notification.version == TntVersion.V2.value:
        mac = hmac.new(secret_key(notification.secret), body, hashlib.sha256).digest()
        headers["Signature"] = (
            f'keyId="{notification.subscription_id}",created={int(time.time())},'
            f'headers="(created) notification-signature",'
            f'signature="{base64.b64encode(mac).decode()}"'
        )
    return headers


def _record(
    platform: Platform,
    notification: Notification,
    error: DeliveryFailure | None,
    moment: dt.datetime,
    report: DeliveryReport,
) -> dt.datetime | None:
    """Record the outcome of an attempt; when the notification is tried again, that time."""
    attempts = notification.attempts + 1
    with platform.uow() as uow:
        if error is None:
            uow.subscriptions.delivered(notification.id, moment)
            report.delivered += 1
            return None
        # A URL that cannot be read now never will be: give up at once.
        if attempts >= MAX_ATTEMPTS or error is DeliveryFailure.INVALID_URL:
            uow.subscriptions.retry(notification.id, at=None, error=error.value, now=moment)
            report.failed += 1
            return None
        at = moment + dt.timedelta(seconds=min(MAX_DELAY_S, BASE_DELAY_S * 2**attempts))
        uow.subscriptions.retry(notification.id, at=at, error=error.value, now=moment)
        report.retried += 1
        return at


class Deliverer:
    """Delivers due notifications every ``interval`` seconds in a background thread."""

    def __init__(self, platform: Platform, interval: float) -> None:
        self.platform = platform
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="landsea-deliverer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        with webhook_target.webhook_client() as client:
            while not self._stop.wait(self.interval):
                try:
                    while deliver(self.platform, client=client).sent == 100:
                        if self._stop.is_set():
                            return
                except Exception:  # a database hiccup must not end delivery for good
                    log.exception("event notification delivery failed; trying again")
