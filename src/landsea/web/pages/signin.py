"""Signing in and out: passwords or API keys, throttled; sessions with CSRF tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from landsea.api.deps import SESSION_COOKIE
from landsea.domain.booking import Principal, Role
from landsea.errors import Busy, Throttled, Unauthorized
from landsea.services import accounts
from landsea.web.i18n import Language
from landsea.web.pages.visitor import (
    CSRF_COOKIE,
    VisitorDep,
    guarded,
    is_secure,
    redirect,
    render,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

# Signing in and out -------------------------------------------------------------------------


@router.get("/signin")
@guarded
def signin_page(v: VisitorDep, next: str = "/") -> Response:
    return render(v, "signin.html", "signin", next=_safe_next(next), error=None)


def _safe_next(target: str) -> str:
    """A path of this site, or ``/``: never ``//host`` nor ``/\\host`` (browsers read a
    backslash as a slash), nor a control character."""
    local = target.startswith("/") and target[1:2] not in ("/", "\\")
    return target if local and target.isprintable() else "/"


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
        secure=is_secure(v.request),
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
        Role.ADMIN: "/statistics",
        Role.BANK: "/documents",
    }[principal.role]


@router.post("/signout")
@guarded
def signout(v: VisitorDep, csrf: Annotated[str, Form()] = "") -> Response:
    v.check_csrf(csrf)
    accounts.end_session(v.platform, v.request.cookies.get(SESSION_COOKIE))
    response = redirect(v, "/", flash="info:flash.signed_out|")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
