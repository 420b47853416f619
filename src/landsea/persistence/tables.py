"""The database tables (SQLAlchemy 2 declarative, typed). ORM rows never leave this package.

Every time column is a :class:`~landsea.persistence.columns.UtcDateTime` (aware UTC in and out)
and every JSON column a :class:`~landsea.persistence.columns.JsonText` (a value, not its text),
so repositories never convert either by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from landsea.persistence.columns import JsonText, UtcDateTime

__all__ = [
    "ApiKeyRow",
    "Base",
    "BookingLegRow",
    "BookingRow",
    "CargoRequestRow",
    "ConsolidationRunRow",
    "DeclarationDecisionRow",
    "DeclarationRow",
    "DepartureAuditRow",
    "DepartureRow",
    "DocumentEntryRow",
    "EventSubscriptionRow",
    "JobRow",
    "OrganisationRow",
    "OutboxRow",
    "PartyKeyRow",
    "SignInAttemptRow",
    "TrackingEventRow",
    "TransportDocumentRow",
    "UnsupportedEventRow",
    "UserRow",
    "WebSessionRow",
]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    operator_match: Mapped[str | None] = mapped_column(String(200), default=None)
    """For operators: the services they run (a text found in the service's operator), or all."""
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)

    __table_args__ = (
        CheckConstraint(
            "role IN ('shipper', 'operator', 'customs', 'admin', 'bank')", name="ck_org_role"
        ),
    )


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    """Written at most every few minutes (a read on every request must not become a write)."""


class DepartureRow(Base):
    __tablename__ = "departures"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    service_id: Mapped[str] = mapped_column(String(40), index=True)
    departure_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    capacity_teu: Mapped[int] = mapped_column(Integer)
    booked_teu: Mapped[int] = mapped_column(Integer, default=0)
    reefer_plugs: Mapped[int] = mapped_column(Integer)
    reefer_plugs_booked: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        # The last line of defence against overbooking: the database itself refuses it.
        CheckConstraint("booked_teu >= 0 AND booked_teu <= capacity_teu", name="ck_departure_teu"),
        CheckConstraint(
            "reefer_plugs_booked >= 0 AND reefer_plugs_booked <= reefer_plugs",
            name="ck_departure_plugs",
        ),
        Index("ix_departures_service_time", "service_id", "departure_at"),
    )


class DepartureAuditRow(Base):
    __tablename__ = "departure_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    departure_id: Mapped[str] = mapped_column(ForeignKey("departures.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(String(80))
    new_value: Mapped[str] = mapped_column(String(80))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)


class BookingRow(Base):
    __tablename__ = "bookings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    teu: Mapped[int] = mapped_column(Integer)
    cargo_type: Mapped[str] = mapped_column(String(16))
    shipper_reference: Mapped[str | None] = mapped_column(String(100), default=None)
    price_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    price_currency: Mapped[str] = mapped_column(String(3))
    price_minor: Mapped[int] = mapped_column(BigInteger)
    """The price in minor units of ``price_currency`` (exact; ``price_amount`` kept for readers)."""
    quote: Mapped[Any] = mapped_column(JsonText, default=None, nullable=True)
    """The quote frozen at booking: amounts, currency, the rates and their dates (or null)."""
    co2e_kg: Mapped[float] = mapped_column(Numeric(14, 3))
    commodity: Mapped[str | None] = mapped_column(String(200), default=None)
    hs_code: Mapped[str | None] = mapped_column(String(10), default=None)
    containers: Mapped[Any] = mapped_column(JsonText, default=None, nullable=True)
    """The ISO 6346 numbers given at booking, a JSON list (or null)."""
    idempotency_key: Mapped[str | None] = mapped_column(String(200), default=None)
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)

    legs: Mapped[list[BookingLegRow]] = relationship(
        back_populates="booking", order_by="BookingLegRow.seq", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("organisation_id", "idempotency_key", name="uq_booking_idempotency"),
        CheckConstraint(
            "status IN ('requested', 'confirmed', 'cancelled', 'completed')",
            name="ck_booking_status",
        ),
        CheckConstraint("teu > 0", name="ck_booking_teu"),
    )


class BookingLegRow(Base):
    __tablename__ = "booking_legs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    departure_id: Mapped[str | None] = mapped_column(ForeignKey("departures.id"), index=True)
    service_id: Mapped[str] = mapped_column(String(40), index=True)
    from_locode: Mapped[str] = mapped_column(String(16))
    to_locode: Mapped[str] = mapped_column(String(16))
    teu: Mapped[int] = mapped_column(Integer)
    plugs: Mapped[int] = mapped_column(Integer)

    booking: Mapped[BookingRow] = relationship(back_populates="legs")


class TrackingEventRow(Base):
    """A DCSA event, its key fields for filtering and its body exactly as received."""

    __tablename__ = "tracking_events"

    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[str] = mapped_column(String(10))
    event_type: Mapped[str] = mapped_column(String(10), index=True)
    classifier: Mapped[str] = mapped_column(String(3))
    type_code: Mapped[str] = mapped_column(String(4))
    event_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    location: Mapped[str | None] = mapped_column(String(16), index=True, default=None)
    equipment_reference: Mapped[str | None] = mapped_column(String(11), index=True, default=None)
    carrier_booking_reference: Mapped[str | None] = mapped_column(
        String(200), index=True, default=None
    )
    transport_document_reference: Mapped[str | None] = mapped_column(
        String(200), index=True, default=None
    )
    mode: Mapped[str | None] = mapped_column(String(10), default=None)
    body: Mapped[dict[str, Any]] = mapped_column(JsonText)
    retracted_by: Mapped[str | None] = mapped_column(String(200), default=None)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)

    __table_args__ = (Index("ix_tracking_events_time", "event_at", "event_id"),)


class UnsupportedEventRow(Base):
    """An event of a type landsea does not model (IOT, REEFER …), kept as received."""

    __tablename__ = "unsupported_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str | None] = mapped_column(String(200), default=None)
    event_type: Mapped[str] = mapped_column(String(40))
    body: Mapped[dict[str, Any]] = mapped_column(JsonText)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)


class DeclarationRow(Base):
    """A customs declaration: key fields as columns, items, containers and hits as JSON."""

    __tablename__ = "declarations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    booking_id: Mapped[str | None] = mapped_column(
        ForeignKey("bookings.id"), index=True, default=None
    )
    direction: Mapped[str] = mapped_column(String(6))
    office: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    lane: Mapped[str] = mapped_column(String(6), index=True)
    score: Mapped[float] = mapped_column(Numeric(8, 3))
    body: Mapped[dict[str, Any]] = mapped_column(JsonText)
    """JSON: consignor, consignee, dangerous_goods, containers, items."""
    rule_hits: Mapped[list[dict[str, Any]]] = mapped_column(JsonText)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)

    __table_args__ = (
        CheckConstraint("direction IN ('export', 'import')", name="ck_declaration_direction"),
        CheckConstraint("lane IN ('green', 'yellow', 'red')", name="ck_declaration_lane"),
    )


class DeclarationDecisionRow(Base):
    """A customs officer's decision on a declaration: who, when, what and why."""

    __tablename__ = "declaration_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    declaration_id: Mapped[str] = mapped_column(ForeignKey("declarations.id"), index=True)
    decision: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(500))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)


class EventSubscriptionRow(Base):
    """A DCSA-style event subscription: where to POST matching events, and the signing secret."""

    __tablename__ = "event_subscriptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    callback_url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    filters: Mapped[dict[str, Any]] = mapped_column(JsonText)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    version: Mapped[str] = mapped_column(String(12), default="received", server_default="received")
    """Notifications in DCSA ``2.2.0``, ``3.0.0`` or ``received`` (/api/v1: as received)."""


class OutboxRow(Base):
    """A notification to deliver, written in the transaction that stored its events."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("event_subscriptions.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[str] = mapped_column(Text)
    """The exact body POSTed and signed: text kept byte for byte, not a JSON value."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    failed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)


class CargoRequestRow(Base):
    """A shipper's pending request for transport, waiting to be consolidated onto departures."""

    __tablename__ = "cargo_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    reference: Mapped[str | None] = mapped_column(String(100), default=None)
    origin: Mapped[str] = mapped_column(String(16))
    destination: Mapped[str] = mapped_column(String(16))
    teu: Mapped[int] = mapped_column(Integer)
    cargo_type: Mapped[str] = mapped_column(String(10))
    ready_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    due_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    penalty_per_day: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    """CNY per TEU per day late."""
    status: Mapped[str] = mapped_column(String(10), index=True)
    booking_id: Mapped[str | None] = mapped_column(ForeignKey("bookings.id"), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)

    __table_args__ = (
        CheckConstraint("teu >= 1", name="ck_cargo_request_teu"),
        CheckConstraint(
            "status IN ('pending', 'booked', 'cancelled')", name="ck_cargo_request_status"
        ),
    )


class ConsolidationRunRow(Base):
    """A consolidation run: what was asked, how it went, and its result (JSON)."""

    __tablename__ = "consolidation_runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    parameters: Mapped[dict[str, Any]] = mapped_column(JsonText)
    result: Mapped[dict[str, Any] | None] = mapped_column(JsonText, default=None)
    error: Mapped[str | None] = mapped_column(String(2000), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


class UserRow(Base):
    """A person who signs in to the web platform with a password, for an organisation."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    """``scrypt$n$r$p$salt$hash`` (hex)."""
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)


class WebSessionRow(Base):
    """A signed-in browser: the SHA-256 of its cookie's token, whose it is, its CSRF token."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    api_key_id: Mapped[str | None] = mapped_column(
        ForeignKey("api_keys.id"), index=True, default=None
    )
    """The key this session was started with: revoking the key ends the session."""
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)


class SignInAttemptRow(Base):
    """Recent failed sign-ins of one account (``user:<name>``) or client address (``addr:<ip>``),
    shared by every server process (see :mod:`landsea.domain.credentials`)."""

    __tablename__ = "sign_in_attempts"

    key: Mapped[str] = mapped_column(String(220), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(
        UtcDateTime, index=True, default=None
    )


class JobRow(Base):
    """A durable job (see :mod:`landsea.domain.job`): kind, JSON payload, status, lease."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonText)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer)
    organisation_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JsonText, default=None)
    error: Mapped[str | None] = mapped_column(String(2000), default=None)
    owner: Mapped[str | None] = mapped_column(String(200), default=None)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)

    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="ck_job_status"),
        CheckConstraint("attempts >= 0", name="ck_job_attempts"),
        Index("ix_jobs_status_created_at", "status", "created_at"),
    )


# Transport documents (issue 16): party keys, documents, their signed history. ------------------


class PartyKeyRow(Base):
    """An organisation's Ed25519 key pair: the public key as a JWK ``x``, the private key
    encrypted with the platform's document secret (AES-GCM)."""

    __tablename__ = "party_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    """The key id (``kid`` of every JWS it signs)."""
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), unique=True)
    public_key: Mapped[str] = mapped_column(String(64))
    private_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)


class TransportDocumentRow(Base):
    """A transport document and who holds it now (what its history's last entry says)."""

    __tablename__ = "transport_documents"

    reference: Mapped[str] = mapped_column(String(20), primary_key=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id"), index=True)
    issuer_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    holder_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    pending_to: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    bank_id: Mapped[str | None] = mapped_column(String(36), default=None)
    status: Mapped[str] = mapped_column(String(24))
    negotiable: Mapped[bool] = mapped_column(Boolean)
    document: Mapped[dict[str, Any]] = mapped_column(JsonText)
    document_checksum: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    """How many entries its history has: every step updates the row only at the version it read."""
    head_checksum: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)

    __table_args__ = (
        CheckConstraint(
            "status IN ('held', 'offered', 'pledged', 'surrender_requested', 'surrendered')",
            name="ck_document_status",
        ),
        CheckConstraint("version >= 1", name="ck_document_version"),
    )


class DocumentEntryRow(Base):
    """One signed step of a document's history (a compact JWS over the previous one's hash)."""

    __tablename__ = "document_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(ForeignKey("transport_documents.reference"))
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[str] = mapped_column(String(36))
    recipient_id: Mapped[str | None] = mapped_column(String(36), default=None)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    signed: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        # Two steps can never claim one place in a history.
        UniqueConstraint("reference", "seq", name="uq_document_entry_seq"),
    )


# The network's and the disruption overlay's tables live in their own modules; importing them
# here puts them in Base.metadata, which Alembic and the migration check compare with the
# migrations.
from landsea.persistence import disruption_rows as _disruption_rows  # noqa: E402, F401
from landsea.persistence import invoice_rows as _invoice_rows  # noqa: E402, F401
from landsea.persistence import network_rows as _network_rows  # noqa: E402, F401
from landsea.persistence import rate_rows as _rate_rows  # noqa: E402, F401
