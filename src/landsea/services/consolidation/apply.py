"""Applying a consolidation result: every assignment booked in one transaction, or none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from landsea.domain import access
from landsea.domain.booking import Principal
from landsea.domain.consolidation import (
    Assignment,
    CargoRequest,
    ConsolidationResult,
    RequestStatus,
)
from landsea.errors import Conflict
from landsea.services.booking import BookingRequest, LegRequest, book_many
from landsea.services.consolidation.stored import result_document
from landsea.services.platform import Platform
from landsea.units import ServiceId

__all__ = ["apply_result", "may_run"]


def may_run(principal: Principal) -> None:
    access.check(
        access.may_run_consolidation(principal), principal, access.Action.RUN_CONSOLIDATION
    )


def _booking(
    platform: Platform, principal: Principal, request: CargoRequest, assignment: Assignment
) -> tuple[str, BookingRequest]:
    """(organisation, booking request) of one assignment, which ``principal`` must be allowed."""
    services = platform.network.services
    access.check(
        access.may_consolidate_onto(
            principal, [services[ServiceId(leg.service_id)] for leg in assignment.legs]
        ),
        principal,
        access.Action.RUN_CONSOLIDATION,
        f"request {request.id!r} onto {', '.join(assignment.departure_ids)}",
    )
    legs = tuple(
        LegRequest(
            departure_id=leg.departure_id,
            origin=leg.origin,
            destination=leg.destination,
            service_id=leg.service_id,
        )
        for leg in assignment.legs
    )
    return (
        request.organisation_id or principal.organisation_id,
        BookingRequest(
            legs=legs,
            teu=request.teu,
            cargo_type=request.cargo_type,
            shipper_reference=request.reference or request.id,
        ),
    )


def apply_result(
    platform: Platform,
    principal: Principal,
    requests: Sequence[CargoRequest],
    result: ConsolidationResult,
    *,
    run_id: str | None = None,
) -> ConsolidationResult:
    """Book every assignment in one transaction (all or none); requests from the database are
    marked booked. Returns the result with its ``booking_ids``.

    With ``run_id`` the stored run is marked done with that result in the same transaction: if
    the run is done already (another attempt applied it), nothing is booked and
    :class:`Conflict` is raised."""
    may_run(principal)
    if result.status == "infeasible":
        raise Conflict("an infeasible run has nothing to apply")
    by_id = {r.id: r for r in requests}
    items = [_booking(platform, principal, by_id[a.request_id], a) for a in result.assignments]
    with platform.uow() as uow:
        booked = book_many(platform, uow, items)
        for assignment, booking in zip(result.assignments, booked, strict=True):
            request = by_id[assignment.request_id]
            if request.organisation_id is not None and not uow.cargo_requests.mark(
                request.id, RequestStatus.BOOKED, booking.id
            ):
                raise Conflict(f"cargo request {request.id!r} is no longer pending")
        applied = replace(result, booking_ids=tuple(b.id for b in booked))
        if run_id is not None and not uow.consolidation_runs.finish(
            run_id, result=result_document(applied)
        ):
            raise Conflict(f"consolidation run {run_id!r} was applied already")
    return applied
