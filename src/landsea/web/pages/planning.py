"""Planning and booking: the options between two places, and booking one."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from landsea.api.schemas import PlanPublic, dump
from landsea.domain import access
from landsea.domain.codes import parse_day
from landsea.domain.disruption import Closure
from landsea.errors import InvalidInput, LandseaError, RateUnavailable
from landsea.services import disruptions
from landsea.services.network import leg_line
from landsea.services.planning import Itinerary, Plan, PlanQuestion, plan_on_platform
from landsea.services.platform import Platform
from landsea.services.pricing import quote_plan
from landsea.web.i18n import Language
from landsea.web.pages.visitor import (
    Visitor,
    VisitorDep,
    guarded,
    is_secure,
    render,
)

__all__ = [
    "CARGO",
    "CURRENCIES",
    "SORTS",
    "Search",
    "SearchDep",
    "booking_currency",
    "option_key",
    "read_form",
    "router",
]

router = APIRouter(include_in_schema=False)

CARGO = ("general", "reefer", "dangerous")
MAX_TEU = 1000
CURRENCIES = ("CNY", "USD", "EUR", "THB", "VND", "LAK", "MYR", "SGD", "IDR", "MMK", "KHR", "PHP",
              "BND", "KZT", "UZS", "RUB")  # fmt: skip
"""The corridor's currencies, offered by the plan form (CNY: the planner's own cost)."""
CURRENCY_COOKIE = "currency"
YEAR = 365 * 24 * 3600


def _currency(v: Visitor, asked: str) -> str:
    """The currency asked for, else the one remembered in the cookie, else CNY."""
    for choice in (asked, v.request.cookies.get(CURRENCY_COOKIE, "")):
        if choice in CURRENCIES:
            return choice
    return "CNY"


def booking_currency(currency: str) -> str | None:
    """The currency a booking is quoted and frozen in (``None``: the planner's CNY)."""
    return currency if currency in CURRENCIES and currency != "CNY" else None


def _priced(v: Visitor, result: Plan, currency: str) -> tuple[Plan, str | None]:
    """``result`` quoted in ``currency`` with the day's reference rates (CNY: as planned), or
    as planned with the reason no quote could be made."""
    if currency == "CNY":
        return result, None
    try:
        return quote_plan(v.platform, v.platform.network, result, currency), None
    except RateUnavailable as exc:
        return result, exc.message


# Planning and booking -----------------------------------------------------------------------


def _places(platform: Platform, lang: Language) -> list[dict[str, str]]:
    return [
        {"code": str(code), "label": f"{lang.name(location.name)} ({code})",
         "other": location.name.get("en" if lang.code == "zh-CN" else "zh")}
        for code, location in sorted(
            platform.network.locations.items(), key=lambda item: item[1].name.en
        )
    ]  # fmt: skip


def _place_code(platform: Platform, text: str) -> str | None:
    """The place meant by ``text``: ``"Name (CODE)"`` from the autocomplete, a UN/LOCODE, or a
    name in Chinese or English (``重庆市`` is 重庆); ``None`` when no place is called so."""
    text = text.strip()
    if text.endswith(")") and "(" in text:
        text = text[text.rindex("(") + 1 : -1].strip()
    locations = platform.network.locations
    if text.upper() in locations:
        return text.upper()
    wanted = {text.casefold(), text.removesuffix("市").casefold()}
    for code, location in locations.items():
        if {location.name.en.casefold(), location.name.zh.casefold()} & wanted:
            return str(code)
    return None


@dataclasses.dataclass(frozen=True, slots=True)
class Search:
    """A plan search as the form, its links and the review step give it (query parameters)."""

    origin: str = ""
    destination: str = ""
    date: str = ""
    teu: str = "1"
    cargo: str = "general"
    currency: str = ""

    def fields(self) -> dict[str, str]:
        return dataclasses.asdict(self)


SearchDep = Annotated[Search, Depends()]


def read_form(v: Visitor, search: Search) -> tuple[PlanQuestion | None, dict[str, str]]:
    """The question the form asks, or each field's error in the visitor's language."""
    origin, destination, date = search.origin, search.destination, search.date
    teu, cargo = search.teu, search.cargo
    t, errors = v.lang.t, {}
    places = {}
    for field, text in (("origin", origin), ("destination", destination)):
        places[field] = _place_code(v.platform, text)
        if places[field] is None:
            errors[field] = t("plan.err.place", value=text)
    if places["origin"] and places["origin"] == places["destination"]:
        errors["destination"] = t("plan.err.same_place", value=destination)
    count = int(teu) if teu.strip().isdigit() else 0
    if not 1 <= count <= MAX_TEU:
        errors["teu"] = t("plan.err.teu", value=teu, max=MAX_TEU)
    depart = None
    if date:
        try:
            depart = parse_day(date, field="date")
        except InvalidInput:
            errors["date"] = t("plan.err.date", value=date)
        else:
            if depart < dt.datetime.now(dt.UTC).date():
                errors["date"] = t("plan.err.past", value=v.lang.day(depart))
    if cargo not in CARGO:
        errors["cargo"] = t("plan.err.cargo", value=cargo)
    if errors:
        return None, errors
    question = PlanQuestion(origin=str(places["origin"]), destination=str(places["destination"]),
                            depart=depart, teu=count, cargo_type=cargo)  # fmt: skip
    return question, {}


SORTS = {
    "arrival": lambda o: (o.arrival, o.cost.amount),
    "cost": lambda o: (o.cost.amount, o.arrival),
    "co2e": lambda o: (o.co2e_kg, o.arrival),
    "transfers": lambda o: (o.transfers, o.arrival),
}
"""The orders the options can be shown in (all ascending: less is better)."""


def option_key(option: Itinerary) -> str:
    """What names an option across plans: its runs (services on demand) and places."""
    return ";".join(f"{leg.departure_id or leg.service_id}:{leg.from_}:{leg.to}"
                    for leg in option.legs)  # fmt: skip


def _search_query(form: dict[str, str], **more: str) -> str:
    return urlencode({**form, **more})


@router.get("/plan")
@guarded
def plan_page(v: VisitorDep, search: SearchDep, sort: str = "") -> Response:
    chosen = _currency(v, search.currency)
    form = {**search.fields(), "currency": chosen}
    document = None
    options: tuple[Itinerary, ...] = ()
    error = None
    errors: dict[str, str] = {}
    closures: list[Closure] = []
    if search.origin or search.destination:
        question, errors = read_form(v, search)
        if question is not None:
            try:
                result, error = _priced(v, plan_on_platform(v.platform, question), chosen)
                document = dump(PlanPublic.of(result))
                options = result.options
                closures = disruptions.closures_near(v.platform, result)
            except LandseaError as exc:
                error = exc.message
    lines = [
        [leg_line(v.platform.network, leg.service_id, leg.from_, leg.to) for leg in option.legs]
        for option in options
    ]
    sort = sort if sort in SORTS else ""
    order = list(range(len(options)))
    if sort:
        order.sort(key=lambda n: SORTS[sort](options[n]))
    response = render(
        v,
        "plan.html",
        "plan",
        form=form,
        document=document,
        lines=lines,
        order=order,
        sort=sort,
        sorts=list(SORTS),
        sort_urls={key: "/plan?" + _search_query(form, sort=key) + "#options-h" for key in SORTS},
        review_urls=[
            "/plan/review?" + _search_query(form, option=option_key(o), lang=v.lang.code)
            for o in options
        ],
        error=error,
        errors=errors,
        cargo_kinds=CARGO,
        currencies=CURRENCIES,
        today=dt.datetime.now(dt.UTC).date().isoformat(),
        places=_places(v.platform, v.lang),
        locations=v.platform.network.locations,
        can_book=v.principal is not None and access.can_book(v.principal),
        closure_notices=closures,
        network=v.platform.network,
        search=str(v.request.url.path) + ("?" + v.request.url.query if v.request.url.query else ""),
    )
    if search.currency in CURRENCIES:  # remembered like the language
        response.set_cookie(CURRENCY_COOKIE, search.currency, max_age=YEAR, samesite="lax",
                            secure=is_secure(v.request))  # fmt: skip
    return response
