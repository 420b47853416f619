"""Exceptions to a service's runs and closures of places and services."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response

from landsea.api.deps import Caller, PlatformDep
from landsea.api.problems import problems
from landsea.api.schemas import (
    ClosureCreate,
    ClosurePublic,
    ExceptionCreate,
    ExceptionPublic,
    Page,
)
from landsea.domain.disruption import ClosureSubject, ExceptionKind
from landsea.services import disruptions as use_cases

router = APIRouter(tags=["disruptions"])


@router.post(
    "/services/{service_id}/exceptions",
    response_model=ExceptionPublic,
    status_code=201,
    responses=problems(403, 404),
)
def add_exception(
    platform: PlatformDep, caller: Caller, service_id: str, body: ExceptionCreate
) -> ExceptionPublic:
    """Cancel, delay or add one run of an operator's own service."""
    request = use_cases.ExceptionRequest(
        kind=ExceptionKind(body.kind),
        departure_id=body.departure_id,
        date=body.date
        if isinstance(body.date, dt.date) and not isinstance(body.date, dt.datetime)
        else None,
        delay_hours=body.delay_hours,
        departure=body.departure if isinstance(body.departure, dt.datetime) else None,
        reason=body.reason(),
    )
    return ExceptionPublic.of(use_cases.add_exception(platform, caller, service_id, request))


@router.get("/services/{service_id}/exceptions", response_model=Page[ExceptionPublic])
def list_exceptions(
    platform: PlatformDep, caller: Caller, service_id: str
) -> Page[ExceptionPublic]:
    """The exceptions in force on a service."""
    found = use_cases.exceptions(platform, service_id)
    return Page(data=[ExceptionPublic.of(e) for e in found], count=len(found))


@router.delete(
    "/services/{service_id}/exceptions/{exception_id}",
    status_code=204,
    responses=problems(403, 404),
)
def lift_exception(
    platform: PlatformDep, caller: Caller, service_id: str, exception_id: str
) -> Response:
    """Lift an exception: a cancelled run runs again."""
    use_cases.lift(platform, caller, exception_id)
    return Response(status_code=204)


@router.post("/closures", response_model=ClosurePublic, status_code=201, responses=problems(403))
def add_closure(platform: PlatformDep, caller: Caller, body: ClosureCreate) -> ClosurePublic:
    """Close a place (customs, admins) or a service (its operator, admins) for a period."""
    closure = use_cases.add_closure(
        platform,
        caller,
        subject=ClosureSubject(body.subject),
        code=body.code,
        starts=body.from_,
        ends=body.to,
        reason=body.reason(),
    )
    return ClosurePublic.of(closure)


@router.get("/closures", response_model=Page[ClosurePublic])
def list_closures(platform: PlatformDep, caller: Caller) -> Page[ClosurePublic]:
    """The closures in force."""
    found = use_cases.closures(platform)
    return Page(data=[ClosurePublic.of(c) for c in found], count=len(found))


@router.delete("/closures/{closure_id}", status_code=204, responses=problems(403, 404))
def lift_closure(platform: PlatformDep, caller: Caller, closure_id: str) -> Response:
    """Lift a closure: its runs run again."""
    use_cases.lift(platform, caller, closure_id)
    return Response(status_code=204)
