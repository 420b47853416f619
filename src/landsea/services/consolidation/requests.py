"""Pending cargo requests: from a shipper (stored, pending until a run books them) or from a
CSV file (``landsea consolidate --requests``), validated field by field."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.cargo import CargoType
from landsea.domain.codes import parse_instant
from landsea.domain.consolidation import CargoRequest, RequestStatus
from landsea.errors import Conflict, InvalidInput
from landsea.services.network import resolve_place
from landsea.services.platform import Platform

__all__ = [
    "CSV_COLUMNS",
    "NewCargoRequest",
    "cancel_request",
    "create_request",
    "find_requests",
    "pending_requests",
    "read_requests_csv",
]

CSV_COLUMNS = (
    "request_id",
    "origin",
    "destination",
    "teu",
    "cargo_type",
    "ready",
    "due",
    "penalty_per_day",
)


def _request(
    platform: Platform,
    where: str,
    *,
    request_id: str,
    origin: str,
    destination: str,
    teu: Any,
    cargo_type: str,
    ready: str,
    due: str,
    penalty_per_day: Any,
    organisation_id: str | None = None,
    reference: str | None = None,
) -> CargoRequest:
    """A validated request; ``where`` prefixes every field name in errors (``row 4, ``)."""
    network = platform.network
    start = resolve_place(network, origin, f"{where}origin")
    end = resolve_place(network, destination, f"{where}destination")
    if start.code == end.code:
        raise InvalidInput(f"{where}destination {destination!r} is the origin")
    try:
        size = int(str(teu).strip())
    except ValueError:
        raise InvalidInput(f"{where}teu {teu!r} is not a whole number") from None
    if not 1 <= size <= 1000:
        raise InvalidInput(f"{where}teu {teu!r} must be from 1 to 1000")
    kind = (cargo_type or "general").strip()
    if kind not in {c.value for c in CargoType}:
        raise InvalidInput(
            f"{where}cargo_type {cargo_type!r} is not one of general, reefer, dangerous"
        )
    # Without an offset, a local time (or date) at the place it is about; within the platform's
    # dates, so that no run's arithmetic on it can overflow.
    ready_at = parse_instant(ready, field=f"{where}ready", zone=ZoneInfo(start.timezone))
    due_at = parse_instant(due, field=f"{where}due", zone=ZoneInfo(end.timezone))
    if due_at <= ready_at:
        raise InvalidInput(f"{where}due {due!r} is not after ready {ready!r}")
    try:
        penalty = Decimal(str(penalty_per_day).strip() or "0")
    except InvalidOperation:
        raise InvalidInput(f"{where}penalty_per_day {penalty_per_day!r} is not a number") from None
    if not penalty.is_finite() or penalty < 0:
        raise InvalidInput(f"{where}penalty_per_day {penalty_per_day!r} must be 0 or more")
    return CargoRequest(
        id=request_id,
        origin=str(start.code),
        destination=str(end.code),
        teu=size,
        cargo_type=kind,
        ready=ready_at,
        due=due_at,
        penalty_per_day=penalty,
        organisation_id=organisation_id,
        reference=reference,
    )


def read_requests_csv(platform: Platform, source: Path | str) -> list[CargoRequest]:
    """Requests from a CSV file (or its text) with the columns of :data:`CSV_COLUMNS`."""
    text = source.read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(f"the CSV lacks the column(s) {', '.join(missing)}")
    requests: list[CargoRequest] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        request_id = (row["request_id"] or "").strip()
        if not request_id:
            raise InvalidInput(f"row {number}, request_id is empty")
        if request_id in seen:
            raise InvalidInput(f"row {number}, request_id {request_id!r} appears twice")
        seen.add(request_id)
        requests.append(
            _request(
                platform,
                f"row {number}, ",
                request_id=request_id,
                origin=row["origin"] or "",
                destination=row["destination"] or "",
                teu=row["teu"],
                cargo_type=row["cargo_type"] or "general",
                ready=row["ready"] or "",
                due=row["due"] or "",
                penalty_per_day=row["penalty_per_day"] or "0",
                reference=request_id,
            )
        )
    if not requests:
        raise InvalidInput("the CSV holds no requests")
    return requests


@dataclass(frozen=True, slots=True, kw_only=True)
class NewCargoRequest:
    """A shipper's request as asked: places as UN/LOCODEs or names, times as ISO 8601 (without
    an offset, local time at the place)."""

    origin: str
    destination: str
    teu: int
    ready: str
    due: str
    cargo_type: str = "general"
    penalty_per_day: float = 0.0
    reference: str | None = None


def create_request(
    platform: Platform, principal: Principal, asked: NewCargoRequest
) -> CargoRequest:
    """A shipper's pending cargo request (``reference`` is the shipper's own)."""
    access.check(access.may_request_cargo(principal), principal, access.Action.REQUEST_CARGO)
    request = _request(
        platform,
        "",
        request_id=str(uuid.uuid4()),
        origin=asked.origin,
        destination=asked.destination,
        teu=asked.teu,
        cargo_type=asked.cargo_type or "general",
        ready=asked.ready,
        due=asked.due,
        penalty_per_day=asked.penalty_per_day,
        organisation_id=principal.organisation_id,
        reference=asked.reference,
    )
    with platform.uow() as uow:
        uow.cargo_requests.add(request)
    return request


def find_requests(
    platform: Platform,
    principal: Principal,
    *,
    status: str | None,
    after: tuple[dt.datetime, str] | None,
    limit: int,
) -> list[CargoRequest]:
    """A shipper's own requests; operators and admins see every shipper's."""
    access.check(
        access.may_read_cargo_requests(principal, None),
        principal,
        access.Action.READ_CARGO_REQUESTS,
    )
    try:
        wanted = None if status is None else RequestStatus(status)
    except ValueError:
        raise InvalidInput(f"status {status!r} must be pending, booked or cancelled") from None
    with platform.uow(read_only=True) as uow:
        return uow.cargo_requests.find(
            organisation_id=None
            if access.reaches_all(principal, access.Action.READ_CARGO_REQUESTS)
            else principal.organisation_id,
            status=wanted,
            after=after,
            limit=limit,
        )


def cancel_request(platform: Platform, principal: Principal, request_id: str) -> CargoRequest:
    with platform.uow() as uow:
        found = uow.cargo_requests.get(request_id)
        access.check(
            found is not None and access.may_cancel_cargo_request(principal, found.organisation_id),
            principal,
            access.Action.CANCEL_CARGO_REQUEST,
            f"cargo request {request_id!r}",
            hide=True,
        )
        assert found is not None
        if not uow.cargo_requests.mark(request_id, RequestStatus.CANCELLED, None):
            raise Conflict(f"cargo request {request_id!r} is already {found.status.value}")
        result = uow.cargo_requests.get(request_id)
    assert result is not None
    return result


def pending_requests(
    platform: Platform, horizon_days: float, now: dt.datetime | None = None
) -> list[CargoRequest]:
    """Pending requests that are ready before ``now + horizon_days`` (earlier ones too)."""
    moment = now or dt.datetime.now(dt.UTC)
    with platform.uow(read_only=True) as uow:
        return uow.cargo_requests.find(
            status=RequestStatus.PENDING, ready_to=moment + dt.timedelta(days=horizon_days)
        )
