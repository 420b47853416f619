"""What the two DCSA Track & Trace faces share: comma lists, time operators, the version
header, and a batch's rejections as the version's JSON paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from fastapi import Request, Response

from landsea.domain.codes import parse_instant
from landsea.errors import InvalidInput, RejectedEvents
from landsea.services.dcsa_events import Rejection, TntVersion

__all__ = ["codes", "instants", "page_headers", "rejected", "versioned"]


def versioned(response: Response, version: TntVersion) -> Response:
    """``API-Version``, the full version, as DCSA requires on every response."""
    response.headers["API-Version"] = version.value
    return response


def codes(name: str, value: str | None, allowed: Iterable[str] | None = None) -> list[str] | None:
    """A DCSA comma list (``ARRI,DEPA``: any of), each value checked against ``allowed``."""
    if value is None:
        return None
    values = [v.strip() for v in value.split(",") if v.strip()]
    known = None if allowed is None else frozenset(allowed)
    for v in values:
        if known is not None and v not in known:
            raise InvalidInput(f"{name} {v!r} is not one of {', '.join(sorted(known))}")
    return values or None


def instants(name: str, given: dict[str, str | None]) -> list[tuple[str, dt.datetime]]:
    """(operator, instant) of each time filter given, its offset honoured: ``{"gte": "…"}``."""
    return [
        (operator, parse_instant(text, field=f"{name}:{operator}" if operator != "eq" else name))
        for operator, text in given.items()
        if text is not None
    ]


def rejected(
    version: TntVersion, rejections: Sequence[Rejection], *, stored: int
) -> RejectedEvents:
    """The batch's rejections as an error: each a JSON path into the request as sent."""
    root = "$.events" if version is TntVersion.V3 else "$"
    violations = [
        (f"{root}[{r.index}]" + (f".{r.field}" if r.field else ""), r.value, r.reason)
        for r in rejections
    ]
    events = len({r.index for r in rejections})
    return RejectedEvents(
        f"{events} event(s) refused by DCSA TNT {version} or landsea's rules; {stored} stored",
        violations,
    )


def page_headers(
    version: TntVersion, request: Request, response: Response, following: str | None
) -> None:
    """Paging as each version writes it: 2.2 ``Current-Page``, ``First-Page`` and ``Next-Page``
    (links), 3.0 ``Next-Page-Cursor``; ``following`` is the next page's cursor, if any."""
    if version is TntVersion.V3:
        if following is not None:
            response.headers["Next-Page-Cursor"] = following
        return
    here = request.url.remove_query_params("cursor")
    response.headers["Current-Page"] = str(request.url)
    response.headers["First-Page"] = str(here)
    if following is not None:
        response.headers["Next-Page"] = str(here.include_query_params(cursor=following))
