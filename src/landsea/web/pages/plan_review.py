"""The review step before booking: the chosen option planned anew (what is booked is what the
plan offers now, with its price, cut-offs and capacity left), the shipper's own reference, the
commodity with its HS code and the containers, each checked and any error named next to its
field in the visitor's language; then the booking."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from landsea.api.schemas import ItineraryPublic, dump
from landsea.domain import access
from landsea.domain.booking import MAX_COMMODITY
from landsea.domain.cargo import Cargo
from landsea.domain.codes import validate_container
from landsea.domain.customs import validate_hs_code
from landsea.errors import CapacityExceeded, InvalidInput, LandseaError
from landsea.services import booking as bookings
from landsea.services.planning import Itinerary, plan_on_platform
from landsea.web.pages.planning import Search, SearchDep, booking_currency, option_key, read_form
from landsea.web.pages.visitor import Visitor, VisitorDep, guarded, redirect, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

MAX_REFERENCE = 100
_SPLIT = re.compile(r"[\s,;，；、]+")


def _chosen(v: Visitor, search: Search, key: str) -> tuple[int, Itinerary] | None:
    """The option named ``key`` among those the search offers now (numbered as on the plan)."""
    question, _ = read_form(v, search)
    if question is None:
        return None
    try:
        options = plan_on_platform(v.platform, question).options
    except LandseaError:
        return None
    for n, option in enumerate(options, start=1):
        if option_key(option) == key:
            return n, option
    return None


def _checked(
    v: Visitor, fields: dict[str, str], teu: int
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The container numbers given, and each field's error in the visitor's language."""
    t, errors = v.lang.t, {}
    if len(fields["reference"].strip()) > MAX_REFERENCE:
        errors["reference"] = t("review.err.reference", max=MAX_REFERENCE)
    commodity = fields["commodity"].strip()
    if not 1 <= len(commodity) <= MAX_COMMODITY:
        errors["commodity"] = t("review.err.commodity", value=commodity[:40], max=MAX_COMMODITY)
    try:
        validate_hs_code(fields["hs_code"].strip())
    except InvalidInput:
        errors["hs_code"] = t("review.err.hs_code", value=fields["hs_code"][:40])
    boxes = [box.upper() for box in _SPLIT.split(fields["containers"].strip()) if box]
    most = Cargo(teu=teu).boxes
    for box in boxes:
        try:
            validate_container(box, field="containers")
        except InvalidInput:
            errors["containers"] = t("review.err.container", value=box[:40])
            break
    else:
        if len(boxes) > most or len(set(boxes)) < len(boxes):
            errors["containers"] = t("review.err.containers", count=len(boxes), boxes=most)
    return tuple(boxes), errors


def _review(
    v: Visitor,
    search: Search,
    key: str,
    fields: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    found = _chosen(v, search, key)
    cargo = Cargo(teu=_teu(search.teu))
    return render(
        v,
        "plan_review.html",
        "plan",
        status=status if found else 404,
        search=search.fields(),
        key=key,
        n=found[0] if found else None,
        option=dump(ItineraryPublic.model_validate(found[1], from_attributes=True))
        if found
        else None,
        fields=fields,
        errors=errors or {},
        error=error,
        boxes={"feu": cargo.feu, "teu20": cargo.twenty_foot},
        locations=v.platform.network.locations,
    )


def _teu(text: str) -> int:
    """The TEU asked for, at least 1 (the search checks the range)."""
    return max(1, int(text)) if text.isdigit() else 1


_EMPTY = {"reference": "", "commodity": "", "hs_code": "", "containers": ""}


@router.get("/plan/review")
@guarded
def review_page(v: VisitorDep, search: SearchDep, option: str = "") -> Response:
    v.needs(access.can_book)
    return _review(v, search, option, dict(_EMPTY))


@router.post("/plan/book")
@guarded
def book(
    v: VisitorDep,
    csrf: Annotated[str, Form()],
    origin: Annotated[str, Form(max_length=100)],
    destination: Annotated[str, Form(max_length=100)],
    option: Annotated[str, Form(max_length=2000)],
    date: Annotated[str, Form(max_length=40)] = "",
    teu: Annotated[str, Form(max_length=10)] = "1",
    cargo: Annotated[str, Form(max_length=20)] = "general",
    currency: Annotated[str, Form(max_length=3)] = "",
    reference: Annotated[str, Form(max_length=400)] = "",
    commodity: Annotated[str, Form(max_length=1000)] = "",
    hs_code: Annotated[str, Form(max_length=100)] = "",
    containers: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    principal = v.needs(access.can_book)
    v.check_csrf(csrf)
    search = Search(origin=origin, destination=destination, date=date, teu=teu, cargo=cargo,
                    currency=currency)  # fmt: skip
    fields = {"reference": reference, "commodity": commodity, "hs_code": hs_code,
              "containers": containers}  # fmt: skip
    count = _teu(teu)
    boxes, errors = _checked(v, fields, count)
    if errors:
        return _review(v, search, option, fields, errors=errors, status=422)
    found = _chosen(v, search, option)
    if found is None:
        return _review(v, search, option, fields)
    chosen = found[1]
    request = bookings.BookingRequest(
        legs=tuple(
            bookings.LegRequest(departure_id=leg.departure_id, origin=leg.from_,
                                destination=leg.to, service_id=leg.service_id)
            for leg in chosen.legs
        ),
        teu=count,
        cargo_type=cargo,
        shipper_reference=reference.strip() or None,
        currency=booking_currency(currency),
        commodity=commodity.strip(),
        hs_code=hs_code.strip(),
        containers=boxes,
    )  # fmt: skip
    try:
        booked, _ = bookings.create_booking(v.platform, principal, request)
    except CapacityExceeded:
        message = v.lang.t("review.err.full")
        return _review(v, search, option, fields, error=message, status=409)
    except LandseaError as exc:
        message = v.lang.t("flash.book_failed", value=exc.message)
        return _review(v, search, option, fields, error=message, status=422)
    return redirect(v, f"/shipments#b-{booked.id}", flash=f"ok:flash.booked|{booked.id[:8]}")
