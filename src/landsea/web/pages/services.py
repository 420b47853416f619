"""Services: an operator's own services, each timetable as a weekly grid; a stop time or the
capacity changed and published, a run cancelled or delayed, a closure declared — through the
service functions of the API (``PUT /services/{id}``, ``POST …/exceptions``, ``POST
/closures``), with their checks; every error named next to its field, in the visitor's
language."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form
from fastapi.responses import Response

from landsea.domain import access
from landsea.domain.access import Action
from landsea.domain.booking import Principal
from landsea.domain.codes import parse_day
from landsea.domain.disruption import Closure, ClosureSubject, ExceptionKind, Reason
from landsea.domain.timetable import Service
from landsea.errors import DatasetError, InvalidInput, LandseaError
from landsea.services import departures, disruptions, network_publish
from landsea.services.network_week import operated_services, owned_service, week_of_runs
from landsea.web.pages.visitor import Visitor, VisitorDep, guarded, redirect, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_may_publish = functools.partial(access.may_ever, action=Action.MANAGE_SERVICE)
MAX_CAPACITY = 100_000
MAX_DELAY_HOURS = 336
Errors = dict[str, str]


@dataclass(frozen=True, slots=True)
class _Why:
    """The reason fields of a form, as typed."""

    en: str
    zh: str
    code: str


def _why(
    reason_en: Annotated[str, Form()] = "",
    reason_zh: Annotated[str, Form()] = "",
    reason_code: Annotated[str, Form()] = "",
) -> _Why:
    return _Why(reason_en, reason_zh, reason_code)


@dataclass(frozen=True, slots=True)
class _Period:
    """The period fields of a closure form, as typed (local times)."""

    starts: str
    ends: str


def _period(
    starts: Annotated[str, Form(alias="from")] = "",
    ends: Annotated[str, Form(alias="to")] = "",
) -> _Period:
    return _Period(starts, ends)


WhyDep = Annotated[_Why, Depends(_why)]
PeriodDep = Annotated[_Period, Depends(_period)]


@router.get("/services")
@guarded
def services_page(v: VisitorDep) -> Response:
    return _list(v, v.needs(_may_publish))


def _list(
    v: Visitor,
    principal: Principal,
    errors: Errors | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    return render(
        v,
        "services.html",
        "services",
        status=422 if errors else 200,
        services=operated_services(v.platform, principal),
        closures=[c for c in disruptions.closures(v.platform) if c.ends > dt.datetime.now(dt.UTC)],
        network=v.platform.network,
        closes_places=access.may_ever(principal, Action.CLOSE_PLACE),
        errors=errors or {},
        form=form or {},
    )


@router.get("/services/{service_id}")
@guarded
def service_page(v: VisitorDep, service_id: str, week: str = "", run: str = "") -> Response:
    principal = v.needs(_may_publish)
    service = owned_service(v.platform, principal, service_id)
    return _detail(v, service, week, {"run": run})


def _monday(v: Visitor, service: Service, week: str) -> dt.date:
    """The Monday of ``week`` (a date in it), or of this week at the service's first stop."""
    try:
        day = parse_day(week, field="week") if week else None
    except InvalidInput:
        day = None
    if day is None:
        day = v.platform.network.local(service.origin, dt.datetime.now(dt.UTC)).date()
    return day - dt.timedelta(days=day.weekday())


def _detail(
    v: Visitor,
    service: Service,
    week: str,
    form: dict[str, Any],
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    monday = _monday(v, service, week or str(form.get("week", "")))
    overlay = disruptions.overlay(v.platform)
    days = week_of_runs(v.platform, service, monday, overlay)
    return render(
        v,
        "service.html",
        "services",
        status=status,
        service=service,
        network=v.platform.network,
        days=days,
        monday=monday,
        previous=(monday - dt.timedelta(days=7)).isoformat(),
        following=(monday + dt.timedelta(days=7)).isoformat(),
        exceptions=[e for e in overlay.exceptions if e.service_id == service.id],
        closures=[c for c in overlay.closures if _touches(c, service)],
        form=form,
        errors=errors or {},
    )


def _touches(closure: Closure, service: Service) -> bool:
    if closure.subject is ClosureSubject.SERVICE:
        return closure.code == service.id
    return any(stop.location == closure.code for stop in service.stops)


def _owned(v: Visitor, service_id: str, csrf: str) -> tuple[Principal, Service]:
    principal = v.needs(_may_publish)
    v.check_csrf(csrf)
    return principal, owned_service(v.platform, principal, service_id)


def _back(v: Visitor, service: Service, week: str, anchor: str, flash: str) -> Response:
    """Back to the service's week (the one the form was sent from) at ``anchor``."""
    monday = _monday(v, service, week).isoformat()
    return redirect(v, f"/services/{service.id}?week={monday}#{anchor}", flash=flash)


# A stop time or the capacity ---------------------------------------------------------------


@router.post("/services/{service_id}/timetable")
@guarded
def change_timetable(
    v: VisitorDep,
    service_id: str,
    csrf: Annotated[str, Form()],
    capacity: Annotated[str, Form()] = "",
    arrival: Annotated[list[str] | None, Form()] = None,
    departure: Annotated[list[str] | None, Form()] = None,
    week: Annotated[str, Form()] = "",
) -> Response:
    principal, service = _owned(v, service_id, csrf)
    form: dict[str, Any] = {"capacity": capacity, "arrival": arrival, "departure": departure}
    change, errors = _read_timetable(v, service, capacity, arrival or [], departure or [])
    if change is not None:
        try:
            done = network_publish.change_timetable(v.platform, principal, service.id, change)
        except DatasetError as exc:
            errors = _problems(v, exc)
        except LandseaError as exc:
            errors = {"timetable": v.lang.t("svc.err.refused", message=exc.message)}
        else:
            flash = f"ok:flash.svc_published|{done.version.id}"
            return _back(v, service, week, "timetable", flash)
    return _detail(v, service, week, form | {"week": week}, errors, status=422)


def _hours(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if 0 <= value <= 24 * 120 else None


def _read_timetable(
    v: Visitor, service: Service, capacity: str, arrival: list[str], departure: list[str]
) -> tuple[network_publish.TimetableChange | None, Errors]:
    """The change the form asks for, or each field's error in the visitor's language."""
    t, errors = v.lang.t, {}
    offsets: dict[str, dict[int, float]] = {"arrival": {}, "departure": {}}
    for name, texts in (("arrival", arrival), ("departure", departure)):
        for k, text in enumerate(texts[: len(service.stops)]):
            if not text.strip():
                continue
            hours = _hours(text)
            if hours is None:
                errors[f"{name}-{k}"] = t("svc.err.hours", value=text[:40])
            else:
                offsets[name][k] = hours
    count = None
    if capacity.strip():
        count = int(capacity) if capacity.strip().isdigit() else 0
        if not 1 <= count <= MAX_CAPACITY:
            errors["capacity"] = t("svc.err.capacity", value=capacity[:40], max=MAX_CAPACITY)
    if errors:
        return None, errors
    change = network_publish.TimetableChange(
        arrival_h=offsets["arrival"], departure_h=offsets["departure"], capacity_teu=count
    )
    return change, {}


_FIELD = re.compile(r"stops\[(\d+)\]\.(arrival|departure)_h")


def _problems(v: Visitor, error: DatasetError) -> Errors:
    """The dataset reader's problems, each next to the field it names."""
    errors: Errors = {}
    for problem in error.problems:
        found = _FIELD.search(problem.field)
        if found:
            key = f"{found.group(2)}-{found.group(1)}"
        elif problem.field.startswith("capacity_teu"):
            key = "capacity"
        else:
            key = "timetable"
        message = v.lang.t("svc.err.refused", message=f"{problem.field}: {problem.message}")
        errors[key] = f"{errors[key]} {message}" if key in errors else message
    return errors


# A run cancelled or delayed ----------------------------------------------------------------


def _reason(v: Visitor, why: _Why, errors: Errors, field: str = "reason") -> Reason | None:
    """The reason in both languages (either given stands for both) and its SMDG code; the
    errors keyed by the fields' ids (``reason_en`` … or, with ``field``, ``close_en`` …)."""
    en, zh, code = why.en.strip(), why.zh.strip(), why.code.strip()
    if not en and not zh:
        errors[f"{field}_en"] = v.lang.t("svc.err.reason")
    if code and not re.fullmatch(r"[A-Z]{3}", code):
        errors[f"{field}_code"] = v.lang.t("svc.err.reason_code", value=code[:20])
    if errors:
        return None
    return Reason(en=en or zh, zh=zh or en, code=code or None)


@router.post("/services/{service_id}/runs")
@guarded
def change_run(
    v: VisitorDep,
    service_id: str,
    csrf: Annotated[str, Form()],
    why: WhyDep,
    run: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "cancel",
    delay_hours: Annotated[str, Form()] = "",
    run_capacity: Annotated[str, Form()] = "",
    week: Annotated[str, Form()] = "",
) -> Response:
    """Cancel or delay a run (an exception, with its reason), or change its capacity."""
    principal, service = _owned(v, service_id, csrf)
    form = {"run": run, "kind": kind, "delay_hours": delay_hours, "run_capacity": run_capacity,
            "reason_en": why.en, "reason_zh": why.zh, "reason_code": why.code,
            "week": week}  # fmt: skip
    errors: Errors = {} if run else {"run": v.lang.t("svc.err.run")}
    try:
        if kind == "capacity":
            count = _run_capacity(v, run_capacity, errors)
            if count is not None and not errors:
                departures.set_capacity(v.platform, principal, run, count)
                return _back(v, service, week, "runs", f"ok:flash.svc_capacity|{run}")
        else:
            request = _exception(v, kind, delay_hours, why, errors)
            if request is not None and not errors:
                disruptions.add_exception(
                    v.platform, principal, service.id, replace(request, departure_id=run)
                )
                flash = f"ok:flash.svc_{'delayed' if kind == 'delay' else 'cancelled'}|{run}"
                return _back(v, service, week, "runs", flash)
    except LandseaError as exc:
        errors["run"] = v.lang.t("svc.err.refused", message=exc.message)
    return _detail(v, service, week, form, errors, status=422)


def _run_capacity(v: Visitor, text: str, errors: Errors) -> int | None:
    count = int(text) if text.strip().isdigit() else -1
    if not 0 <= count <= MAX_CAPACITY:
        errors["run_capacity"] = v.lang.t("svc.err.run_capacity", value=text[:40], max=MAX_CAPACITY)
        return None
    return count


def _exception(
    v: Visitor, kind: str, delay: str, why: _Why, errors: Errors
) -> disruptions.ExceptionRequest | None:
    """The cancellation or delay the form asks for (the run named by the caller)."""
    hours = _hours(delay) if kind == "delay" else None
    if kind == "delay" and (hours is None or not 0 < hours <= MAX_DELAY_HOURS):
        errors["delay_hours"] = v.lang.t("svc.err.delay", value=delay[:40], max=MAX_DELAY_HOURS)
    reason = _reason(v, why, errors)
    if reason is None:
        return None
    return disruptions.ExceptionRequest(
        kind=ExceptionKind.DELAY if kind == "delay" else ExceptionKind.CANCEL,
        delay_hours=hours,
        reason=reason,
    )


@router.post("/services/{service_id}/lift/{cause_id}")
@guarded
def lift(
    v: VisitorDep,
    service_id: str,
    cause_id: str,
    csrf: Annotated[str, Form()],
    week: Annotated[str, Form()] = "",
) -> Response:
    principal, service = _owned(v, service_id, csrf)
    try:
        disruptions.lift(v.platform, principal, cause_id)
    except LandseaError as exc:
        return _back(v, service, week, "runs", f"error:flash.failed|{exc.message}")
    return _back(v, service, week, "runs", "ok:flash.svc_lifted|")


# A closure ---------------------------------------------------------------------------------


def _moment(text: str) -> dt.datetime | None:
    """A ``datetime-local`` field (or a date): local time at the place."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is None and 2000 <= moment.year <= 2099 else None


def _read_period(
    v: Visitor, starts: str, ends: str, errors: Errors
) -> tuple[dt.datetime | None, dt.datetime | None]:
    begin, end = _moment(starts), _moment(ends)
    if begin is None:
        errors["from"] = v.lang.t("svc.err.when", value=starts[:40])
    if end is None:
        errors["to"] = v.lang.t("svc.err.when", value=ends[:40])
    elif begin is not None and end <= begin:
        errors["to"] = v.lang.t("svc.err.order", value=ends[:40])
    return begin, end


def _declare(
    v: Visitor,
    principal: Principal,
    subject: ClosureSubject,
    code: str,
    period: _Period,
    why: _Why,
    errors: Errors,
) -> dict[str, str] | None:
    """Declare the closure the form asks for: ``None`` once done, else the form as sent (and
    ``errors`` filled, each under its field's id)."""
    begin, end = _read_period(v, period.starts, period.ends, errors)
    reason = _reason(v, why, errors, "close")
    if reason is not None and begin is not None and end is not None and not errors:
        try:
            disruptions.add_closure(
                v.platform, principal, subject=subject, code=code, starts=begin, ends=end,
                reason=reason,
            )  # fmt: skip
            return None
        except LandseaError as exc:
            errors["from"] = v.lang.t("svc.err.refused", message=exc.message)
    return {"from": period.starts, "to": period.ends, "close_en": why.en, "close_zh": why.zh,
            "close_code": why.code}  # fmt: skip


@router.post("/services/{service_id}/closures")
@guarded
def close_service(
    v: VisitorDep,
    service_id: str,
    csrf: Annotated[str, Form()],
    period: PeriodDep,
    why: WhyDep,
    week: Annotated[str, Form()] = "",
) -> Response:
    """Close the service for a period (its runs under way then are taken out of service)."""
    principal, service = _owned(v, service_id, csrf)
    errors: Errors = {}
    form = _declare(v, principal, ClosureSubject.SERVICE, service.id, period, why, errors)
    if form is None:
        return _back(v, service, week, "closures", f"ok:flash.svc_closed|{service.id}")
    return _detail(v, service, week, form | {"week": week}, errors, status=422)


@router.post("/services/place-closures")
@guarded
def close_place(
    v: VisitorDep,
    csrf: Annotated[str, Form()],
    period: PeriodDep,
    why: WhyDep,
    place: Annotated[str, Form()] = "",
) -> Response:
    """Close a place (customs and admins, by the rules table) for a period."""
    principal = v.needs(functools.partial(access.may_ever, action=Action.CLOSE_PLACE))
    v.check_csrf(csrf)
    code = place.strip().upper()
    errors: Errors = {}
    if code not in v.platform.network.locations:
        errors["place"] = v.lang.t("svc.err.place", value=place[:40])
    form = _declare(v, principal, ClosureSubject.PLACE, code, period, why, errors)
    if form is None:
        return redirect(v, "/services#closures", flash=f"ok:flash.svc_closed|{code}")
    if not access.may_ever(principal, Action.MANAGE_SERVICE):
        return redirect(v, "/", flash=f"error:flash.failed|{'; '.join(errors.values())}"[:1000])
    return _list(v, principal, errors, form | {"place": place})
