"""Repositories: reads and writes through a Session the caller owns (they never commit)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

import orjson
from sqlalchemy import (
    String,
    Table,
    and_,
    any_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from landsea.domain.booking import (
    Booking,
    BookingLeg,
    BookingStatus,
    DepartureCapacity,
    Principal,
    Role,
)
from landsea.domain.consolidation import CargoRequest, RequestStatus
from landsea.domain.credentials import ApiKey
from landsea.domain.customs import (
    Decision,
    DecisionKind,
    Declaration,
    DeclarationItem,
    DeclarationStatus,
    Direction,
    Lane,
    RuleHit,
)
from landsea.domain.money import Money
from landsea.domain.tracking import Classifier, EventType, TrackingEvent, TransportMode
from landsea.errors import Conflict, DuplicateIdempotencyKey
from landsea.persistence.tables import (
    ApiKeyRow,
    Base,
    BookingLegRow,
    BookingRow,
    CargoRequestRow,
    ConsolidationRunRow,
    DeclarationDecisionRow,
    DeclarationRow,
    DepartureAuditRow,
    DepartureRow,
    EventSubscriptionRow,
    OrganisationRow,
    OutboxRow,
    SignInAttemptRow,
    TrackingEventRow,
    UnsupportedEventRow,
    UserRow,
    WebSessionRow,
)

__all__ = [
    "Accounts",
    "Bookings",
    "CargoRequests",
    "ConsolidationRun",
    "ConsolidationRuns",
    "Declarations",
    "Departures",
    "Events",
    "Notification",
    "Subscription",
    "Subscriptions",
]


def _table(row: type[Base]) -> Table:
    """The Core table of a mapped class, for batched executemany inserts."""
    return cast(Table, row.__table__)


def _chunks(session: Session, values: list[str]) -> Iterator[list[str]]:
    """``values`` in pieces one query can take: all at once as a PostgreSQL array, else 500."""
    size = len(values) if session.get_bind().dialect.name == "postgresql" else 500
    for start in range(0, len(values), max(size, 1)):
        yield values[start : start + size]


def _among(session: Session, column: Any, values: list[str]) -> Any:
    """``column IN values``: on PostgreSQL ``= ANY(array)``, one parameter however many values
    (a long IN list costs more to build and parse than the lookup itself)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(String)))
    return column.in_(values)


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; every time stored is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _principal(row: OrganisationRow) -> Principal:
    return Principal(
        organisation_id=row.id,
        name=row.name,
        role=Role(row.role),
        operator_match=row.operator_match,
    )


class Accounts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_organisation(
        self, *, id: str, name: str, role: Role, operator_match: str | None
    ) -> Principal:
        row = OrganisationRow(id=id, name=name, role=role.value, operator_match=operator_match)
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError:
            raise Conflict(f"an organisation named {name!r} already exists") from None
        return _principal(row)

    def organisation(self, id_or_name: str) -> Principal | None:
        row = self.session.scalars(
            select(OrganisationRow).where(
                or_(OrganisationRow.id == id_or_name, OrganisationRow.name == id_or_name)
            )
        ).first()
        return _principal(row) if row else None

    def organisations(self, *, after: str | None, limit: int) -> list[Principal]:
        query = select(OrganisationRow).order_by(OrganisationRow.id).limit(limit)
        if after:
            query = query.where(OrganisationRow.id > after)
        return [_principal(row) for row in self.session.scalars(query)]

    def add_key(self, *, id: str, organisation_id: str, prefix: str, key_hash: str) -> None:
        self.session.add(
            ApiKeyRow(id=id, organisation_id=organisation_id, prefix=prefix, key_hash=key_hash)
        )
        self.session.flush()

    def key(self, prefix: str) -> tuple[ApiKey, str, Principal] | None:
        """The live key with ``prefix``, its stored hash and its organisation."""
        found = self.session.execute(
            select(ApiKeyRow, OrganisationRow)
            .join(OrganisationRow, OrganisationRow.id == ApiKeyRow.organisation_id)
            .where(ApiKeyRow.prefix == prefix, ApiKeyRow.revoked_at.is_(None))
        ).first()
        if found is None:
            return None
        return _api_key(found[0]), found[0].key_hash, _principal(found[1])

    def keys(self, organisation_id: str) -> list[ApiKey]:
        """Every key of an organisation, revoked ones too, oldest first."""
        rows = self.session.scalars(
            select(ApiKeyRow)
            .where(ApiKeyRow.organisation_id == organisation_id)
            .order_by(ApiKeyRow.created_at, ApiKeyRow.id)
        )
        return [_api_key(row) for row in rows]

    def organisation_key(self, organisation_id: str, id_or_prefix: str) -> ApiKey | None:
        """The key of the organisation whose id or prefix is ``id_or_prefix``."""
        row = self.session.scalars(
            select(ApiKeyRow).where(
                ApiKeyRow.organisation_id == organisation_id,
                or_(ApiKeyRow.id == id_or_prefix, ApiKeyRow.prefix == id_or_prefix),
            )
        ).first()
        return _api_key(row) if row else None

    def touch_key(self, key_id: str, now: dt.datetime, *, unless_since: dt.datetime) -> None:
        """Note that the key was used ``now``, unless that was noted after ``unless_since``."""
        self.session.execute(
            update(ApiKeyRow)
            .where(
                ApiKeyRow.id == key_id,
                or_(ApiKeyRow.last_used_at.is_(None), ApiKeyRow.last_used_at < unless_since),
            )
            .values(last_used_at=now)
        )

    def revoke_key(self, key_id: str, now: dt.datetime) -> int:
        """Revoke the key (if it is live) and end the web sessions it started; how many."""
        self.session.execute(
            update(ApiKeyRow)
            .where(ApiKeyRow.id == key_id, ApiKeyRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        ended = self.session.execute(
            delete(WebSessionRow).where(WebSessionRow.api_key_id == key_id)
        )
        return int(getattr(ended, "rowcount", 0) or 0)

    def add_user(self, *, id: str, organisation_id: str, username: str, password_hash: str) -> None:
        self.session.add(
            UserRow(
                id=id,
                organisation_id=organisation_id,
                username=username,
                password_hash=password_hash,
            )
        )
        try:
            self.session.flush()
        except IntegrityError:
            raise Conflict(f"a user named {username!r} already exists") from None

    def user(self, username: str) -> tuple[str, str, Principal] | None:
        """(user id, password hash, organisation) of ``username``."""
        found = self.session.execute(
            select(UserRow.id, UserRow.password_hash, OrganisationRow)
            .join(OrganisationRow, OrganisationRow.id == UserRow.organisation_id)
            .where(UserRow.username == username)
        ).first()
        return None if found is None else (found[0], found[1], _principal(found[2]))

    def add_session(
        self,
        *,
        token_hash: str,
        organisation_id: str,
        user_id: str | None,
        api_key_id: str | None,
        csrf_token: str,
        expires_at: dt.datetime,
    ) -> None:
        self.session.add(
            WebSessionRow(
                token_hash=token_hash,
                organisation_id=organisation_id,
                user_id=user_id,
                api_key_id=api_key_id,
                csrf_token=csrf_token,
                expires_at=expires_at,
            )
        )
        self.session.flush()

    def web_session(
        self, token_hash: str, now: dt.datetime
    ) -> tuple[Principal, str, str | None] | None:
        """(organisation, CSRF token, user name) of a live session."""
        found = self.session.execute(
            select(OrganisationRow, WebSessionRow.csrf_token, UserRow.username)
            .join(OrganisationRow, OrganisationRow.id == WebSessionRow.organisation_id)
            .outerjoin(UserRow, UserRow.id == WebSessionRow.user_id)
            .outerjoin(ApiKeyRow, ApiKeyRow.id == WebSessionRow.api_key_id)
            .where(
                WebSessionRow.token_hash == token_hash,
                WebSessionRow.expires_at > now,
                # A session started with a key lives no longer than the key.
                or_(WebSessionRow.api_key_id.is_(None), ApiKeyRow.revoked_at.is_(None)),
            )
        ).first()
        return None if found is None else (_principal(found[0]), found[1], found[2])

    def end_session(self, token_hash: str) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash))

    def sign_in_attempts(self, keys: Sequence[str]) -> dict[str, tuple[int, dt.datetime | None]]:
        """(failures, last failure) of each key, its row locked until the transaction ends
        (rows are made first, so that two processes counting the same new key wait in turn)."""
        dialect = self.session.get_bind().dialect.name
        self.session.execute(
            (
                postgresql.insert(SignInAttemptRow)
                if dialect == "postgresql"
                else sqlite.insert(SignInAttemptRow)
            ).on_conflict_do_nothing(index_elements=["key"]),
            [{"key": key, "failures": 0, "last_failure_at": None} for key in sorted(keys)],
        )
        rows = self.session.execute(
            select(
                SignInAttemptRow.key, SignInAttemptRow.failures, SignInAttemptRow.last_failure_at
            )
            .where(SignInAttemptRow.key.in_(sorted(keys)))
            .order_by(SignInAttemptRow.key)
            .with_for_update()
        )
        return {
            key: (failures, None if last is None else _utc(last)) for key, failures, last in rows
        }

    def set_sign_in_failures(self, key: str, failures: int, last: dt.datetime | None) -> None:
        self.session.execute(
            update(SignInAttemptRow)
            .where(SignInAttemptRow.key == key)
            .values(failures=failures, last_failure_at=last)
        )

    def forget_sign_in_attempts(self, *, before: dt.datetime) -> None:
        """Forget the counts whose last failure is before ``before``."""
        self.session.execute(
            delete(SignInAttemptRow).where(SignInAttemptRow.last_failure_at < before)
        )

    def clear_sign_in_attempts(self, key: str) -> None:
        self.session.execute(delete(SignInAttemptRow).where(SignInAttemptRow.key == key))


def _api_key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id,
        organisation_id=row.organisation_id,
        prefix=row.prefix,
        created_at=_utc(row.created_at),
        last_used_at=None if row.last_used_at is None else _utc(row.last_used_at),
        revoked_at=None if row.revoked_at is None else _utc(row.revoked_at),
    )


def _capacity(row: DepartureRow) -> DepartureCapacity:
    return DepartureCapacity(
        id=row.id,
        service_id=row.service_id,
        departure=_utc(row.departure_at),
        capacity_teu=row.capacity_teu,
        booked_teu=row.booked_teu,
        reefer_plugs=row.reefer_plugs,
        reefer_plugs_booked=row.reefer_plugs_booked,
    )


class Departures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def existing_ids(self, start: dt.datetime, end: dt.datetime) -> set[str]:
        return set(
            self.session.scalars(
                select(DepartureRow.id).where(
                    DepartureRow.departure_at >= start, DepartureRow.departure_at < end
                )
            )
        )

    def add_many(self, rows: Iterable[DepartureCapacity]) -> int:
        mappings = [
            {
                "id": d.id,
                "service_id": d.service_id,
                "departure_at": d.departure,
                "capacity_teu": d.capacity_teu,
                "booked_teu": 0,
                "reefer_plugs": d.reefer_plugs,
                "reefer_plugs_booked": 0,
            }
            for d in rows
        ]
        if not mappings:
            return 0
        # Two processes may store the same new days at once (server workers starting together):
        # a run already there is skipped, never duplicated nor an error.
        dialect = self.session.get_bind().dialect.name
        statement = (
            postgresql.insert(DepartureRow)
            if dialect == "postgresql"
            else sqlite.insert(DepartureRow)
        ).on_conflict_do_nothing(index_elements=["id"])
        self.session.execute(statement, mappings)
        return len(mappings)

    def get(self, departure_id: str, *, lock: bool = False) -> DepartureCapacity | None:
        query = select(DepartureRow).where(DepartureRow.id == departure_id)
        if lock:
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        return _capacity(row) if row else None

    def find(
        self,
        *,
        service_ids: Sequence[str] | None,
        start: dt.datetime,
        end: dt.datetime,
        after: tuple[dt.datetime, str] | None,
        limit: int,
    ) -> list[DepartureCapacity]:
        query = (
            select(DepartureRow)
            .where(DepartureRow.departure_at >= start, DepartureRow.departure_at < end)
            .order_by(DepartureRow.departure_at, DepartureRow.id)
            .limit(limit)
        )
        if service_ids is not None:
            query = query.where(DepartureRow.service_id.in_(list(service_ids)))
        if after is not None:
            moment, ident = after
            query = query.where(
                or_(
                    DepartureRow.departure_at > moment,
                    and_(DepartureRow.departure_at == moment, DepartureRow.id > ident),
                )
            )
        return [_capacity(row) for row in self.session.scalars(query)]

    def in_use(self, start: dt.datetime, end: dt.datetime) -> list[DepartureCapacity]:
        """Departures in ``[start, end)`` with bookings or a capacity an operator changed: the
        others still have their service's whole capacity."""
        changed = select(DepartureAuditRow.departure_id)
        query = select(DepartureRow).where(
            DepartureRow.departure_at >= start,
            DepartureRow.departure_at < end,
            or_(
                DepartureRow.booked_teu > 0,
                DepartureRow.reefer_plugs_booked > 0,
                DepartureRow.id.in_(changed),
            ),
        )
        return [_capacity(row) for row in self.session.scalars(query)]

    def reserve(self, departure_id: str, teu: int, plugs: int) -> bool:
        """Take ``teu`` and ``plugs`` on a departure if it has room: one atomic conditional update."""
        result = self.session.execute(
            update(DepartureRow)
            .where(
                DepartureRow.id == departure_id,
                DepartureRow.booked_teu + teu <= DepartureRow.capacity_teu,
                DepartureRow.reefer_plugs_booked + plugs <= DepartureRow.reefer_plugs,
            )
            .values(
                booked_teu=DepartureRow.booked_teu + teu,
                reefer_plugs_booked=DepartureRow.reefer_plugs_booked + plugs,
            )
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def release(self, departure_id: str, teu: int, plugs: int) -> None:
        self.session.execute(
            update(DepartureRow)
            .where(DepartureRow.id == departure_id)
            .values(
                booked_teu=DepartureRow.booked_teu - teu,
                reefer_plugs_booked=DepartureRow.reefer_plugs_booked - plugs,
            )
        )

    def set_capacity(self, departure_id: str, capacity_teu: int) -> bool:
        """Change the capacity unless it would fall below what is booked."""
        result = self.session.execute(
            update(DepartureRow)
            .where(DepartureRow.id == departure_id, DepartureRow.booked_teu <= capacity_teu)
            .values(capacity_teu=capacity_teu)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def audit(
        self, *, departure_id: str, organisation_id: str, field: str, old: str, new: str
    ) -> None:
        self.session.add(
            DepartureAuditRow(
                departure_id=departure_id,
                organisation_id=organisation_id,
                field=field,
                old_value=old,
                new_value=new,
            )
        )

    def audit_trail(self, departure_id: str) -> list[tuple[str, str, str, str, dt.datetime]]:
        rows = self.session.scalars(
            select(DepartureAuditRow)
            .where(DepartureAuditRow.departure_id == departure_id)
            .order_by(DepartureAuditRow.id)
        )
        return [(r.organisation_id, r.field, r.old_value, r.new_value, _utc(r.at)) for r in rows]


def _booking(row: BookingRow) -> Booking:
    return Booking(
        id=row.id,
        organisation_id=row.organisation_id,
        status=BookingStatus(row.status),
        teu=row.teu,
        cargo_type=row.cargo_type,
        shipper_reference=row.shipper_reference,
        price=Money(Decimal(row.price_amount), row.price_currency),
        co2e_kg=float(row.co2e_kg),
        legs=tuple(
            BookingLeg(
                departure_id=leg.departure_id,
                service_id=leg.service_id,
                origin=leg.from_locode,
                destination=leg.to_locode,
                teu=leg.teu,
                plugs=leg.plugs,
            )
            for leg in row.legs
        ),
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
    )


class Bookings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, booking: Booking, *, idempotency_key: str | None, request_hash: str) -> None:
        try:
            self.session.execute(
                insert(BookingRow),
                [
                    {
                        "id": booking.id,
                        "organisation_id": booking.organisation_id,
                        "status": booking.status.value,
                        "teu": booking.teu,
                        "cargo_type": booking.cargo_type,
                        "shipper_reference": booking.shipper_reference,
                        "price_amount": booking.price.amount,
                        "price_currency": booking.price.currency,
                        "co2e_kg": Decimal(str(round(booking.co2e_kg, 3))),
                        "idempotency_key": idempotency_key,
                        "request_hash": request_hash,
                        "created_at": booking.created_at,
                        "updated_at": booking.updated_at,
                    }
                ],
            )
        except IntegrityError:
            raise DuplicateIdempotencyKey(
                f"Idempotency-Key {idempotency_key!r} is already taken by another booking"
            ) from None
        self.session.execute(
            insert(BookingLegRow),
            [
                {
                    "booking_id": booking.id,
                    "seq": n,
                    "departure_id": leg.departure_id,
                    "service_id": leg.service_id,
                    "from_locode": leg.origin,
                    "to_locode": leg.destination,
                    "teu": leg.teu,
                    "plugs": leg.plugs,
                }
                for n, leg in enumerate(booking.legs)
            ],
        )

    def get(self, booking_id: str, *, lock: bool = False) -> Booking | None:
        query = (
            select(BookingRow)
            .options(selectinload(BookingRow.legs))
            .where(BookingRow.id == booking_id)
        )
        if lock:
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        return _booking(row) if row else None

    def existing(self, booking_ids: Iterable[str]) -> set[str]:
        """Which of these ids are bookings."""
        found: set[str] = set()
        for chunk in _chunks(self.session, sorted(set(booking_ids))):
            found.update(
                self.session.scalars(
                    select(BookingRow.id).where(_among(self.session, BookingRow.id, chunk))
                )
            )
        return found

    def by_idempotency_key(self, organisation_id: str, key: str) -> tuple[Booking, str] | None:
        row = self.session.scalars(
            select(BookingRow)
            .options(selectinload(BookingRow.legs))
            .where(BookingRow.organisation_id == organisation_id, BookingRow.idempotency_key == key)
        ).first()
        return (_booking(row), row.request_hash) if row else None

    def find(
        self,
        *,
        organisation_id: str | None,
        service_ids: Sequence[str] | None,
        after: str | None,
        limit: int,
    ) -> list[Booking]:
        query = (
            select(BookingRow)
            .options(selectinload(BookingRow.legs))
            .order_by(BookingRow.id)
            .limit(limit)
        )
        if organisation_id is not None:
            query = query.where(BookingRow.organisation_id == organisation_id)
        if service_ids is not None:
            legs = select(BookingLegRow.booking_id).where(
                BookingLegRow.service_id.in_(list(service_ids))
            )
            query = query.where(BookingRow.id.in_(legs))
        if after:
            query = query.where(BookingRow.id > after)
        return [_booking(row) for row in self.session.scalars(query)]

    def set_status(self, booking_id: str, status: BookingStatus) -> None:
        self.session.execute(
            update(BookingRow)
            .where(BookingRow.id == booking_id)
            .values(status=status.value, updated_at=dt.datetime.now(dt.UTC))
        )


class Events:
    """DCSA events: stored once by id, superseded by a newer 3.0 update, retracted on request."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def versions(self, event_ids: Sequence[str]) -> dict[str, dt.datetime | None]:
        """The stored update time of each known id (``None``: stored, never updated)."""
        found: dict[str, dt.datetime | None] = {}
        for chunk in _chunks(self.session, list(event_ids)):
            rows = self.session.execute(
                select(TrackingEventRow.event_id, TrackingEventRow.updated_at).where(
                    _among(self.session, TrackingEventRow.event_id, chunk)
                )
            )
            for event_id, updated in rows:
                found[event_id] = None if updated is None else _utc(updated)
        return found

    def stored(self, event_ids: Sequence[str]) -> dict[str, TrackingEvent]:
        """The stored events of these ids, with their bodies (for who may change them)."""
        found: dict[str, TrackingEvent] = {}
        for chunk in _chunks(self.session, list(event_ids)):
            rows = self.session.scalars(
                select(TrackingEventRow).where(
                    _among(self.session, TrackingEventRow.event_id, chunk)
                )
            )
            for row in rows:
                found[row.event_id] = dataclasses.replace(_event(row), raw=json.loads(row.body))
        return found

    def add_many(self, events: Sequence[TrackingEvent]) -> None:
        if not events:
            return
        now = dt.datetime.now(dt.UTC)
        rows = [{**_event_row(e), "received_at": now, "retracted_by": None} for e in events]
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            # COPY: several times faster than even a pipelined executemany.
            columns = list(rows[0])
            raw: Any = connection.connection.dbapi_connection
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY tracking_events ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row([row[c] for c in columns])
        else:
            # Core executemany on the table: one batched statement, not one ORM insert per row.
            connection.execute(insert(_table(TrackingEventRow)), rows)

    def replace(self, event: TrackingEvent) -> None:
        values = _event_row(event)
        values.pop("event_id")
        self.session.execute(
            update(TrackingEventRow)
            .where(TrackingEventRow.event_id == event.event_id)
            .values(**values)
        )

    def retract(self, event_id: str, by: str) -> bool:
        result = self.session.execute(
            update(TrackingEventRow)
            .where(TrackingEventRow.event_id == event_id)
            .values(retracted_by=by)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def customs_releases(
        self, start: dt.datetime, end: dt.datetime, location: str | None = None
    ) -> list[tuple[str, str, str | None, dt.datetime]]:
        """Actual customs releases (CUSR) in ``[start, end)``: location, container, booking, time."""
        query = select(
            TrackingEventRow.location,
            TrackingEventRow.equipment_reference,
            TrackingEventRow.carrier_booking_reference,
            TrackingEventRow.event_at,
        ).where(
            TrackingEventRow.retracted_by.is_(None),
            TrackingEventRow.type_code == "CUSR",
            TrackingEventRow.classifier == "ACT",
            TrackingEventRow.event_at >= start,
            TrackingEventRow.event_at < end,
            TrackingEventRow.location.is_not(None),
            TrackingEventRow.equipment_reference.is_not(None),
        )
        if location is not None:
            query = query.where(TrackingEventRow.location == location)
        return [
            (str(loc), str(eq), bkg, _utc(at)) for loc, eq, bkg, at in self.session.execute(query)
        ]

    def arrivals_before_release(
        self, containers: Sequence[str], bookings: Sequence[str], since: dt.datetime
    ) -> list[tuple[str, str | None, str | None, dt.datetime]]:
        """Actual events since ``since`` that start a clearance: a container discharged, in at
        the gate, selected for scan or inspection (by container), or a transport arrival (by
        booking): location, container, booking, time."""
        found: list[tuple[str, str | None, str | None, dt.datetime]] = []
        columns = (
            TrackingEventRow.location,
            TrackingEventRow.equipment_reference,
            TrackingEventRow.carrier_booking_reference,
            TrackingEventRow.event_at,
        )
        base = select(*columns).where(
            TrackingEventRow.retracted_by.is_(None),
            TrackingEventRow.classifier == "ACT",
            TrackingEventRow.event_at >= since,
            TrackingEventRow.location.is_not(None),
        )
        wanted = sorted(set(containers))
        for start in range(0, len(wanted), 500):
            query = base.where(
                TrackingEventRow.type_code.in_(("DISC", "GTIN", "CUSS", "CUSI")),
                TrackingEventRow.equipment_reference.in_(wanted[start : start + 500]),
            )
            found += [(str(a), b, c, _utc(d)) for a, b, c, d in self.session.execute(query)]
        wanted = sorted(set(bookings))
        for start in range(0, len(wanted), 500):
            query = base.where(
                TrackingEventRow.type_code == "ARRI",
                TrackingEventRow.carrier_booking_reference.in_(wanted[start : start + 500]),
            )
            found += [(str(a), None, c, _utc(d)) for a, _, c, d in self.session.execute(query)]
        return found

    def add_unsupported(self, rows: Sequence[tuple[str | None, str, dict[str, Any]]]) -> None:
        if rows:
            self.session.execute(
                insert(UnsupportedEventRow),
                [
                    {
                        "event_id": event_id,
                        "event_type": kind[:40],
                        "body": json.dumps(raw, ensure_ascii=False),
                    }
                    for event_id, kind, raw in rows
                ],
            )

    def find(
        self,
        *,
        event_type: str | None = None,
        equipment_reference: str | None = None,
        carrier_booking_reference: str | None = None,
        transport_document_reference: str | None = None,
        location: str | None = None,
        created_from: dt.datetime | None = None,
        created_to: dt.datetime | None = None,
        booking_references: Sequence[str] | None = None,
        after: tuple[dt.datetime, str] | None = None,
        limit: int = 100,
    ) -> list[tuple[TrackingEvent, dict[str, Any]]]:
        """Events matching the filters, in event-time order, with their stored bodies."""
        query = (
            select(TrackingEventRow)
            .where(TrackingEventRow.retracted_by.is_(None))
            .order_by(TrackingEventRow.event_at, TrackingEventRow.event_id)
            .limit(limit)
        )
        columns = {
            TrackingEventRow.event_type: event_type,
            TrackingEventRow.equipment_reference: equipment_reference,
            TrackingEventRow.carrier_booking_reference: carrier_booking_reference,
            TrackingEventRow.transport_document_reference: transport_document_reference,
            TrackingEventRow.location: location,
        }
        for column, value in columns.items():
            if value is not None:
                query = query.where(column == value)
        if created_from is not None:
            query = query.where(TrackingEventRow.created_at >= created_from)
        if created_to is not None:
            query = query.where(TrackingEventRow.created_at < created_to)
        if booking_references is not None:
            query = query.where(
                TrackingEventRow.carrier_booking_reference.in_(list(booking_references))
            )
        if after is not None:
            moment, ident = after
            query = query.where(
                or_(
                    TrackingEventRow.event_at > moment,
                    and_(TrackingEventRow.event_at == moment, TrackingEventRow.event_id > ident),
                )
            )
        return [(_event(row), json.loads(row.body)) for row in self.session.scalars(query)]

    def count_unsupported(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(UnsupportedEventRow)) or 0)


def _event_row(event: TrackingEvent) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "version": event.version,
        "event_type": event.event_type.value,
        "classifier": event.classifier.value,
        "type_code": event.type_code,
        "event_at": event.event_time,
        "created_at": event.created,
        "updated_at": event.updated,
        "location": event.location,
        "equipment_reference": event.equipment_reference,
        "carrier_booking_reference": event.carrier_booking_reference,
        "transport_document_reference": event.transport_document_reference,
        "mode": None if event.mode is None else event.mode.value,
        "body": _json_text(event.raw),
    }


def _json_text(value: Any) -> str:
    """Compact JSON text, Unicode as is; orjson where it can (integers past 64 bits it cannot)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _event(row: TrackingEventRow) -> TrackingEvent:
    return TrackingEvent(
        event_id=row.event_id,
        version=row.version,
        event_type=EventType(row.event_type),
        classifier=Classifier(row.classifier),
        type_code=row.type_code,
        event_time=_utc(row.event_at),
        created=_utc(row.created_at),
        updated=None if row.updated_at is None else _utc(row.updated_at),
        location=row.location,
        equipment_reference=row.equipment_reference,
        carrier_booking_reference=row.carrier_booking_reference,
        transport_document_reference=row.transport_document_reference,
        mode=None if row.mode is None else TransportMode(row.mode),
    )


class Declarations:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, declaration: Declaration) -> None:
        self.session.connection().execute(
            insert(_table(DeclarationRow)),
            [
                {
                    "id": declaration.id,
                    "organisation_id": declaration.organisation_id,
                    "booking_id": declaration.booking_id,
                    "direction": declaration.direction.value,
                    "office": declaration.office,
                    "status": declaration.status.value,
                    "lane": declaration.lane.value,
                    "score": Decimal(str(declaration.score)),
                    "body": json.dumps(_declaration_body(declaration), ensure_ascii=False),
                    "rule_hits": json.dumps(
                        [
                            {"rule": h.rule, "weight": h.weight, "explanation": h.explanation}
                            for h in declaration.rule_hits
                        ],
                        ensure_ascii=False,
                    ),
                    "created_at": declaration.created_at,
                }
            ],
        )

    def count_for(self, organisation_id: str) -> int:
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(DeclarationRow)
                .where(DeclarationRow.organisation_id == organisation_id)
            )
            or 0
        )

    def get(self, declaration_id: str, *, lock: bool = False) -> Declaration | None:
        query = select(DeclarationRow).where(DeclarationRow.id == declaration_id)
        if lock:
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        return self._declaration(row) if row else None

    def find(
        self,
        *,
        organisation_id: str | None,
        lane: str | None,
        status: str | None,
        booking_ids: Sequence[str] | None,
        offices: Sequence[str] | None,
        after: str | None,
        limit: int,
    ) -> list[Declaration]:
        query = select(DeclarationRow).order_by(DeclarationRow.id).limit(limit)
        if organisation_id is not None:
            query = query.where(DeclarationRow.organisation_id == organisation_id)
        if lane is not None:
            query = query.where(DeclarationRow.lane == lane)
        if status is not None:
            query = query.where(DeclarationRow.status == status)
        if offices is not None and booking_ids is not None:
            query = query.where(
                or_(
                    DeclarationRow.office.in_(list(offices)),
                    DeclarationRow.booking_id.in_(list(booking_ids)),
                )
            )
        elif offices is not None:
            query = query.where(DeclarationRow.office.in_(list(offices)))
        if after:
            query = query.where(DeclarationRow.id > after)
        return [self._declaration(row) for row in self.session.scalars(query)]

    def decide(self, declaration_id: str, decision: Decision) -> None:
        self.session.add(
            DeclarationDecisionRow(
                declaration_id=declaration_id,
                decision=decision.kind.value,
                reason=decision.reason,
                organisation_id=decision.organisation_id,
                decided_at=decision.decided_at,
            )
        )
        self.session.execute(
            update(DeclarationRow)
            .where(DeclarationRow.id == declaration_id)
            .values(status=decision.kind.status.value)
        )
        self.session.flush()

    def _declaration(self, row: DeclarationRow) -> Declaration:
        body = json.loads(row.body)
        decisions = self.session.scalars(
            select(DeclarationDecisionRow)
            .where(DeclarationDecisionRow.declaration_id == row.id)
            .order_by(DeclarationDecisionRow.id)
        )
        return Declaration(
            id=row.id,
            organisation_id=row.organisation_id,
            direction=Direction(row.direction),
            office=row.office,
            booking_id=row.booking_id,
            containers=tuple(body["containers"]),
            items=tuple(
                DeclarationItem(
                    hs_code=i["hs_code"],
                    description=i["description"],
                    quantity=i["quantity"],
                    unit=i["unit"],
                    net_kg=i["net_kg"],
                    gross_kg=i["gross_kg"],
                    value=Money(Decimal(i["value"]["amount"]), i["value"]["currency"]),
                    origin_country=i["origin_country"],
                )
                for i in body["items"]
            ),
            consignor=body["consignor"],
            consignee=body["consignee"],
            dangerous_goods=body["dangerous_goods"],
            status=DeclarationStatus(row.status),
            lane=Lane(row.lane),
            score=float(row.score),
            rule_hits=tuple(RuleHit(**h) for h in json.loads(row.rule_hits)),
            decisions=tuple(
                Decision(
                    kind=DecisionKind(d.decision),
                    reason=d.reason,
                    organisation_id=d.organisation_id,
                    decided_at=_utc(d.decided_at),
                )
                for d in decisions
            ),
            created_at=_utc(row.created_at),
        )


def _declaration_body(declaration: Declaration) -> dict[str, Any]:
    return {
        "consignor": declaration.consignor,
        "consignee": declaration.consignee,
        "dangerous_goods": declaration.dangerous_goods,
        "containers": list(declaration.containers),
        "items": [
            {
                "hs_code": i.hs_code,
                "description": i.description,
                "quantity": i.quantity,
                "unit": i.unit,
                "net_kg": i.net_kg,
                "gross_kg": i.gross_kg,
                "value": {"amount": str(i.value.amount), "currency": i.value.currency},
                "origin_country": i.origin_country,
            }
            for i in declaration.items
        ],
    }


@dataclass(frozen=True, slots=True)
class Subscription:
    id: str
    organisation_id: str
    callback_url: str
    secret: str
    filters: dict[str, Any]
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    subscription_id: str
    callback_url: str
    secret: str
    payload: str
    attempts: int


class Subscriptions:
    """Event subscriptions and the outbox of notifications to deliver."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, subscription: Subscription) -> None:
        self.session.add(
            EventSubscriptionRow(
                id=subscription.id,
                organisation_id=subscription.organisation_id,
                callback_url=subscription.callback_url,
                secret=subscription.secret,
                filters=json.dumps(subscription.filters),
                created_at=subscription.created_at,
            )
        )
        self.session.flush()

    def all(self, organisation_id: str | None = None) -> list[Subscription]:
        query = select(EventSubscriptionRow).order_by(EventSubscriptionRow.id)
        if organisation_id is not None:
            query = query.where(EventSubscriptionRow.organisation_id == organisation_id)
        return [
            Subscription(
                r.id,
                r.organisation_id,
                r.callback_url,
                r.secret,
                json.loads(r.filters),
                _utc(r.created_at),
            )
            for r in self.session.scalars(query)
        ]

    def delete(self, subscription_id: str, organisation_id: str | None) -> bool:
        query = select(EventSubscriptionRow).where(EventSubscriptionRow.id == subscription_id)
        if organisation_id is not None:
            query = query.where(EventSubscriptionRow.organisation_id == organisation_id)
        row = self.session.scalars(query).first()
        if row is None:
            return False
        self.session.execute(
            update(OutboxRow).where(OutboxRow.subscription_id == subscription_id, OutboxRow.delivered_at.is_(None))
            .values(failed_at=dt.datetime.now(dt.UTC), last_error="subscription deleted")
        )  # fmt: skip
        self.session.delete(row)
        return True

    def enqueue(self, rows: Sequence[tuple[str, str]], now: dt.datetime) -> None:
        """Outbox rows of (subscription id, JSON payload), due now."""
        if rows:
            self.session.connection().execute(
                insert(_table(OutboxRow)),
                [
                    {
                        "subscription_id": s,
                        "payload": p,
                        "attempts": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                    for s, p in rows
                ],
            )

    def due(self, now: dt.datetime, limit: int) -> list[Notification]:
        """Notifications due for delivery, locked for this deliverer (others skip them)."""
        query = (
            select(OutboxRow, EventSubscriptionRow)
            .join(EventSubscriptionRow, EventSubscriptionRow.id == OutboxRow.subscription_id)
            .where(
                OutboxRow.delivered_at.is_(None),
                OutboxRow.failed_at.is_(None),
                OutboxRow.next_attempt_at <= now,
            )
            .order_by(OutboxRow.id)
            .limit(limit)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True, of=OutboxRow)
        return [
            Notification(o.id, s.id, s.callback_url, s.secret, o.payload, o.attempts)
            for o, s in self.session.execute(query)
        ]

    def lease(self, notification_ids: Sequence[int], until: dt.datetime) -> None:
        if notification_ids:
            self.session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(list(notification_ids)))
                .values(next_attempt_at=until)
            )

    def delivered(self, notification_id: int, now: dt.datetime) -> None:
        self.session.execute(
            update(OutboxRow).where(OutboxRow.id == notification_id)
            .values(delivered_at=now, attempts=OutboxRow.attempts + 1, last_error=None)
        )  # fmt: skip

    def retry(
        self, notification_id: int, *, at: dt.datetime | None, error: str, now: dt.datetime
    ) -> None:
        """Count a failed attempt; try again ``at``, or give up when ``at`` is ``None``."""
        values: dict[str, Any] = {"attempts": OutboxRow.attempts + 1, "last_error": error[:500]}
        if at is None:
            values["failed_at"] = now
        else:
            values["next_attempt_at"] = at
        self.session.execute(
            update(OutboxRow).where(OutboxRow.id == notification_id).values(**values)
        )

    def outbox(self, subscription_id: str, last: int = 20) -> dict[str, Any]:
        """Counts of pending, delivered and failed notifications, and the latest ``last``."""
        delivered = self.session.scalar(
            select(func.count()).where(
                OutboxRow.subscription_id == subscription_id, OutboxRow.delivered_at.is_not(None)
            )
        )
        failed = self.session.scalar(
            select(func.count()).where(
                OutboxRow.subscription_id == subscription_id, OutboxRow.failed_at.is_not(None)
            )
        )
        pending = self.session.scalar(
            select(func.count()).where(
                OutboxRow.subscription_id == subscription_id,
                OutboxRow.delivered_at.is_(None),
                OutboxRow.failed_at.is_(None),
            )
        )
        rows = self.session.scalars(
            select(OutboxRow)
            .where(OutboxRow.subscription_id == subscription_id)
            .order_by(OutboxRow.id.desc())
            .limit(last)
        )
        return {
            "pending": pending or 0,
            "delivered": delivered or 0,
            "failed": failed or 0,
            "latest": [
                {
                    "id": r.id,
                    "attempts": r.attempts,
                    "events": len(json.loads(r.payload)),
                    "created_at": _utc(r.created_at).isoformat(),
                    "next_attempt_at": _utc(r.next_attempt_at).isoformat(),
                    "delivered_at": None
                    if r.delivered_at is None
                    else _utc(r.delivered_at).isoformat(),
                    "failed_at": None if r.failed_at is None else _utc(r.failed_at).isoformat(),
                    "last_error": r.last_error,
                }
                for r in rows
            ],
        }


class CargoRequests:
    """Pending cargo requests, booked by consolidation or cancelled."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: CargoRequest) -> None:
        self.session.add(
            CargoRequestRow(
                id=request.id,
                organisation_id=request.organisation_id,
                reference=request.reference,
                origin=request.origin,
                destination=request.destination,
                teu=request.teu,
                cargo_type=request.cargo_type,
                ready_at=request.ready.astimezone(dt.UTC),  # SQLite keeps no offsets
                due_at=request.due.astimezone(dt.UTC),
                penalty_per_day=request.penalty_per_day,
                status=request.status.value,
                created_at=request.created_at or dt.datetime.now(dt.UTC),
            )
        )
        self.session.flush()

    def find(
        self,
        *,
        organisation_id: str | None = None,
        status: RequestStatus | None = None,
        ready_from: dt.datetime | None = None,
        ready_to: dt.datetime | None = None,
        after: tuple[dt.datetime, str] | None = None,
        limit: int = 100_000,
        lock: bool = False,
    ) -> list[CargoRequest]:
        query = select(CargoRequestRow).order_by(CargoRequestRow.ready_at, CargoRequestRow.id)
        if organisation_id is not None:
            query = query.where(CargoRequestRow.organisation_id == organisation_id)
        if status is not None:
            query = query.where(CargoRequestRow.status == status.value)
        if ready_from is not None:
            query = query.where(CargoRequestRow.ready_at >= ready_from.astimezone(dt.UTC))
        if ready_to is not None:
            query = query.where(CargoRequestRow.ready_at < ready_to.astimezone(dt.UTC))
        if after is not None:  # keyset: after (ready time, id)
            query = query.where(
                or_(
                    CargoRequestRow.ready_at > after[0].astimezone(dt.UTC),
                    and_(
                        CargoRequestRow.ready_at == after[0].astimezone(dt.UTC),
                        CargoRequestRow.id > after[1],
                    ),
                )
            )
        if lock:
            query = query.with_for_update()
        return [_cargo_request(r) for r in self.session.scalars(query.limit(limit))]

    def get(self, request_id: str) -> CargoRequest | None:
        row = self.session.get(CargoRequestRow, request_id)
        return None if row is None else _cargo_request(row)

    def mark(self, request_id: str, status: RequestStatus, booking_id: str | None) -> bool:
        """Move a pending request to ``status``; ``False`` if it was no longer pending."""
        result = self.session.execute(
            update(CargoRequestRow)
            .where(CargoRequestRow.id == request_id, CargoRequestRow.status == "pending")
            .values(status=status.value, booking_id=booking_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _cargo_request(row: CargoRequestRow) -> CargoRequest:
    return CargoRequest(
        id=row.id,
        organisation_id=row.organisation_id,
        reference=row.reference,
        origin=row.origin,
        destination=row.destination,
        teu=row.teu,
        cargo_type=row.cargo_type,
        ready=_utc(row.ready_at),
        due=_utc(row.due_at),
        penalty_per_day=Decimal(row.penalty_per_day),
        status=RequestStatus(row.status),
        booking_id=row.booking_id,
        created_at=_utc(row.created_at),
    )


@dataclass(frozen=True, slots=True)
class ConsolidationRun:
    id: str
    organisation_id: str
    status: str
    parameters: dict[str, Any]
    result: dict[str, Any] | None
    error: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None


class ConsolidationRuns:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, run_id: str, organisation_id: str, parameters: dict[str, Any]) -> None:
        self.session.add(
            ConsolidationRunRow(
                id=run_id,
                organisation_id=organisation_id,
                status="queued",
                parameters=json.dumps(parameters, ensure_ascii=False),
            )
        )
        self.session.flush()

    def start(self, run_id: str) -> bool:
        """``running`` (again, after a retry); ``False`` once it is done or failed."""
        result = self.session.execute(
            update(ConsolidationRunRow)
            .where(
                ConsolidationRunRow.id == run_id,
                ConsolidationRunRow.status.in_(("queued", "running")),
            )
            .values(status="running")
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def finish(
        self, run_id: str, *, result: dict[str, Any] | None, error: str | None = None
    ) -> bool:
        """Done (or failed, with ``error``) unless it already is: ``False`` then, and the
        caller's transaction must not commit what the run did a second time."""
        updated = self.session.execute(
            update(ConsolidationRunRow)
            .where(
                ConsolidationRunRow.id == run_id,
                ConsolidationRunRow.status.in_(("queued", "running")),
            )
            .values(
                status="failed" if error else "done",
                result=None if result is None else _json_text(result),
                error=None if error is None else error[:2000],
                finished_at=dt.datetime.now(dt.UTC),
            )
        )
        return bool(updated.rowcount == 1)  # type: ignore[attr-defined]

    def recent(self, organisation_id: str | None, limit: int) -> list[ConsolidationRun]:
        query = select(ConsolidationRunRow.id).order_by(ConsolidationRunRow.created_at.desc())
        if organisation_id is not None:
            query = query.where(ConsolidationRunRow.organisation_id == organisation_id)
        ids = list(self.session.scalars(query.limit(limit)))
        return [run for run in (self.get(i) for i in ids) if run is not None]

    def get(self, run_id: str) -> ConsolidationRun | None:
        row = self.session.get(ConsolidationRunRow, run_id)
        if row is None:
            return None
        return ConsolidationRun(
            id=row.id,
            organisation_id=row.organisation_id,
            status=row.status,
            parameters=json.loads(row.parameters),
            result=None if row.result is None else json.loads(row.result),
            error=row.error,
            created_at=_utc(row.created_at),
            finished_at=None if row.finished_at is None else _utc(row.finished_at),
        )
