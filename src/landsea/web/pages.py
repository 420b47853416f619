"""The pages of the web platform, rendered on the server (Jinja2), in Chinese or English.

Signing in (an API key, or a username and password) starts a session: an HttpOnly, SameSite=Lax
cookie (Secure over HTTPS) whose token the database keeps only as a SHA-256. Every form carries
the session's CSRF token (before sign-in, a double-submit token in its own cookie), and the pages'
scripts send it as ``X-CSRF-Token`` when they call the API with the session cookie.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from landsea.api.deps import SESSION_COOKIE, PlatformDep
from landsea.api.schemas import BookingCreate
from landsea.domain import access
from landsea.domain.booking import Principal, Role
from landsea.domain.codes import parse_day
from landsea.errors import Busy, LandseaError, NotFound, Throttled, Unauthorized
from landsea.services import accounts, consolidation, customs, departures, stats, timeline
from landsea.services import booking as bookings
from landsea.services.network import leg_line, network_geojson
from landsea.services.planning import PlanQuestion, plan
from landsea.services.platform import Platform
from landsea.units import ServiceId
from landsea.web.i18n import LANGUAGES, Language, language_of

__all__ = ["router"]

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

CSRF_COOKIE = "landsea_csrf"
LANG_COOKIE = "lang"
FLASH_COOKIE = "landsea_flash"
YEAR = 365 * 24 * 3600


# Who is asking, in which language ----------------------------------------------------------


class Visitor:
    """The request's language, signed-in organisation (if any) and CSRF token."""

    def __init__(self, request: Request, platform: Platform) -> None:
        self.request = request
        self.platform = platform
        self.lang = Language(
            language_of(
                request.query_params.get("lang"),
                request.cookies.get(LANG_COOKIE),
                request.headers.get("accept-language"),
            )
        )
        found = accounts.session(platform, request.cookies.get(SESSION_COOKIE))
        self.principal: Principal | None = None
        self.username: str | None = None
        if found is not None:
            self.principal, self.csrf, self.username = found
        else:
            self.csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)

    def needs(self, rule: Callable[[Principal], bool]) -> Principal:
        """The signed-in principal, if ``rule`` (one of :mod:`landsea.domain.access`) lets it in."""
        if self.principal is None:
            raise Unauthorized("sign in first")
        if not rule(self.principal):
            raise _PageForbidden()
        return self.principal

    def check_csrf(self, token: str) -> None:
        if not token or not hmac.compare_digest(token, self.csrf):
            raise _PageForbidden()


class _PageForbidden(Exception):
    pass


def visitor(request: Request, platform: PlatformDep) -> Visitor:
    return Visitor(request, platform)


VisitorDep = Annotated[Visitor, Depends(visitor)]


def _static(path: str) -> str:
    return f"/static/{path}?v={_VERSION}"


_VERSION = "1"


def _switch_url(request: Request, lang: Language) -> str:
    query = dict(request.query_params)
    query["lang"] = lang.other
    return f"{request.url.path}?{urlencode(query)}"


def render(v: Visitor, template: str, page: str, status: int = 200, **context: Any) -> HTMLResponse:
    user = None
    if v.principal is not None:
        user = {
            "role": v.principal.role.value,
            "display": v.username or v.principal.name,
            "organisation": v.principal.name,
        }
    flash = None
    raw = v.request.cookies.get(FLASH_COOKIE)
    if raw:
        kind, _, text = raw.partition(":")
        key, _, value = text.partition("|")
        if key.startswith("flash."):
            flash = {"kind": kind, "text": v.lang.t(key, value=value)}
    response = templates.TemplateResponse(
        v.request,
        template,
        {
            "L": v.lang,
            "user": user,
            "csrf": v.csrf,
            "page": page,
            "static": _static,
            "switch_url": _switch_url(v.request, v.lang),
            "flash": flash,
            "json": _json,
            **context,
        },
        status_code=status,
    )
    _remember(v, response)
    if raw:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def _json(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` or an attribute: ``<`` escaped, so that
    no text can close the script element."""
    return Markup(
        json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    )


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _remember(v: Visitor, response: Response) -> None:
    """Keep the language chosen, and the anonymous CSRF token, in cookies."""
    if v.request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, v.lang.code, max_age=YEAR, samesite="lax", secure=_secure(v.request)
        )
    if v.principal is None and v.request.cookies.get(CSRF_COOKIE) != v.csrf:
        response.set_cookie(
            CSRF_COOKIE,
            v.csrf,
            httponly=True,
            samesite="strict",
            secure=_secure(v.request),
            path="/",
        )


def redirect(v: Visitor, url: str, flash: str | None = None) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(FLASH_COOKIE, flash, max_age=60, samesite="lax", path="/")
    return response


def guarded(
    handler: Callable[..., Response],
) -> Callable[..., Response]:
    """Turn 'sign in first' into a redirect and 'not for you' into a 403 page."""
    import functools

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        v: Visitor = kwargs["v"]
        try:
            return handler(*args, **kwargs)
        except Unauthorized:
            return redirect(v, f"/signin?{urlencode({'next': v.request.url.path})}")
        except _PageForbidden:
            return render(v, "error.html", "", status=403, message=v.lang.t("error.forbidden"))
        except NotFound:
            return render(v, "error.html", "", status=404, message=v.lang.t("error.not_found"))

    return wrapper


# Signing in and out -------------------------------------------------------------------------


@router.get("/signin")
@guarded
def signin_page(v: VisitorDep, next: str = "/") -> Response:
    return render(v, "signin.html", "signin", next=_safe_next(next), error=None)


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/signin")
@guarded
def signin(
    v: VisitorDep,
    csrf: Annotated[str, Form()] = "",
    api_key: Annotated[str, Form()] = "",
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    v.check_csrf(csrf)
    user_id = key_id = None
    try:
        if api_key.strip():
            key, principal = accounts.authenticate_key(v.platform, api_key.strip())
            key_id = key.id
        else:
            address = v.request.client.host if v.request.client else None
            user_id, principal = accounts.check_password(
                v.platform, username, password, address=address
            )
    except Unauthorized:
        return render(
            v, "signin.html", "signin", status=401, next=_safe_next(next),
            error=v.lang.t("signin.failed"), username=username,
        )  # fmt: skip
    except Throttled as exc:  # too many failures lately, or (Busy) every scrypt slot taken
        refused = render(
            v, "signin.html", "signin", status=503 if isinstance(exc, Busy) else 429,
            next=_safe_next(next), username=username, error=_wait_notice(v.lang, exc),
        )  # fmt: skip
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    token, _ = accounts.start_session(v.platform, principal, user_id, api_key_id=key_id)
    response = redirect(v, _landing(principal, _safe_next(next)))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=accounts.SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=_secure(v.request),
        path="/",
    )
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


def _wait_notice(lang: Language, refused: Throttled) -> str:
    """'Try again in …' in the page's language, in seconds or (past 90 s) minutes."""
    if isinstance(refused, Busy):
        return lang.t("signin.busy", n=refused.retry_after)
    if refused.retry_after > 90:
        return lang.t("signin.locked_minutes", n=-(-refused.retry_after // 60))
    return lang.t("signin.locked_seconds", n=refused.retry_after)


def _landing(principal: Principal, wanted: str) -> str:
    if wanted not in ("/", "/signin"):
        return wanted
    return {
        Role.SHIPPER: "/plan",
        Role.OPERATOR: "/operations",
        Role.CUSTOMS: "/customs",
        Role.ADMIN: "/stats",
    }[principal.role]


@router.post("/signout")
@guarded
def signout(v: VisitorDep, csrf: Annotated[str, Form()] = "") -> Response:
    v.check_csrf(csrf)
    accounts.end_session(v.platform, v.request.cookies.get(SESSION_COOKIE))
    response = redirect(v, "/", flash="info:flash.signed_out|")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# The corridor map ---------------------------------------------------------------------------


@router.get("/")
@guarded
def map_page(v: VisitorDep) -> Response:
    return render(v, "map.html", "map")


@router.get("/web/data/network.json")
def network_data(platform: PlatformDep) -> JSONResponse:
    """Places and services as GeoJSON (sea legs along searoute), computed once per process."""
    cached = platform.cache.get("network_geojson")
    if cached is None:
        cached = platform.cache["network_geojson"] = network_geojson(platform.network)
    return JSONResponse(cached, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/web/data/services/{service_id}")
def service_data(platform: PlatformDep, service_id: str) -> JSONResponse:
    """A service's timetable, and its next departures with their utilisation."""
    service = platform.network.services.get(ServiceId(service_id))
    if service is None:
        return JSONResponse({"detail": f"service {service_id!r} does not exist"}, status_code=404)
    now = dt.datetime.now(dt.UTC)
    upcoming = departures.service_departures(platform, service_id, now, days=30, limit=12)
    locations = platform.network.locations
    return JSONResponse(
        {
            "id": service.id,
            "name": service.name.as_dict(),
            "mode": service.mode.value,
            "operator": service.operator,
            "on_demand": service.on_demand,
            "weekly": None if service.on_demand else service.schedule.describe(),
            "capacity_teu": service.capacity_teu,
            "stops": [
                {
                    "locode": str(stop.location),
                    "name": locations[stop.location].name.as_dict(),
                    "timezone": locations[stop.location].timezone,
                    "arrival_h": None
                    if stop.arrival is None
                    else round(stop.arrival.total_seconds() / 3600, 2),
                    "departure_h": None
                    if stop.departure is None
                    else round(stop.departure.total_seconds() / 3600, 2),
                }
                for stop in service.stops
            ],
            "departures": [
                {
                    "id": d.id,
                    "departure": d.departure.isoformat(),
                    "capacity_teu": d.capacity_teu,
                    "booked_teu": d.booked_teu,
                    "utilisation": round(d.booked_teu / d.capacity_teu, 3)
                    if d.capacity_teu
                    else None,
                }
                for d in upcoming
            ],
        }
    )


# Planning and booking -----------------------------------------------------------------------


def _places(platform: Platform, lang: Language) -> list[dict[str, str]]:
    return [
        {"code": str(code), "label": f"{lang.name(location.name)} ({code})",
         "other": location.name.get("en" if lang.code == "zh-CN" else "zh")}
        for code, location in sorted(
            platform.network.locations.items(), key=lambda item: item[1].name.en
        )
    ]  # fmt: skip


def _place_code(platform: Platform, text: str) -> str:
    """The code in ``"Name (CODE)"`` from the autocomplete, or the text as typed."""
    text = text.strip()
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1]
        if inner in platform.network.locations:
            return inner
    return text


@router.get("/plan")
@guarded
def plan_page(
    v: VisitorDep,
    origin: str = "",
    destination: str = "",
    date: str = "",
    teu: int = 1,
    cargo: str = "general",
) -> Response:
    form = {"origin": origin, "destination": destination, "date": date, "teu": teu, "cargo": cargo}
    document = None
    error = None
    if origin and destination:
        try:
            depart = parse_day(date, field="date") if date else None
            capacity = departures.remaining_capacity(
                v.platform,
                dt.datetime.now(dt.UTC) - dt.timedelta(days=30),
                dt.datetime.now(dt.UTC) + dt.timedelta(days=400),
            )
            _, document = plan(
                v.platform.network,
                PlanQuestion(
                    origin=_place_code(v.platform, origin),
                    destination=_place_code(v.platform, destination),
                    depart=depart,
                    teu=teu,
                    cargo_type=cargo,
                    capacity=capacity,
                    clearance=stats.measured_clearance(v.platform),
                ),
            )
        except ValueError:
            error = v.lang.t("plan.bad_date", value=date)
        except LandseaError as exc:
            error = exc.message
    lines = []
    if document is not None:
        lines = [
            [leg_line(v.platform.network, leg["service_id"], leg["from"], leg["to"])
             for leg in option["legs"]]
            for option in document["options"]
        ]  # fmt: skip
    return render(
        v,
        "plan.html",
        "plan",
        form=form,
        document=document,
        lines=lines,
        error=error,
        places=_places(v.platform, v.lang),
        locations=v.platform.network.locations,
        can_book=v.principal is not None and access.can_book(v.principal),
    )


_LEG = ("departure_id", "from", "to", "service_id")


@router.post("/plan/book")
@guarded
def book(
    v: VisitorDep,
    csrf: Annotated[str, Form()],
    legs: Annotated[str, Form()],
    teu: Annotated[int, Form()],
    cargo: Annotated[str, Form()] = "general",
    reference: Annotated[str, Form()] = "",
) -> Response:
    principal = v.needs(access.can_book)
    v.check_csrf(csrf)
    try:
        options = json.loads(legs)  # the option's legs as the plan gave them: read what books
        if not isinstance(options, list) or not all(isinstance(leg, dict) for leg in options):
            raise ValueError(f"legs {legs[:80]!r} is not a list of legs")
        chosen = BookingCreate.model_validate(
            {"legs": [{k: leg[k] for k in _LEG if leg.get(k) is not None} for leg in options],
             "teu": teu}
        ).legs  # fmt: skip
        request = bookings.BookingRequest(
            legs=tuple(
                bookings.LegRequest(
                    departure_id=leg.departure_id,
                    origin=leg.from_,
                    destination=leg.to,
                    service_id=leg.service_id,
                )
                for leg in chosen
            ),
            teu=teu,
            cargo_type=cargo,
            shipper_reference=reference.strip() or None,
        )
        booked, _ = bookings.create_booking(v.platform, principal, request)
    except (ValueError, KeyError, TypeError, RecursionError):
        return redirect(v, "/plan", flash="error:flash.book_failed|the option could not be read")
    except LandseaError as exc:
        return redirect(v, "/plan", flash=f"error:flash.book_failed|{exc.message}"[:1000])
    return redirect(v, f"/shipments#b-{booked.id}", flash=f"ok:flash.booked|{booked.id[:8]}")


# My shipments -------------------------------------------------------------------------------


@router.get("/shipments")
@guarded
def shipments_page(v: VisitorDep) -> Response:
    principal = v.needs(access.can_book)
    found = bookings.list_bookings(v.platform, principal, after=None, limit=50)
    found.sort(key=lambda b: b.created_at, reverse=True)
    declared: dict[str, list[Any]] = {}
    for declaration in customs.list_declarations(
        v.platform, principal, office=None, lane=None, status=None, after=None, limit=500
    ):
        if declaration.booking_id:
            declared.setdefault(declaration.booking_id, []).append(declaration)
    lines = []
    for booking in found:
        lines.append(
            {
                "booking": booking,
                "timeline": timeline.timeline(v.platform, principal, booking.id),
                "declarations": declared.get(booking.id, []),
            }
        )
    return render(
        v, "shipments.html", "shipments", lines=lines, locations=v.platform.network.locations
    )


# Operations ---------------------------------------------------------------------------------


@router.get("/operations")
@guarded
def operations_page(v: VisitorDep) -> Response:
    principal = v.needs(access.may_run_consolidation)
    now = dt.datetime.now(dt.UTC)
    services = [
        s.id
        for s in v.platform.network.services.values()
        if not s.on_demand and access.may_manage_departure(principal, s)
    ]
    upcoming = departures.departures_between(
        v.platform, services, now, now + dt.timedelta(days=30), limit=5000
    )
    runs = consolidation.recent_runs(v.platform, principal, limit=10)
    from landsea.services import analytics

    on_time = analytics.punctuality(
        v.platform, now - dt.timedelta(days=90), now, operator=principal
    )
    return render(
        v,
        "operations.html",
        "operations",
        upcoming=upcoming,
        runs=runs,
        on_time=on_time,
        network=v.platform.network,
    )


@router.post("/operations/runs")
@guarded
def start_run(
    v: VisitorDep,
    csrf: Annotated[str, Form()],
    method: Annotated[str, Form()] = "optimal",
    time_limit: Annotated[float, Form()] = 60,
    apply: Annotated[str, Form()] = "",
) -> Response:
    principal = v.needs(access.may_run_consolidation)
    v.check_csrf(csrf)
    try:
        options = consolidation.ConsolidationOptions(method=method, time_limit=time_limit)
        run_id = consolidation.start_run(v.platform, principal, options, apply=apply == "on")
    except LandseaError as exc:
        return redirect(v, "/operations", flash=f"error:flash.failed|{exc.message}")
    return redirect(v, "/operations#runs", flash=f"ok:flash.run_started|{run_id[:8]}")


# Customs ------------------------------------------------------------------------------------


@router.get("/customs")
@guarded
def customs_page(v: VisitorDep, office: str = "") -> Response:
    principal = v.needs(access.may_review_declarations)
    found = customs.list_declarations(
        v.platform, principal, office=office or None, lane=None, status=None, after=None,
        limit=300,
    )  # fmt: skip
    queue = {lane: [d for d in found if d.lane.value == lane and d.status.value != "released"]
             for lane in ("red", "yellow", "green")}  # fmt: skip
    done = [d for d in found if d.status.value == "released"][:30]
    return render(
        v, "customs.html", "customs", queue=queue, done=done, office=office,
        locations=v.platform.network.locations,
    )  # fmt: skip


@router.post("/customs/{declaration_id}/decision")
@guarded
def decide(
    v: VisitorDep,
    declaration_id: str,
    csrf: Annotated[str, Form()],
    decision: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    principal = v.needs(access.may_decide_declaration)
    v.check_csrf(csrf)
    try:
        customs.decide(v.platform, principal, declaration_id, decision, reason)
    except LandseaError as exc:
        return redirect(v, "/customs", flash=f"error:flash.failed|{exc.message}")
    return redirect(v, "/customs", flash=f"ok:flash.decided|{declaration_id[:8]}")


# Statistics ---------------------------------------------------------------------------------


@router.get("/stats")
@guarded
def stats_page(v: VisitorDep, days: int = 90) -> Response:
    from landsea.services import analytics

    days = max(7, min(days, 730))
    end = dt.datetime.now(dt.UTC) + dt.timedelta(days=60)  # booked ahead counts too
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    figures = {
        "volumes": analytics.volumes(v.platform, start, end),
        "modal_split": analytics.modal_split(v.platform, start, end),
        "punctuality": analytics.punctuality(v.platform, start, end),
        "clearance": stats.clearance_stats(v.platform, start=start, end=end),
        "emissions": analytics.emissions_saved(v.platform, start, end),
    }
    measured = [row for row in figures["clearance"]["locations"] if row["samples"]]
    clearance_chart = {
        "labels": [
            v.lang.name(row["name"]) if row["name"] else row["location"] for row in measured
        ],
        "p50": [row["p50_hours"] for row in measured],
        "p90": [row["p90_hours"] for row in measured],
        "names": [v.lang.t("stats.p50"), v.lang.t("stats.p90")],
    }
    return render(v, "stats.html", "stats", figures=figures, days=days,
                  clearance_chart=clearance_chart, locations=v.platform.network.locations)  # fmt: skip
