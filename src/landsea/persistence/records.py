"""Records the repositories return beside the domain's own types: what a row holds that the
domain has no class for (a stored key hash, an outbox count …). Frozen, keyword-only, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from landsea.domain.booking import Booking, Principal
from landsea.domain.credentials import ApiKey

__all__ = [
    "ClearanceEvent",
    "ConsolidationRun",
    "DepartureChange",
    "IdempotentBooking",
    "Notification",
    "OutboxEntry",
    "OutboxSummary",
    "SignInCount",
    "StoredKey",
    "Subscription",
    "UserLogin",
    "WebSession",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredKey:
    """A live API key, the hash its secret must match, and its organisation."""

    key: ApiKey
    key_hash: str
    owner: Principal


@dataclass(frozen=True, slots=True, kw_only=True)
class UserLogin:
    """A user's id, stored password hash and organisation."""

    user_id: str
    password_hash: str
    owner: Principal


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSession:
    """A live web session: whose it is, its CSRF token and the user's name (none for a key)."""

    owner: Principal
    csrf_token: str
    username: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SignInCount:
    """Recent failed sign-ins under one key, and when the last was."""

    failures: int = 0
    last_failure_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartureChange:
    """One line of a departure's audit trail: who changed which field from what to what."""

    organisation_id: str
    field: str
    old: str
    new: str
    at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class IdempotentBooking:
    """The booking made under an idempotency key, and the fingerprint of its request."""

    booking: Booking
    request_hash: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearanceEvent:
    """An actual event that starts or ends a customs clearance: where, which container or
    booking, when."""

    location: str
    container: str | None
    booking: str | None
    at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Subscription:
    id: str
    organisation_id: str
    callback_url: str
    secret: str
    filters: dict[str, Any]
    created_at: dt.datetime
    version: str = "received"
    """The DCSA version its notifications speak (``2.2.0``, ``3.0.0``), or ``received``: each
    event as it was received (landsea's own ``/api/v1`` subscriptions)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Notification:
    id: int
    subscription_id: str
    callback_url: str
    secret: str
    payload: str
    attempts: int
    version: str = "received"


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxEntry:
    """One notification of a subscription's outbox and how its delivery goes."""

    id: int
    attempts: int
    events: int
    created_at: dt.datetime
    next_attempt_at: dt.datetime
    delivered_at: dt.datetime | None
    failed_at: dt.datetime | None
    last_error: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxSummary:
    """How many notifications of a subscription wait, went and failed; the latest ones."""

    pending: int
    delivered: int
    failed: int
    latest: tuple[OutboxEntry, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsolidationRun:
    id: str
    organisation_id: str
    status: str
    parameters: dict[str, Any]
    result: dict[str, Any] | None
    error: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
