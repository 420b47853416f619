"""Dependencies of the routes: the platform, the caller, pagination."""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool

from landsea.domain.access import Action, check, may_ever
from landsea.domain.booking import Principal
from landsea.domain.codes import parse_instant
from landsea.errors import Forbidden, InvalidInput
from landsea.services.accounts import authenticate, remembered, session
from landsea.services.platform import Platform

__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "Caller",
    "Cursor",
    "Limit",
    "PlatformDep",
    "decode_cursor",
    "decode_time_cursor",
    "encode_cursor",
    "paginate",
    "require",
]

T = TypeVar("T")


async def get_platform(request: Request) -> Platform:
    # async (no I/O): FastAPI runs a plain function dependency in its thread pool, a hand-over
    # that cost more than the function.
    platform: Platform = request.app.state.platform
    return platform


PlatformDep = Annotated[Platform, Depends(get_platform)]


SESSION_COOKIE = "landsea_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_caller(request: Request, platform: PlatformDep) -> Principal:
    """The caller: by ``Authorization: Bearer <API key>``, or — for the web platform's own
    pages — by its session cookie, with the session's CSRF token in ``X-CSRF-Token`` on every
    request that changes something.

    A key checked lately is known without the database, here on the event loop; anything
    else is looked up in the thread pool."""
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        known = remembered(platform, key.strip())
        if known is not None:
            return known
    return await run_in_threadpool(_caller, request, platform)


def _caller(request: Request, platform: Platform) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if not header and SESSION_COOKIE in request.cookies:
        found = session(platform, request.cookies[SESSION_COOKIE])
        if found is not None:
            if request.method not in SAFE_METHODS and not hmac.compare_digest(
                request.headers.get(CSRF_HEADER, ""), found.csrf_token
            ):
                raise Forbidden("the X-CSRF-Token header is missing or not this session's")
            return found.principal
    return authenticate(platform, key.strip() if scheme.lower() == "bearer" else None)


Caller = Annotated[Principal, Depends(get_caller)]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1–500).")]
Cursor = Annotated[
    str | None, Query(max_length=500, description="The next page's cursor from the last page.")
]


def require(principal: Principal, action: Action) -> None:
    """Refuse (403) a caller whose role may never take ``action``; the rules, and the finer
    checks of whose thing it is, are :mod:`landsea.domain.access`'s (mostly in the services)."""
    check(may_ever(principal, action), principal, action)


def decode_time_cursor(cursor: str | None) -> tuple[dt.datetime, str] | None:
    """A cursor of a list ordered by (time, id)."""
    raw = decode_cursor(cursor)
    if raw is None:
        return None
    try:
        return parse_instant(raw[0], field="cursor", naive_utc=True), str(raw[1])
    except (TypeError, ValueError, IndexError, KeyError):
        raise InvalidInput(f"cursor {cursor!r} is not a cursor this API gave out") from None


def paginate(
    found: Sequence[T], limit: int, public: Callable[[T], Any], cursor: Callable[[T], Any]
) -> dict[str, Any]:
    """A page of at most ``limit`` items from ``found`` (fetched with one more than ``limit``,
    so that a further item says another page exists), with the cursor of the last one."""
    page = list(found[:limit])
    return {
        "data": [public(item) for item in page],
        "count": len(page),
        "next_cursor": encode_cursor(cursor(page[-1])) if len(found) > limit else None,
    }


def encode_cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> Any:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(f"cursor {cursor!r} is not a cursor this API gave out") from None
